import Chronicle

/// What the HTML audit report of one UTC day shows (``AuditReportPage``):
/// replay's figures for the day, the day's token lifetimes, the changes
/// that moved outcomes, and the secrets as they stood at the end of it.
/// Everything comes from the log; nothing depends on the clock.
struct AuditReport: Sendable {
    /// One token's life as far as it overlaps the day.
    struct TokenSpan: Sendable, Equatable {
        var tokenId: String
        var principalId: String
        var kid: String
        var issuedAt: Timestamp
        var expiresAt: Timestamp
        var cappedByEntra: Bool
        /// When it was revoked, if that happened by the end of the day.
        var revokedAt: Timestamp?
        var renews: String?
    }

    /// An administrative change of the day, or a secret reaching its expiry.
    struct Change: Sendable, Equatable {
        var time: Timestamp
        /// The event type, or `secret.expired` for an expiry (no event marks it).
        var kind: String
        var subject: String
        /// One line for people, e.g. `erin@contoso.com loses Region-West on ds-sales`.
        var summary: String
        /// Whether it can change outcomes from then on (marked on the timeline).
        var isMarked: Bool
    }

    /// The log's `source` (`/orgs/<org>`), nil for an empty log.
    var source: String?
    /// 00:00Z of the day.
    var day: Timestamp
    /// `chronicle replay --day` for the day: the report's figures.
    var replay: ReplayReport
    /// The secrets at the last millisecond of the day.
    var secrets: SecretsProjection
    /// Tokens whose life overlaps the day, sorted by issue time.
    var tokens: [TokenSpan]
    /// The day's changes, in log order.
    var changes: [Change]
    /// The whole log's verification (it always passed: the report is only made of a sound log).
    var verifiedEvents: Int
    var segments: Int
    var head: ChainHead?

    /// The end of the day (exclusive).
    var dayEnd: Timestamp { day.adding(milliseconds: Timestamp.millisecondsPerDay) }
}
