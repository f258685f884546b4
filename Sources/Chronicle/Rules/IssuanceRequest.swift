/// The level of access a GenerateToken request asks for (SPEC §4.1).
public enum AccessLevel: String, Sendable, CaseIterable {
    case view = "View"
    case edit = "Edit"
    case create = "Create"
}

/// An effective identity in a GenerateToken request (SPEC §4.1).
struct EffectiveIdentity: Sendable, Equatable {
    var username: String
    var roles: [String]
    var datasets: [String]

    /// Whether the identity counts at all: one with an empty `username`
    /// counts as no identity (for the claims and for rule 9).
    var isPresent: Bool { !username.isEmpty }
}

/// A GenerateToken request that lies inside the SPEC §4.1 domains.
///
/// Required: `principalId`, `entraTokenExpiresAt` (an RFC 3339 time),
/// `signingSecretId`, `workspaceId` (strings) and `accessLevel`. Optional:
/// `lifetimeMinutes` (absent or null: 60; otherwise a positive JSON integer
/// literal), `reports` / `datasets` / `targetWorkspaces` (absent or null:
/// empty; otherwise arrays of strings), `identities` (absent or null: empty;
/// otherwise an array of objects with exactly `username` (string), `roles`
/// and `datasets` (arrays of strings)), `allowSaveAs` (absent: false;
/// otherwise a boolean, so `null` is out of domain) and `renews` (a string
/// or null). Members the SPEC does not list are ignored.
struct IssuanceRequest: Sendable, Equatable {
    var principalId: String
    var entraTokenExpiresAt: Timestamp
    var signingSecretId: String
    var workspaceId: String
    var reports: [String]
    var datasets: [String]
    var targetWorkspaces: [String]
    var identities: [EffectiveIdentity]
    var accessLevel: AccessLevel
    var allowSaveAs: Bool
    var lifetimeMinutes: Int64
    var renews: String?

    static let defaultLifetimeMinutes: Int64 = 60

    /// Parses `json`; nil when anything is out of domain (`request.invalid`).
    init?<Source: JSONReading>(_ json: Source) {
        guard let principalId = json["principalId"]?.stringValue,
              let entra = json["entraTokenExpiresAt"]?.stringValue,
              let entraTokenExpiresAt = Timestamp(rfc3339: entra),
              let signingSecretId = json["signingSecretId"]?.stringValue,
              let workspaceId = json["workspaceId"]?.stringValue,
              let level = json["accessLevel"]?.stringValue, let accessLevel = AccessLevel(rawValue: level),
              let reports = Self.optionalStrings(json["reports"]),
              let datasets = Self.optionalStrings(json["datasets"]),
              let targetWorkspaces = Self.optionalStrings(json["targetWorkspaces"]),
              let identities = Self.optionalIdentities(json["identities"]),
              let lifetimeMinutes = Self.lifetimeMinutes(json["lifetimeMinutes"])
        else { return nil }

        switch json["allowSaveAs"] {
        case nil: allowSaveAs = false
        case let value?:
            guard let flag = value.boolValue else { return nil }
            allowSaveAs = flag
        }
        switch json["renews"] {
        case let value? where !value.isNull:
            guard let tokenId = value.stringValue else { return nil }
            renews = tokenId
        default: renews = nil
        }
        self.principalId = principalId
        self.entraTokenExpiresAt = entraTokenExpiresAt
        self.signingSecretId = signingSecretId
        self.workspaceId = workspaceId
        self.reports = reports
        self.datasets = datasets
        self.targetWorkspaces = targetWorkspaces
        self.identities = identities
        self.accessLevel = accessLevel
        self.lifetimeMinutes = lifetimeMinutes
    }

    /// The token's `expiresAt`, min(t + `lifetimeMinutes`, `entraTokenExpiresAt`),
    /// and whether the Entra token cut it short (SPEC §4.2).
    func expiry(issuedAt time: Timestamp) -> (expiresAt: Timestamp, cappedByEntra: Bool) {
        let requested = requestedExpiry(issuedAt: time)
        let capped = entraTokenExpiresAt < requested
        return (capped ? entraTokenExpiresAt : requested, capped)
    }

    /// `t + lifetimeMinutes`, saturating instead of overflowing.
    func requestedExpiry(issuedAt time: Timestamp) -> Timestamp {
        Self.requestedExpiry(issuedAt: time, lifetimeMinutes: lifetimeMinutes)
    }

    static func requestedExpiry(issuedAt time: Timestamp, lifetimeMinutes: Int64) -> Timestamp {
        let (delta, overflow) = lifetimeMinutes.multipliedReportingOverflow(by: 60_000)
        let (sum, overflow2) = time.milliseconds.addingReportingOverflow(delta)
        return Timestamp(milliseconds: overflow || overflow2 ? Int64.max : sum)
    }

    /// The first identity, if it counts (non-empty `username`): only it reaches the claims.
    var claimedIdentity: EffectiveIdentity? {
        guard let first = identities.first, first.isPresent else { return nil }
        return first
    }

    /// Whether the Entra token cut a recorded issuance short:
    /// `entraTokenExpiresAt` < `issuedAt` + `lifetimeMinutes` (SPEC §4.2).
    ///
    /// Reads only those two members (the fold calls this for every
    /// `token.issued`); false when either is out of domain.
    static func isCappedByEntra<Source: JSONReading>(_ request: Source, issuedAt time: Timestamp) -> Bool {
        guard let text = request["entraTokenExpiresAt"]?.stringValue,
              let entraTokenExpiresAt = Timestamp(rfc3339: text),
              let lifetimeMinutes = lifetimeMinutes(request["lifetimeMinutes"])
        else { return false }
        return entraTokenExpiresAt < requestedExpiry(issuedAt: time, lifetimeMinutes: lifetimeMinutes)
    }

    /// `lifetimeMinutes`: absent or null is the default; otherwise a
    /// positive integer literal; nil when out of domain.
    private static func lifetimeMinutes<Source: JSONReading>(_ value: Source?) -> Int64? {
        guard let value, !value.isNull else { return defaultLifetimeMinutes }
        guard let minutes = value.integerValue, minutes > 0 else { return nil }
        return minutes
    }

    private static func optionalStrings<Source: JSONReading>(_ value: Source?) -> [String]? {
        guard let value, !value.isNull else { return [] }
        return value.stringArrayValue
    }

    private static func optionalIdentities<Source: JSONReading>(_ value: Source?) -> [EffectiveIdentity]? {
        guard let value, !value.isNull else { return [] }
        guard let elements = value.arrayElements else { return nil }
        var identities: [EffectiveIdentity] = []
        for element in elements {
            guard element.memberCount == 3,
                  let username = element["username"]?.stringValue,
                  let roles = element["roles"]?.stringArrayValue,
                  let datasets = element["datasets"]?.stringArrayValue
            else { return nil }
            identities.append(EffectiveIdentity(username: username, roles: roles, datasets: datasets))
        }
        return identities
    }
}
