/// An embed token the simulated service issued, as the app holding it
/// keeps it: the real HS256 JWT (in memory only, never written anywhere)
/// and what the access checker derives from it when it is presented.
/// (The live service's handle is ``SignedToken``.)
///
/// A class, immutable: sessions and story tags share one instance, and
/// handing it around costs a single reference count.
final class HeldToken: Sendable {
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
    /// The `kid` parsed, to find the key the HS256 check needs.
    let keyID: SigningKeyID?
    /// The SPEC §5.1 `token` object the access checker records when this
    /// token is presented, for each outcome of the signature check, and its
    /// JSON text (decisions are most of a log: the claims are serialised once).
    let envelopes: (valid: JSONValue, invalid: JSONValue)
    let envelopeTexts: (valid: [UInt8], invalid: [UInt8])

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
        let hash = JWT.tokenHash(jwt)
        self.jwt = jwt
        self.decoded = decoded
        tokenId = token.tokenId
        kid = token.kid
        tokenHash = hash
        expiresAt = token.expiresAt
        self.level = level
        self.allowSaveAs = allowSaveAs
        self.workspaceId = workspaceId
        self.reports = reports
        self.datasets = datasets
        keyID = SigningKeyID(token.kid)
        func envelope(_ valid: Bool) -> JSONValue {
            .object(JSONObject(uniqueMembers: [
                (key: "tokenId", value: .string(token.tokenId)), (key: "tokenHash", value: .string(hash)),
                (key: "kid", value: .string(token.kid)), (key: "signatureValid", value: .bool(valid)),
                (key: "claims", value: .object(claims)),
            ]))
        }
        let valid = envelope(true), invalid = envelope(false)
        envelopes = (valid, invalid)
        envelopeTexts = (JSONWriter.serialize(valid), JSONWriter.serialize(invalid))
    }
}
