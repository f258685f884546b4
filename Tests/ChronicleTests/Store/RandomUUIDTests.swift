import Testing
@testable import Chronicle

@Suite struct RandomUUIDTests {
    /// Version 4, RFC 4122 variant, lowercase, and no repeats over many pool refills.
    @Test func givesDistinctLowercaseVersion4UUIDs() {
        let generator = RandomUUIDGenerator()
        var seen = Set<String>()
        let hex = Set("0123456789abcdef")
        for _ in 0..<10_000 {
            let id = generator.next()
            let parts = id.split(separator: "-", omittingEmptySubsequences: false)
            #expect(parts.map(\.count) == [8, 4, 4, 4, 12], "\(id)")
            #expect(id.allSatisfy { $0 == "-" || hex.contains($0) }, "\(id)")
            #expect(parts.count == 5 && parts[2].first == "4", "\(id)")
            #expect(parts.count == 5 && "89ab".contains(parts[3].first ?? "x"), "\(id)")
            seen.insert(id)
        }
        #expect(seen.count == 10_000)
    }
}
