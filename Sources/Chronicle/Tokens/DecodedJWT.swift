/// A JWT split into its parts by ``JWT/decode(_:)``; its signature is not
/// yet checked.
public struct DecodedJWT: Sendable, Equatable {
    /// The JOSE header.
    public var header: JSONObject
    /// The claims set (the payload).
    public var claims: JSONObject
    /// The ASCII bytes `base64url(header) + "." + base64url(payload)` exactly
    /// as they appeared in the token: the bytes the signature covers.
    public var signingInput: [UInt8]
    /// The decoded signature bytes (32 for a well-formed HS256 token).
    public var signature: [UInt8]

    public init(header: JSONObject, claims: JSONObject, signingInput: [UInt8], signature: [UInt8]) {
        self.header = header
        self.claims = claims
        self.signingInput = signingInput
        self.signature = signature
    }

    /// The header's `alg`, if it is a string.
    public var algorithm: String? { header["alg"]?.stringValue }

    /// The header's `kid`, if it is a string (`<secretId>@<version>` in Chronicle).
    public var keyID: String? { header["kid"]?.stringValue }

    /// The claims as a JSON value, as recorded in `access.decided` (SPEC §5.1).
    public var claimsValue: JSONValue { .object(claims) }

    /// Whether the signature is the HS256 MAC of ``signingInput`` under `key`.
    ///
    /// Only `alg` exactly `"HS256"` can be valid: `none`, other HMAC sizes and
    /// every asymmetric algorithm are rejected before any MAC is computed, so a
    /// forged header cannot pick a weaker check. The MAC comparison takes
    /// the same time wherever the bytes differ.
    public func verifySignature(key: [UInt8]) -> Bool {
        guard algorithm == JWT.algorithm, signature.count == SHA256Digest.byteCount else { return false }
        let expected = HMACSHA256.authenticationCode(for: signingInput, key: key)
        return expected.withUnsafeBytes { expected in
            signature.withUnsafeBytes { ConstantTime.equals(expected, $0) }
        }
    }
}
