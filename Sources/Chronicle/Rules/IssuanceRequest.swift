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
    init?(_ json: JSONValue) {
        guard case .object(let object) = json,
              case .string(let principalId)? = object["principalId"],
              case .string(let entra)? = object["entraTokenExpiresAt"],
              let entraTokenExpiresAt = Timestamp(rfc3339: entra),
              case .string(let signingSecretId)? = object["signingSecretId"],
              case .string(let workspaceId)? = object["workspaceId"],
              case .string(let level)? = object["accessLevel"], let accessLevel = AccessLevel(rawValue: level),
              let reports = Self.optionalStrings(object["reports"]),
              let datasets = Self.optionalStrings(object["datasets"]),
              let targetWorkspaces = Self.optionalStrings(object["targetWorkspaces"]),
              let identities = Self.optionalIdentities(object["identities"])
        else { return nil }

        switch object["allowSaveAs"] {
        case nil: allowSaveAs = false
        case .bool(let flag)?: allowSaveAs = flag
        default: return nil
        }
        switch object["lifetimeMinutes"] {
        case nil, .null?: lifetimeMinutes = Self.defaultLifetimeMinutes
        case .integer(let minutes)? where minutes > 0: lifetimeMinutes = minutes
        default: return nil
        }
        switch object["renews"] {
        case nil, .null?: renews = nil
        case .string(let tokenId)?: renews = tokenId
        default: return nil
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
    static func isCappedByEntra(_ request: JSONValue, issuedAt time: Timestamp) -> Bool {
        guard case .string(let text)? = request["entraTokenExpiresAt"],
              let entraTokenExpiresAt = Timestamp(rfc3339: text)
        else { return false }
        let lifetimeMinutes: Int64
        switch request["lifetimeMinutes"] {
        case nil, .null?: lifetimeMinutes = defaultLifetimeMinutes
        case .integer(let minutes)? where minutes > 0: lifetimeMinutes = minutes
        default: return false
        }
        return entraTokenExpiresAt < requestedExpiry(issuedAt: time, lifetimeMinutes: lifetimeMinutes)
    }

    private static func optionalStrings(_ value: JSONValue?) -> [String]? {
        switch value {
        case nil, .null?: return []
        case let value?: return value.stringArrayValue
        }
    }

    private static func optionalIdentities(_ value: JSONValue?) -> [EffectiveIdentity]? {
        switch value {
        case nil, .null?: return []
        case .array(let elements)?:
            var identities: [EffectiveIdentity] = []
            identities.reserveCapacity(elements.count)
            for element in elements {
                guard case .object(let object) = element, object.count == 3,
                      case .string(let username)? = object["username"],
                      let roles = object["roles"]?.stringArrayValue,
                      let datasets = object["datasets"]?.stringArrayValue
                else { return nil }
                identities.append(EffectiveIdentity(username: username, roles: roles, datasets: datasets))
            }
            return identities
        default: return nil
        }
    }
}
