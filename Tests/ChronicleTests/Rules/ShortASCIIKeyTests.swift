import Testing
@testable import Chronicle

@Suite struct ShortASCIIKeyTests {
    @Test(arguments: ["", "a", "597be8eb-e6a1-4dbe-95a8-831261979282", String(repeating: "x", count: 48), "12345678", "123456789"])
    func holdsShortASCIIIdentifiersExactly(text: String) throws {
        let key = try #require(ShortASCIIKey(text))
        #expect(key.string == text)
        #expect(key == ShortASCIIKey(text))
        #expect(Set([key, key]).count == 1)
    }

    @Test(arguments: [String(repeating: "x", count: 49), "café", "\u{212A}"])
    func refusesLongOrNonASCIIIdentifiers(text: String) {
        #expect(ShortASCIIKey(text) == nil)
    }

    @Test func tellsApartKeysThatDifferInOneByteOrInLength() {
        #expect(ShortASCIIKey("abc") != ShortASCIIKey("abd"))
        #expect(ShortASCIIKey("abc") != ShortASCIIKey("abc\u{0}"))
        #expect(ShortASCIIKey(String(repeating: "a", count: 47) + "b") != ShortASCIIKey(String(repeating: "a", count: 48)))
    }

    @Test func aTokenReferenceKeepsOtherIdsAsStrings() {
        let bytes = Array("\u{212A}".utf8)
        let reference = bytes.withUnsafeBytes { TokenReference($0) }
        guard case .other(let text) = reference else {
            Issue.record("expected a string")
            return
        }
        #expect(text == "\u{212A}")
        #expect(reference.string == "K")  // equal as Swift strings compare, which the state's lookups use
    }
}
