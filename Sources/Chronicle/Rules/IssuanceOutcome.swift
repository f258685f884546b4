/// The result of evaluating a GenerateToken request (SPEC §4.2).
public enum IssuanceOutcome: Sendable, Equatable {
    /// Every rule passed: the token to sign and record as `token.issued`.
    case accepted(IssuedToken)
    /// Every reason that applies, in rule order; record as `token.rejected`.
    case rejected(reasons: [String])

    /// The shape replay compares (SPEC §10):
    /// `{"accepted", "reasons", "scopes", "expiresAt"}`, with `scopes` and
    /// `expiresAt` null when rejected.
    public var json: JSONValue { verdict.json }

    /// What replay compares of this outcome.
    var verdict: IssuanceVerdict {
        switch self {
        case .accepted(let token): return .accepted(scopes: token.scopes, expiresAt: token.expiresAt)
        case .rejected(let reasons): return .rejected(reasons: reasons)
        }
    }
}

/// What replay compares of an issuance (SPEC §10): the scopes and expiry of
/// an accepted token, or the reasons of a rejection.
enum IssuanceVerdict: Sendable, Equatable {
    case accepted(scopes: [String], expiresAt: Timestamp)
    case rejected(reasons: [String])

    /// `{"accepted", "reasons", "scopes", "expiresAt"}`, with `scopes` and
    /// `expiresAt` null when rejected.
    var json: JSONValue {
        switch self {
        case .accepted(let scopes, let expiresAt):
            return ["accepted": true, "reasons": [], "scopes": .strings(scopes), "expiresAt": .string(expiresAt.rfc3339)]
        case .rejected(let reasons):
            return ["accepted": false, "reasons": .strings(reasons), "scopes": nil, "expiresAt": nil]
        }
    }
}

/// An embed token the rules accepted, ready to be signed (SPEC §4.2).
public struct IssuedToken: Sendable, Equatable {
    /// The `jti`.
    public var tokenId: String
    /// `<signingSecretId>@<current version>`.
    public var kid: String
    /// The secret that signs the token, at its current version.
    public var signingSecretId: String
    public var signingVersion: Int64
    /// Sorted.
    public var scopes: [String]
    public var issuedAt: Timestamp
    /// min(t + `lifetimeMinutes`, `entraTokenExpiresAt`).
    public var expiresAt: Timestamp
    /// `entraTokenExpiresAt` < t + `lifetimeMinutes`.
    public var cappedByEntra: Bool
    public var renews: String?
    /// The JWT header `{"alg":"HS256","typ":"JWT","kid":…}`.
    public var header: JSONValue
    /// The JWT payload, members in the §4.2 order.
    public var claims: JSONValue
}
