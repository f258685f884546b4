/// A registered principal (SPEC §3 `principal.registered`).
public struct PrincipalRecord: Sendable, Equatable {
    public let principalId: String
    public let kind: PrincipalKind
    /// The secret it authenticates with.
    public let credentialSecretId: String
}
