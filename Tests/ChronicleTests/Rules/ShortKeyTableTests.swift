import Testing
@testable import Chronicle

@Suite struct ShortKeyTableTests {
    /// Keys that differ in one byte, in length, or only in their last word.
    private static func key(_ number: Int) -> ShortASCIIKey {
        let text = number % 3 == 0 ? "token-\(number)" : String(repeating: "t", count: number % 40) + "-\(number)"
        return ShortASCIIKey(text)!
    }

    @Test func answersAsADictionaryDoesThroughGrowthAndUpdates() {
        var table = ShortKeyTable<Int>()
        var expected: [ShortASCIIKey: Int] = [:]
        for number in 0..<5_000 {
            table[Self.key(number)] = number
            expected[Self.key(number)] = number
            if number % 7 == 0 {
                // An update keeps one entry.
                table[Self.key(number / 2)] = -number
                expected[Self.key(number / 2)] = -number
            }
        }
        #expect(table.count == expected.count)
        for number in 0..<6_000 {
            #expect(table[Self.key(number)] == expected[Self.key(number)])
        }
    }

    @Test func tellsApartKeysWithTheSameFirstWord() {
        var table = ShortKeyTable<String>()
        let first = ShortASCIIKey("597be8eb-e6a1-4dbe-95a8-831261979282")!
        let second = ShortASCIIKey("597be8eb-e6a1-4dbe-95a8-831261979283")!
        table[first] = "first"
        #expect(table[second] == nil)
        table[second] = "second"
        #expect(table[first] == "first")
        #expect(table[second] == "second")
        #expect(table.count == 2)
    }

    @Test func equalKeysMixEqually() {
        let text = "597be8eb-e6a1-4dbe-95a8-831261979282"
        let fromBytes = Array(text.utf8).withUnsafeBytes { ShortASCIIKey($0) }
        #expect(fromBytes?.mixed == ShortASCIIKey(text)?.mixed)
        #expect(ShortASCIIKey("a")?.mixed != ShortASCIIKey("b")?.mixed)
    }
}
