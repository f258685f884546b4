/// An embed token that ``TokenIssuer`` handed out after its `token.issued`
/// event became durable.
///
/// The JWT is a bearer credential: ``description`` and the reflection mirror
/// show everything but ``jwt``, so a token printed or dumped by mistake
/// does not leak.
public struct SignedToken: Sendable, Equatable {
    /// The `jti`, and the `tokenId` of the `token.issued` event.
    public var tokenId: String
    /// The compact JWT, signed HS256 with the signing secret's current version.
    public var jwt: String
    /// `<secretId>@<version>` of the key that signed it.
    public var kid: String
    /// The scopes, sorted.
    public var scopes: [String]
    /// min(t + `lifetimeMinutes`, `entraTokenExpiresAt`).
    public var expiresAt: Timestamp
    /// Whether the Entra token cut the lifetime short.
    public var cappedByEntra: Bool

    public init(
        tokenId: String, jwt: String, kid: String, scopes: [String], expiresAt: Timestamp, cappedByEntra: Bool
    ) {
        self.tokenId = tokenId
        self.jwt = jwt
        self.kid = kid
        self.scopes = scopes
        self.expiresAt = expiresAt
        self.cappedByEntra = cappedByEntra
    }
}

extension SignedToken: CustomStringConvertible, CustomReflectable {
    /// Everything but the JWT.
    public var description: String {
        "SignedToken(tokenId: \(tokenId), kid: \(kid), scopes: \(scopes), expiresAt: \(expiresAt.rfc3339), "
            + "cappedByEntra: \(cappedByEntra), jwt: <hidden>)"
    }

    /// Everything but the JWT.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "tokenId": tokenId, "kid": kid, "scopes": scopes, "expiresAt": expiresAt.rfc3339,
            "cappedByEntra": cappedByEntra,
        ], displayStyle: .struct)
    }
}
