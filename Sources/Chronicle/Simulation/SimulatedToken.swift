/// An embed token the simulated service issued, as its holder keeps it:
/// the real HS256 JWT (in memory only, never written anywhere) and what the
/// access checker derives from it when it is presented.
struct SimulatedToken: Sendable {
    /// The compact JWT. A bearer credential: it never reaches the log.
    let jwt: String
    /// The token as decoded from ``jwt`` (claims, signing input, signature).
    let decoded: DecodedJWT
    let tokenId: String
    let kid: String
    /// Hex SHA-256 of ``jwt`` (SPEC §3 `tokenHash`).
    let tokenHash: String
    let expiresAt: Timestamp
    let level: AccessLevel
    let allowSaveAs: Bool
    let workspaceId: String
    let reports: [String]
    let datasets: [String]

    /// Signs `token` with `key` and splits the result the way the access
    /// checker will (the signing input and signature are the JWT's own bytes;
    /// the header and claims are what was signed, so no JSON is re-parsed).
    init?(_ token: IssuedToken, key: [UInt8], level: AccessLevel, allowSaveAs: Bool,
          workspaceId: String, reports: [String], datasets: [String]) {
        guard case .object(let header) = token.header, case .object(let claims) = token.claims else { return nil }
        let jwt = JWT.sign(header: header, claims: token.claims, key: key)
        let bytes = Array(jwt.utf8)
        guard let dot = bytes.lastIndex(of: UInt8(ascii: ".")),
              let signature = Base64URL.decode(String(decoding: bytes[(dot + 1)...], as: UTF8.self))
        else { return nil }
        let decoded = DecodedJWT(header: header, claims: claims, signingInput: Array(bytes[..<dot]), signature: signature)
        self.jwt = jwt
        self.decoded = decoded
        tokenId = token.tokenId
        kid = token.kid
        tokenHash = JWT.tokenHash(jwt)
        expiresAt = token.expiresAt
        self.level = level
        self.allowSaveAs = allowSaveAs
        self.workspaceId = workspaceId
        self.reports = reports
        self.datasets = datasets
    }
}
