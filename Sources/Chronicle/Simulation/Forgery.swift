/// Tokens an attacker or a broken client presents instead of a real one.
/// Each is a real string that the access checker decodes and HS256-checks
/// like any other; none of them passes the check.
enum Forgery {
    enum Kind: Sendable, CaseIterable {
        /// A real token whose payload was edited (a week added to `exp`),
        /// its original signature kept.
        case tampered
        /// Claims copied from a real token with a wider role and a fresh
        /// `jti`, signed with a guessed key under the real `kid`.
        case resigned
        /// The real claims under `{"alg":"none"}` with an empty signature.
        case algorithmNone
        /// A token minted for another audience and type by someone holding
        /// no key of the tenant.
        case foreignAudience
        /// Not a JWT at all (a client that sends `undefined`).
        case garbage
    }

    /// The string presented for `kind`, made from `base`.
    static func token(_ kind: Kind, from base: HeldToken, random: inout SeededGenerator) -> String {
        let parts = base.jwt.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var claims = base.decoded.claims
        switch kind {
        case .tampered:
            let exp = claims["exp"]?.integerValue ?? 0
            claims["exp"] = .integer(exp + 7 * 86_400)
            return parts[0] + "." + Base64URL.encode(JSONWriter.serialize(.object(claims))) + "." + parts[2]
        case .resigned:
            claims["jti"] = .string(random.uuid())
            if claims["roles"] != nil { claims["roles"] = ["Manager"] }
            claims["scp"] = "Report.ReadWrite Workspace.Report.Copy"
            return JWT.sign(header: base.decoded.header, claims: .object(claims), key: guessedKey(&random))
        case .algorithmNone:
            let header: JSONObject = ["alg": "none", "typ": "JWT", "kid": .string(base.kid)]
            return Base64URL.encode(JSONWriter.serialize(.object(header))) + "."
                + Base64URL.encode(JSONWriter.serialize(.object(claims))) + "."
        case .foreignAudience:
            claims["aud"] = "https://graph.microsoft.com"
            claims["type"] = "report"
            claims["jti"] = .string(random.uuid())
            return JWT.sign(kid: "sec-unknown@1", claims: .object(claims), key: guessedKey(&random))
        case .garbage:
            return "undefined"
        }
    }

    /// A key the tenant never had.
    private static func guessedKey(_ random: inout SeededGenerator) -> [UInt8] {
        Array("guess-".utf8) + Array(Base64URL.encode(random.bytes(12)).utf8)
    }
}
