import Testing

@testable import Chronicle

struct SHA256DigestTests {
    static let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"

    @Test func hexRoundTripsThroughTheInitializer() throws {
        let digest = try #require(SHA256Digest(hex: Self.abc))
        #expect(digest == SHA256.hash("abc"))
        #expect(digest.hex == Self.abc)
        #expect(digest.description == Self.abc)
    }

    @Test func bytesAreTheDigestInOrder() throws {
        let digest = SHA256.hash("abc")
        #expect(digest.bytes.count == 32)
        #expect(Hex.encode(digest.bytes) == Self.abc)
        #expect(SHA256Digest(bytes: digest.bytes) == digest)
        #expect(SHA256Digest(bytes: digest.bytes.dropLast()) == nil)
    }

    @Test(arguments: [
        "", String(abc.dropLast()), abc + "0", abc.uppercased(),
        "g" + String(abc.dropFirst()), String(abc.dropLast()) + " ",
    ])
    func hexThatIsNotSixtyFourLowercaseDigitsIsRejected(text: String) {
        #expect(SHA256Digest(hex: text) == nil)
    }

    @Test func writeHexFillsTheFirstSixtyFourBytes() {
        var buffer = [UInt8](repeating: UInt8(ascii: "#"), count: 66)
        buffer.withUnsafeMutableBytes { SHA256.hash("abc").writeHex(into: $0) }
        #expect(String(decoding: buffer, as: UTF8.self) == Self.abc + "##")
    }

    @Test func matchesHexAcceptsOnlyTheExactLowercaseSpelling() {
        let digest = SHA256.hash("abc")
        func matches(_ text: String) -> Bool {
            Array(text.utf8).withUnsafeBytes { digest.matchesHex($0) }
        }
        #expect(matches(Self.abc))
        #expect(!matches(Self.abc.uppercased()))
        #expect(!matches(String(Self.abc.dropLast()) + "e"))
        #expect(!matches("0" + String(Self.abc.dropLast())))
        #expect(!matches(String(Self.abc.dropLast())))
        #expect(!matches(Self.abc + "\""))
        #expect(!matches(""))
    }

    @Test func digestsWorkAsSetMembers() {
        let set: Set = [SHA256.hash("a"), SHA256.hash("b"), SHA256.hash("a")]
        #expect(set.count == 2)
    }

    @Test func hexBytesParsesEveryDigitAtEveryPlaceAndNothingElse() throws {
        var digest = SHA256.hash("abc")
        for round in 0..<64 {
            let hex = Array(digest.hex.utf8)
            #expect(hex.withUnsafeBytes { SHA256Digest(hexBytes: $0) } == digest)
            #expect(hex.withUnsafeBytes { digest.matchesHex($0) })
            for (place, wrong) in [(round, UInt8(ascii: "g")), (63 - round, UInt8(ascii: "A")), (round, UInt8(ascii: "/")),
                                   (round, UInt8(ascii: ":")), (round, UInt8(ascii: "`")), (round, 0xB0), (round, 0x00)] {
                var damaged = hex
                damaged[place] = wrong
                #expect(damaged.withUnsafeBytes { SHA256Digest(hexBytes: $0) } == nil)
                #expect(!damaged.withUnsafeBytes { digest.matchesHex($0) })
            }
            digest = SHA256.hash(hex)
        }
        let all = Array("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef".utf8)
        #expect(all.withUnsafeBytes { SHA256Digest(hexBytes: $0) }?.hex == String(decoding: all, as: UTF8.self))
    }
}
