import Testing

@testable import Chronicle

struct JWTTests {
    /// RFC 7515 Appendix A.1: the HS256 example, whose header and payload
    /// contain CR LF and spaces, so they are given as bytes, not rebuilt.
    enum RFC7515 {
        static let key = "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"
        static let header = "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}"
        static let payload = "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}"
        static let encodedHeader = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
        static let encodedPayload =
            "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
        static let signature = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        static var token: String { encodedHeader + "." + encodedPayload + "." + signature }
    }

    static let key = Array("a-signing-secret-for-tests".utf8)
    static let claims: JSONValue = ["iss": "sp-1", "aud": "https://analysis.windows.net/powerbi/api", "exp": 1_800_000_000]

    @Test func theRFC7515AppendixA1BytesGiveItsSignature() throws {
        let key = try #require(Base64URL.decode(RFC7515.key))
        #expect(key.count == 64)
        #expect(Base64URL.encode(Array(RFC7515.header.utf8)) == RFC7515.encodedHeader)
        #expect(Base64URL.encode(Array(RFC7515.payload.utf8)) == RFC7515.encodedPayload)
        let signingInput = Array((RFC7515.encodedHeader + "." + RFC7515.encodedPayload).utf8)
        let mac = HMACSHA256.authenticationCode(for: signingInput, key: key)
        #expect(Base64URL.encode(mac.bytes) == RFC7515.signature)
    }

    @Test func theRFC7515AppendixA1TokenDecodesAndVerifies() throws {
        let key = try #require(Base64URL.decode(RFC7515.key))
        let decoded = try JWT.decode(RFC7515.token)
        #expect(decoded.algorithm == "HS256")
        #expect(decoded.header["typ"] == "JWT")
        #expect(decoded.keyID == nil)
        #expect(decoded.claims["iss"] == "joe")
        #expect(decoded.claims["exp"] == .integer(1_300_819_380))
        #expect(decoded.claims["http://example.com/is_root"] == true)
        #expect(decoded.signingInput == Array((RFC7515.encodedHeader + "." + RFC7515.encodedPayload).utf8))
        #expect(decoded.verifySignature(key: key))
        #expect(!decoded.verifySignature(key: Array(key.dropLast())))
    }

    @Test func signedTokensCarryTheChronicleHeaderInOrder() throws {
        let token = JWT.sign(kid: "sec-embed-main@2", claims: Self.claims, key: Self.key)
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        try #require(parts.count == 3)
        let header = try #require(Base64URL.decode(parts[0]))
        #expect(String(decoding: header, as: UTF8.self) == #"{"alg":"HS256","typ":"JWT","kid":"sec-embed-main@2"}"#)
        let payload = try #require(Base64URL.decode(parts[1]))
        #expect(String(decoding: payload, as: UTF8.self)
            == #"{"iss":"sp-1","aud":"https://analysis.windows.net/powerbi/api","exp":1800000000}"#)
        #expect(try #require(Base64URL.decode(parts[2])).count == 32)
    }

    @Test func aSignedTokenRoundTripsAndVerifiesOnlyWithItsKey() throws {
        let token = JWT.sign(kid: "sec@1", claims: Self.claims, key: Self.key)
        let decoded = try JWT.decode(token)
        #expect(decoded.keyID == "sec@1")
        #expect(decoded.claimsValue == Self.claims)
        #expect(decoded.verifySignature(key: Self.key))
        #expect(!decoded.verifySignature(key: Array("another-secret".utf8)))
        #expect(!decoded.verifySignature(key: []))
    }

    @Test func changingAnyPartBreaksTheSignature() throws {
        let token = JWT.sign(kid: "sec@1", claims: Self.claims, key: Self.key)
        let parts = token.split(separator: ".").map(String.init)
        let otherClaims = Base64URL.encode(JSONWriter.serialize(["iss": "sp-1", "exp": 1_900_000_000]))
        let otherHeader = Base64URL.encode(JSONWriter.serialize(.object(JWT.header(kid: "sec@2"))))
        let forged = Base64URL.encode(HMACSHA256.authenticationCode(for: [1, 2, 3], key: Self.key).bytes)
        for tampered in [
            [parts[0], otherClaims, parts[2]],
            [otherHeader, parts[1], parts[2]],
            [parts[0], parts[1], forged],
        ] {
            let decoded = try JWT.decode(tampered.joined(separator: "."))
            #expect(!decoded.verifySignature(key: Self.key))
        }
    }

    /// A token whose MAC is right for its bytes but whose header names another algorithm.
    static func token(header: JSONValue, signature: [UInt8]? = nil) -> String {
        let input = Base64URL.encode(JSONWriter.serialize(header)) + "." + Base64URL.encode(JSONWriter.serialize(claims))
        let mac = signature ?? HMACSHA256.authenticationCode(for: Array(input.utf8), key: key).bytes
        return input + "." + Base64URL.encode(mac)
    }

    @Test(arguments: ["none", "HS512", "HS384", "hs256", "HS256 ", "RS256", ""])
    func onlyTheExactHS256AlgorithmCanVerify(alg: String) throws {
        let decoded = try JWT.decode(Self.token(header: ["alg": .string(alg), "typ": "JWT"]))
        #expect(!decoded.verifySignature(key: Self.key))
    }

