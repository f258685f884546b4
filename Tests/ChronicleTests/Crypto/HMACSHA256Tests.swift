import Testing

@testable import Chronicle

/// RFC 4231 test cases and a differential check against Python's `hmac`.
struct HMACSHA256Tests {
    /// One RFC 4231 case; `mac` may be truncated (case 5 publishes 128 bits).
    struct Case: Sendable, CustomTestStringConvertible {
        var number: Int
        var key: [UInt8]
        var data: [UInt8]
        var mac: String
        var testDescription: String { "RFC 4231 case \(number)" }
    }

    static let cases: [Case] = [
        Case(number: 1, key: [UInt8](repeating: 0x0b, count: 20), data: Array("Hi There".utf8),
             mac: "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        Case(number: 2, key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8),
             mac: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        Case(number: 3, key: [UInt8](repeating: 0xaa, count: 20), data: [UInt8](repeating: 0xdd, count: 50),
             mac: "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        Case(number: 4, key: Array(1...25), data: [UInt8](repeating: 0xcd, count: 50),
             mac: "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        Case(number: 5, key: [UInt8](repeating: 0x0c, count: 20), data: Array("Test With Truncation".utf8),
             mac: "a3b6167473100ee06e0c796c2955552b"),
        Case(number: 6, key: [UInt8](repeating: 0xaa, count: 131),
             data: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
             mac: "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        Case(number: 7, key: [UInt8](repeating: 0xaa, count: 131),
             data: Array(("This is a test using a larger than block-size key and a larger than block-size data."
                 + " The key needs to be hashed before being used by the HMAC algorithm.").utf8),
             mac: "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ]

    @Test(arguments: cases)
    func matchesTheRFC4231TestCases(testCase: Case) {
        let mac = HMACSHA256.authenticationCode(for: testCase.data, key: testCase.key)
        // Case 5 publishes only the first 128 bits, so compare as many digits as given.
        #expect(mac.hex.prefix(testCase.mac.count) == testCase.mac)
        if testCase.number == 5 { #expect(testCase.mac.count == 32) }
    }

    @Test(arguments: cases)
    func rawBufferOverloadAgreesWithTheArrayOne(testCase: Case) {
        let viaBuffers = testCase.data.withUnsafeBytes { data in
            testCase.key.withUnsafeBytes { key in HMACSHA256.authenticationCode(for: data, key: key) }
        }
        #expect(viaBuffers == HMACSHA256.authenticationCode(for: testCase.data, key: testCase.key))
    }

    @Test func anEmptyKeyAndMessageStillGiveTheStandardMAC() {
        // python3 -c "import hmac,hashlib; print(hmac.new(b'', b'', hashlib.sha256).hexdigest())"
        #expect(HMACSHA256.authenticationCode(for: [], key: []).hex
            == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test(.enabled(if: CryptoFixtures.isAvailable("python3")))
    func randomKeysAndMessagesAgreeWithPythonHMAC() throws {
        var random = CryptoFixtures.SeededGenerator(seed: 4231)
        // Key lengths straddle the 64-byte block, where the key handling changes.
        let keyLengths = [0, 1, 32, 63, 64, 65, 100, 200]
        var pairs: [(key: [UInt8], message: [UInt8])] = []
        for keyLength in keyLengths {
            pairs.append((random.bytes(count: keyLength), random.bytes(count: Int.random(in: 0...300, using: &random))))
        }
        let script = """
            import hashlib, hmac, sys
            args = sys.argv[1:]
            for key, message in zip(args[0::2], args[1::2]):
                print(hmac.new(bytes.fromhex(key), bytes.fromhex(message), hashlib.sha256).hexdigest())
            """
        let arguments = pairs.flatMap { [Hex.encode($0.key), Hex.encode($0.message)] }
        let expected = try CryptoFixtures.run(["python3", "-c", script] + arguments).split(separator: "\n")
        try #require(expected.count == pairs.count)
        for (pair, reference) in zip(pairs, expected) {
            #expect(HMACSHA256.authenticationCode(for: pair.message, key: pair.key).hex == reference,
                    "key of \(pair.key.count) bytes, message of \(pair.message.count) bytes")
        }
    }
}
