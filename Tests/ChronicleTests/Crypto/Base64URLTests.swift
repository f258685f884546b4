import Testing

@testable import Chronicle

struct Base64URLTests {
    @Test(arguments: [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"),
        ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy"),
    ])
    func encodesTheRFC4648ExamplesWithoutPadding(plain: String, encoded: String) {
        #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
        #expect(Base64URL.decode(encoded[...]) == Array(plain.utf8))
    }

    @Test func usesTheURLAlphabet() {
        #expect(Base64URL.encode([0xfb, 0xff, 0xbf]) == "-_-_")
        #expect(Base64URL.decode("-_-_") == [0xfb, 0xff, 0xbf])
    }

    @Test func everyLengthRoundTrips() {
        var random = CryptoFixtures.SeededGenerator(seed: 4648)
        for length in 0...70 {
            let bytes = random.bytes(count: length)
            #expect(Base64URL.decode(Base64URL.encode(bytes)[...]) == bytes, "length \(length)")
        }
    }

    @Test(arguments: [
        "Zg==", "Zg=", "Zm8=",       // padding
        "+_-_", "-/-_",              // the standard alphabet
        "Zm9v Yg", " Zm9v", "Zm9v\n", "Zm9v\tYg", // whitespace
        "Z", "Zm9vY",                // 4n + 1 characters: no byte count gives these
        "Zh", "Zm9", "Zm9vYh",       // non-zero unused trailing bits
        "Zm9v.", "é", "Zm\u{0}v",
    ])
    func decodingIsStrict(text: String) {
        #expect(Base64URL.decode(text[...]) == nil)
    }

    @Test func decodesASubstringInTheMiddleOfAToken() {
        let token = "eyJh.Zm9vYmFy.c2ln"
        let parts = token.split(separator: ".")
        #expect(Base64URL.decode(parts[1]) == Array("foobar".utf8))
    }

    @Test func standardBase64IsPaddedAndUsesPlusAndSlash() {
        #expect(Base64.encode([]) == "")
        #expect(Base64.encode(Array("f".utf8)) == "Zg==")
        #expect(Base64.encode(Array("fo".utf8)) == "Zm8=")
        #expect(Base64.encode(Array("foo".utf8)) == "Zm9v")
        #expect(Base64.encode([0xfb, 0xff, 0xbf]) == "+/+/")
    }

    @Test(.enabled(if: CryptoFixtures.isAvailable("python3")))
    func randomInputsEncodeLikePython() throws {
        var random = CryptoFixtures.SeededGenerator(seed: 7515)
        let inputs = (0..<60).map { index in random.bytes(count: index < 4 ? index : Int.random(in: 0...120, using: &random)) }
        let script = """
            import base64, sys
            for h in sys.argv[1:]:
                raw = bytes.fromhex(h)
                print(base64.urlsafe_b64encode(raw).rstrip(b'=').decode(), base64.b64encode(raw).decode() or '-')
            """
        // An empty argument still makes a line; '-' stands in for empty standard Base64.
        let lines = try CryptoFixtures.run(["python3", "-c", script] + inputs.map { Hex.encode($0) })
            .split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        try #require(lines.count == inputs.count)
        for (bytes, line) in zip(inputs, lines) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            try #require(fields.count == 2)
            #expect(Base64URL.encode(bytes) == String(fields[0]), "\(bytes.count) bytes")
            #expect(Base64URL.decode(fields[0]) == bytes, "\(bytes.count) bytes")
            #expect(Base64.encode(bytes) == (fields[1] == "-" ? "" : String(fields[1])), "\(bytes.count) bytes")
        }
    }
}
