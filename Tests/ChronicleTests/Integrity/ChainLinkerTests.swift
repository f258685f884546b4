import Testing
@testable import Chronicle

/// The `source` link: the same source as the first line's, compared as
/// keys held inline when both are short plain ASCII, else in the line.
@Suite struct ChainLinkerTests {
    /// A source longer than a ``ShortASCIIKey`` holds.
    static let long = "/orgs/" + String(repeating: "contoso-", count: 7)

    /// Links lines that differ only in their raw `source` (as written in the line, escapes and all).
    private func link(_ sources: [String]) throws {
        var linker = ChainLinker()
        var previous = ChainLinker.genesis
        for (index, source) in sources.enumerated() {
            let bytes = Array(source.utf8)
            let hash = SHA256Digest(UInt64(index + 1), 0, 0, 0)
            try bytes.withUnsafeBytes { buffer in
                var facts = LineFacts()
                facts.seq = Int64(index + 1)
                facts.time = 1_000
                facts.prevhash = previous
                facts.hash = hash
                facts.sourceRange = 0..<bytes.count
                facts.sourceHasEscapes = source.contains("\\")
                facts.sourceKey = ShortASCIIKey(buffer)
                try linker.link(facts, in: buffer)
            }
            previous = hash
        }
    }

    @Test(arguments: [
        ["/orgs/contoso", "/orgs/contoso", "/orgs/contoso"],
        ["/orgs/a-much-longer-organisation", "/orgs/a-much-longer-organisation"],
        // Longer than a key holds, and not ASCII: compared in the line.
        [ChainLinkerTests.long, ChainLinkerTests.long],
        ["/orgs/café", "/orgs/café"],
        [#"\/orgs\/contoso"#, "/orgs/contoso"],
        ["/orgs/contoso", #"\/orgs\/contoso"#, "/orgs/contoso"],
    ])
    func acceptsTheFirstLinesSource(sources: [String]) throws {
        try link(sources)
    }

    @Test(arguments: [
        ["/orgs/contoso", "/orgs/contosp"],
        ["/orgs/contoso", "/orgs/contoso", "/orgs/contos"],
        ["/orgs/contoso", "/orgs/contoso\\u0000"],
        ["/orgs/a-much-longer-organisation", "/orgs/a-much-longer-organisatioN"],
        ["/orgs/contoso-sixteen", "/orgs/contoso-sixteen-and-more"],
        [ChainLinkerTests.long, ChainLinkerTests.long + "x"],
        [ChainLinkerTests.long + "x", ChainLinkerTests.long + "y"],
        ["/orgs/café", "/orgs/cafe"],
    ])
    func refusesAnotherSource(sources: [String]) {
        #expect(throws: LineError.self) { try link(sources) }
    }
}
