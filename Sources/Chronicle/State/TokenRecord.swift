/// An embed token the log says was issued (SPEC §3 `token.issued`), with
/// what the rules and projections need to know about it later.
public struct TokenRecord: Sendable, Equatable {
    public let tokenId: String
    /// The request's `principalId` (the claims' `iss` if the request lacks it).
    public let principalId: String
    /// The principal's kind when the token was issued; nil if it was not registered then.
    public let principalKind: PrincipalKind?
    public let kid: String
    /// The `time` of the `token.issued` event.
    public let issuedAt: Timestamp
    public let expiresAt: Timestamp
    /// Whether the Entra token's expiry cut the requested lifetime short (SPEC §4.2).
    public let cappedByEntra: Bool
    /// The token this one renews (informational).
    public let renews: String?
    public internal(set) var isRevoked: Bool = false
    /// The time of the first `token.revoked`.
    public internal(set) var revokedAt: Timestamp?
}