    @Test func aHeaderWithoutAlgNeverVerifies() throws {
        let decoded = try JWT.decode(Self.token(header: ["typ": "JWT"]))
        #expect(decoded.algorithm == nil)
        #expect(!decoded.verifySignature(key: Self.key))
    }

    @Test func anUnsecuredTokenDecodesButNeverVerifies() throws {
        let decoded = try JWT.decode(Self.token(header: ["alg": "none"], signature: []))
        #expect(decoded.signature.isEmpty)
        #expect(decoded.claims["iss"] == "sp-1")
        #expect(!decoded.verifySignature(key: Self.key))
        #expect(!decoded.verifySignature(key: []))
    }

    @Test func aTruncatedSignatureNeverVerifies() throws {
        let full = HMACSHA256.authenticationCode(
            for: Array(Self.token(header: ["alg": "HS256"]).split(separator: ".").prefix(2).joined(separator: ".").utf8),
            key: Self.key)
        let decoded = try JWT.decode(Self.token(header: ["alg": "HS256"], signature: Array(full.bytes.prefix(16))))
        #expect(!decoded.verifySignature(key: Self.key))
    }

    static let validHeader = Base64URL.encode(Array(#"{"alg":"HS256"}"#.utf8))
    static let validPayload = Base64URL.encode(Array(#"{"sub":"s3cr3t-claim"}"#.utf8))

    /// Malformed tokens and the error each must give.
    static let malformed: [(token: String, error: JWTError)] = [
        ("", .wrongPartCount(1)),
        ("abc", .wrongPartCount(1)),
        ("\(validHeader).\(validPayload)", .wrongPartCount(2)),
        ("\(validHeader).\(validPayload).c2ln.extra", .wrongPartCount(4)),
        (".\(validPayload).c2ln", .invalidJSON(.header, offset: 0)),
        ("\(validHeader)=.\(validPayload).c2ln", .invalidBase64URL(.header)),
        ("\(validHeader).\(validPayload)+.c2ln", .invalidBase64URL(.payload)),
        ("\(validHeader).\(validPayload).c2ln=", .invalidBase64URL(.signature)),
        ("\(validHeader).\(validPayload).c2 ln", .invalidBase64URL(.signature)),
        ("\(Base64URL.encode(Array("not json".utf8))).\(validPayload).c2ln", .invalidJSON(.header, offset: 0)),
        ("\(validHeader).\(Base64URL.encode(Array(#"{"sub":"x""#.utf8))).c2ln", .invalidJSON(.payload, offset: 10)),
        ("\(validHeader).\(Base64URL.encode(Array(#"["s3cr3t-claim"]"#.utf8))).c2ln", .notAnObject(.payload)),
        ("\(Base64URL.encode(Array("\"HS256\"".utf8))).\(validPayload).c2ln", .notAnObject(.header)),
        ("\(validHeader).\(Base64URL.encode(Array(#"{"a":1,"a":2}"#.utf8))).c2ln", .invalidJSON(.payload, offset: 7)),
    ]

    @Test(arguments: malformed.indices)
    func malformedTokensAreRejectedWithoutEchoingThem(index: Int) {
        let (token, expected) = Self.malformed[index]
        #expect(throws: expected) { try JWT.decode(token) }
        do {
            _ = try JWT.decode(token)
        } catch {
            let message = error.description
            #expect(!message.contains("s3cr3t"))
            #expect(!message.contains(Self.validPayload))
            #expect(!message.contains(Self.validHeader))
        }
    }

    @Test func claimsNestedTooDeeplyAreRejected() {
        let deepest = String(repeating: "[", count: 16) + String(repeating: "]", count: 16)
        let tooDeep = Base64URL.encode(Array("{\"a\":\(deepest)}".utf8))
        #expect(throws: JWTError.tooDeep(.payload, limit: 16)) {
            try JWT.decode("\(Self.validHeader).\(tooDeep).c2ln")
        }
        let justDeepEnough = Base64URL.encode(Array("{\"a\":\(deepest.dropFirst().dropLast())}".utf8))
        #expect(throws: Never.self) { try JWT.decode("\(Self.validHeader).\(justDeepEnough).c2ln") }
    }

    @Test func oversizedTokensAreRejectedBeforeDecoding() {
        let huge = String(repeating: "A", count: JWT.maximumTokenLength + 1)
        #expect(throws: JWTError.tooLong(length: JWT.maximumTokenLength + 1, limit: JWT.maximumTokenLength)) {
            try JWT.decode(huge)
        }
    }

    @Test func tokenHashIsTheHexSHA256OfTheTokenString() {
        let token = JWT.sign(kid: "sec@1", claims: Self.claims, key: Self.key)
        #expect(JWT.tokenHash(token) == SHA256.hash(Array(token.utf8)).hex)
    }

    @Test func errorDescriptionsNameThePartAndTheProblem() {
        #expect(JWTError.wrongPartCount(2).description
            == "JWT must be three base64url parts separated by '.', found 2 parts")
        #expect(JWTError.invalidBase64URL(.signature).description == "JWT signature is not unpadded base64url")
        #expect(JWTError.notAnObject(.header).description == "JWT header is not a JSON object")
    }
}
