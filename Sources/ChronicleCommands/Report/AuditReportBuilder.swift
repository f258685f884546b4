import Chronicle

/// Gathers an ``AuditReport`` from the events of a log, in order: every
/// event before the day builds state, the day's events are replayed and
/// their changes collected. Feed events until the first one at or after
/// the day's end, then call ``finish(verification:)``.
struct AuditReportBuilder {
    let day: Timestamp
    let dayEnd: Timestamp
    private var replayer: Replayer
    private var changes: [AuditReport.Change] = []
    /// Each secret's current expiry, to notice expiries that fall in the day.
    private var expiries: [String: Timestamp] = [:]
    private var source: String?

    init(day: Timestamp) {
        self.day = day
        dayEnd = day.adding(milliseconds: Timestamp.millisecondsPerDay)
        replayer = Replayer(from: day, to: dayEnd)
    }

    /// Whether the builder needs the event in full (everything but the
    /// decisions and rejections before the day, which change no state).
    func needs(_ type: String, at time: Timestamp) -> Bool {
        time >= day || (type != EventType.accessDecided.rawValue && type != EventType.tokenRejected.rawValue)
    }

    mutating func consume(_ event: Event) {
        if source == nil, !event.source.isEmpty { source = event.source }
        if event.time >= day, event.time < dayEnd { collectChange(event) }
        trackExpiry(event)
        replayer.consume(event)
    }

    func finish(verification: ChainVerification) -> AuditReport {
        let state = replayer.currentState
        let lastMillisecond = dayEnd.adding(milliseconds: -1)
        var changes = self.changes
        for (secretId, expiry) in expiries where expiry >= day && expiry < dayEnd {
            changes.append(Self.expiry(of: secretId, at: expiry))
        }
        changes.sort { $0.time < $1.time }
        var tokens: [AuditReport.TokenSpan] = []
        for record in state.tokens.values where record.issuedAt < dayEnd && record.expiresAt > day {
            tokens.append(AuditReport.TokenSpan(
                tokenId: record.tokenId, principalId: record.principalId, kid: record.kid, issuedAt: record.issuedAt,
                expiresAt: record.expiresAt, cappedByEntra: record.cappedByEntra,
                revokedAt: record.isRevoked ? record.revokedAt : nil, renews: record.renews))
        }
        tokens.sort { ($0.issuedAt, $0.tokenId) < ($1.issuedAt, $1.tokenId) }
        return AuditReport(
            source: source ?? verification.source, day: day, replay: replayer.finish(),
            secrets: SecretsProjection(state: state, asOf: lastMillisecond, seq: state.lastSeq),
            tokens: tokens, changes: changes, verifiedEvents: verification.events, segments: verification.segments,
            head: verification.head)
    }

    private static func expiry(of secretId: String, at time: Timestamp) -> AuditReport.Change {
        AuditReport.Change(time: time, kind: "secret.expired", subject: secretId,
                           summary: "\(secretId) expires", isMarked: true)
    }

    /// Records expiries that the day reaches before a rotation replaces them.
    private mutating func trackExpiry(_ event: Event) {
        switch event.type {
        case EventType.secretCreated.rawValue, EventType.secretRotated.rawValue:
            guard let secretId = event.data["secretId"]?.stringValue else { return }
            if event.type == EventType.secretRotated.rawValue, let previous = expiries[secretId],
               previous >= day, previous < dayEnd, previous <= event.time
            {
                changes.append(Self.expiry(of: secretId, at: previous))
            }
            expiries[secretId] = event.data["expiresAt"]?.stringValue.flatMap { Timestamp(rfc3339: $0) }
        default:
            break
        }
    }

    private mutating func collectChange(_ event: Event) {
        let data = event.data
        func text(_ key: String) -> String { data[key]?.stringValue ?? "?" }
        let summary: String
        var marked = false
        switch EventType(rawValue: event.type) {
        case .secretCreated?:
            summary = "\(text("secretId")) created (\(text("kind")), owner \(text("owner")))"
        case .secretRotated?:
            let grace = data["previousValidUntil"]?.stringValue.flatMap { Timestamp(rfc3339: $0) }
            summary = "\(text("secretId")) rotated to version \(data["version"]?.integerValue.map(String.init) ?? "?"), "
                + (grace.map { "previous version valid until \(Self.clock($0))" } ?? "previous version superseded at once")
            marked = true
        case .secretRevoked?:
            summary = "\(text("secretId")) revoked: \(text("reason"))"
            marked = true
        case .principalRegistered?:
            summary = "\(text("principalId")) registered (\(text("kind")))"
        case .workspaceMemberAdded?:
            summary = "\(text("principalId")) joins \(text("workspaceId"))"
        case .workspaceMemberRemoved?:
            summary = "\(text("principalId")) leaves \(text("workspaceId"))"
            marked = true
        case .datasetConfigured?:
            summary = "\(text("datasetId")) configured (\(text("rlsType")))"
        case .reportRegistered?:
            summary = "\(text("reportId")) registered on \(text("datasetId"))"
        case .groupMemberAdded?:
            summary = "\(text("userId")) joins \(text("groupId"))"
        case .groupMemberRemoved?:
            summary = "\(text("userId")) leaves \(text("groupId"))"
            marked = true
        case .rlsAssigned?:
            summary = "\(text("member")) gets \(text("role")) on \(text("datasetId"))"
        case .rlsUnassigned?:
            summary = "\(text("member")) loses \(text("role")) on \(text("datasetId"))"
            marked = true
        default:
            return
        }
        changes.append(AuditReport.Change(time: event.time, kind: event.type, subject: event.subject,
                                          summary: summary, isMarked: marked))
    }

    /// `HH:MM` (UTC) of a time, with the date when it is not the report's day.
    static func clock(_ time: Timestamp) -> String {
        let text = time.rfc3339
        return String(text.dropFirst(11).prefix(5)) + "Z"
    }
}
