/// Compact JSON Web Tokens signed with HS256 (RFC 7519 over RFC 7515), the
/// only algorithm Chronicle issues or accepts.
///
/// Issuing builds the header `{"alg":"HS256","typ":"JWT","kid":"<kid>"}`
/// (SPEC §4.2), serialises header and claims as compact JSON and signs
/// `base64url(header) + "." + base64url(claims)` with HMAC-SHA256:
///
/// ```swift
/// let token = JWT.sign(kid: "sec-embed-main@2", claims: claims, key: signingKey)
/// let decoded = try JWT.decode(token)
/// let valid = decoded.verifySignature(key: signingKey)
/// ```
///
/// Decoding is separate from verification so that an auditor can see the
/// claims of a token whose signature fails (SPEC §5.1 records both).
public enum JWT {
    /// The only `alg` Chronicle signs with or accepts.
    public static let algorithm = "HS256"

    /// The longest token ``decode(_:)`` looks at, in bytes.
    public static let maximumTokenLength = 64 * 1024

    /// The deepest nesting of arrays and objects accepted in a header or
    /// claims set (the object itself is level 1).
    public static let maximumDepth = 16

    /// The header Chronicle issues for a key id.
    public static func header(kid: String) -> JSONObject {
        ["alg": .string(algorithm), "typ": "JWT", "kid": .string(kid)]
    }

    /// Signs `claims` with the HS256 header naming `kid`.
    ///
    /// - Parameters:
    ///   - kid: The key id, `<secretId>@<version>` in Chronicle.
    ///   - claims: The claims set; must be a JSON object.
    ///   - key: The HMAC key (the signing secret's UTF-8 bytes).
    /// - Returns: `header.payload.signature`, each part unpadded base64url.
    public static func sign(kid: String, claims: JSONValue, key: [UInt8]) -> String {
        sign(header: header(kid: kid), claims: claims, key: key)
    }

    /// Signs `claims` under an explicit `header`, serialised as given (member
    /// order kept). The header's `alg` must be `HS256`: the signature is
    /// always HMAC-SHA256, and a token claiming anything else would never verify.
    public static func sign(header: JSONObject, claims: JSONValue, key: [UInt8]) -> String {
        precondition(header["alg"] == .string(algorithm), "JWT.sign only signs HS256 headers")
        precondition(claims.objectValue != nil, "JWT claims must be a JSON object")
        let signingInput = Base64URL.encode(JSONWriter.serialize(.object(header))) + "."
            + Base64URL.encode(JSONWriter.serialize(claims))
        let signature = HMACSHA256.authenticationCode(for: Array(signingInput.utf8), key: key)
        return signingInput + "." + Base64URL.encode(signature.bytes)
    }

    /// Splits and decodes a compact JWT without checking its signature.
    ///
    /// The header and payload must each be strict base64url of a JSON object
    /// no deeper than ``maximumDepth``; the signature must be base64url (it
    /// may be empty, as in an `alg: none` token, which then never verifies).
    /// - Throws: ``JWTError``; its description never contains the token.
    public static func decode(_ token: String) throws(JWTError) -> DecodedJWT {
        let utf8 = token.utf8
        guard utf8.count <= maximumTokenLength else {
            throw .tooLong(length: utf8.count, limit: maximumTokenLength)
        }
        let parts = utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .wrongPartCount(parts.count) }

        let header = try object(in: Array(parts[0]), part: .header)
        let claims = try object(in: Array(parts[1]), part: .payload)
        let signatureText = Array(parts[2])
        guard let signature = signatureText.withUnsafeBytes({ Base64URL.decode($0) }) else {
            throw .invalidBase64URL(.signature)
        }
        let signingInput = Array(parts[0]) + [UInt8(ascii: ".")] + Array(parts[1])
        return DecodedJWT(header: header, claims: claims, signingInput: signingInput, signature: signature)
    }

    /// The hex SHA-256 of a token string, as recorded in `tokenHash` (SPEC §3).
    public static func tokenHash(_ token: String) -> String {
        SHA256.hash(token).hex
    }

    /// Decodes one base64url part into a JSON object.
    private static func object(in text: [UInt8], part: JWTError.Part) throws(JWTError) -> JSONObject {
        guard let json = text.withUnsafeBytes({ Base64URL.decode($0) }) else { throw .invalidBase64URL(part) }
        let value: JSONValue
        do {
            value = try JSONParser.parse(json)
        } catch {
            throw .invalidJSON(part, offset: error.offset)
        }
        guard case .object(let object) = value else { throw .notAnObject(part) }
        guard depth(of: value) <= maximumDepth else { throw .tooDeep(part, limit: maximumDepth) }
        return object
    }

    /// Nesting depth: 0 for a scalar, 1 for a flat array or object.
    private static func depth(of value: JSONValue) -> Int {
        switch value {
        case .array(let elements): return 1 + (elements.lazy.map(depth(of:)).max() ?? 0)
        case .object(let object): return 1 + (object.members.lazy.map { depth(of: $0.value) }.max() ?? 0)
        default: return 0
        }
    }
}
