import Testing
@testable import Chronicle

/// Reading through remembered strings against reading the tape directly.
@Suite struct RememberingJSONValueTests {
    /// Every value of `text`'s tape (member names included), read both
    /// ways, twice with the same memory: the second time from memory.
    private static func expectSameReadings(of text: [UInt8], memory: RememberingJSONValue.ReadMemory) {
        text.withUnsafeBytes { buffer in
            let tape = JSONTape()
            guard tape.index(buffer) else { return }
            tape.withRoot(buffer) { root in
                _ = RememberingJSONValue(root: root, memory: memory)
                for _ in 0..<2 {
                    for index in 0..<tape.count {
                        let plain = JSONTapeValue(entries: root.entries, bytes: root.bytes, index: index)
                        let remembering = RememberingJSONValue(plain, memory: memory)
                        #expect(remembering.stringValue == plain.stringValue)
                        #expect(remembering.stringArrayValue == plain.stringArrayValue)
                        #expect(remembering.stringElements == plain.stringElements)
                        #expect(remembering.json == plain.json)
                        #expect(remembering.arrayElements.map { $0.map(\.json) } == plain.arrayElements.map { $0.map(\.json) })
                        let kid = SigningKeyID(kid: remembering)
                        #expect(kid == plain.withStringBytes { SigningKeyID(utf8: $0) } ?? nil)
                    }
                }
                // Members found in every order: in writers' order, backwards, and with every other missing.
                for index in 0..<tape.count {
                    let plain = JSONTapeValue(entries: root.entries, bytes: root.bytes, index: index)
                    let remembering = RememberingJSONValue(plain, memory: memory)
                    for order in [Self.names, Self.names.reversed(), Self.names + Self.names.reversed() + Self.names] {
                        for name in order { #expect(remembering[name]?.value.index == plain[name]?.index) }
                    }
                }
            }
        }
    }

    /// Member names of decisions and issuances, in the order writers write them, and some that no line has.
    private static let names: [StaticString] = [
        "decisionId", "request", "operation", "reportId", "datasetId", "workspaceId", "token", "tokenId", "tokenHash",
        "kid", "signatureValid", "claims", "ver", "aud", "iss", "type", "wid", "rid", "reports", "datasets", "username",
        "roles", "scp", "nbf", "exp", "jti", "outcome", "effect", "reasons", "policy", "v", "a", "", "nope", "b",
    ]

    @Test func readsEveryConformanceLineAsTheTapeDoes() throws {
        let memory = RememberingJSONValue.ReadMemory()
        for organisation in ConformanceFiles.organisations {
            for line in ConformanceFiles.lines(of: organisation) {
                let data = try line.withUnsafeBytes { Array($0[try RawEnvelope.scan($0).data]) }
                Self.expectSameReadings(of: data, memory: memory)
            }
        }
    }

    /// Strings and arrays that differ in one byte, escapes, non-ASCII text,
    /// mixed arrays and keys too long to remember, in a seeded mix.
    @Test func readsMixedValuesAsTheTapeDoes() {
        let strings = [
            #""a""#, #""b""#, #""""#, #""sec-embed-primary@2""#, #""sec-embed-primary@3""#, #""sec-embed-primarz@2""#,
            #""x@y@12""#, #""@5""#, #""k@""#, #""\u0061@1""#, #""é@1""#, #""e\u0301""#, #""\u00e9""#, #""Region-East""#,
            #""Region-West""#, "\"" + String(repeating: "long-", count: 14) + "\"", #""tab\tbed""#,
        ]
        let others = ["1", "null", "true", "[]", "{}", #"{"a":"b"}"#]
        var generator = SeededGenerator(seed: 9001, stream: 1)
        let memory = RememberingJSONValue.ReadMemory()
        for _ in 0..<400 {
            var elements: [String] = []
            for _ in 0..<generator.below(5) {
                elements.append(generator.below(8) == 0
                    ? others[generator.below(others.count)] : strings[generator.below(strings.count)])
            }
            let text = "{\"v\":" + strings[generator.below(strings.count)] + ",\"a\":[" + elements.joined(separator: ",") + "]}"
            Self.expectSameReadings(of: Array(text.utf8), memory: memory)
        }
    }

    @Test func remembersOnlyWhatMakeWouldGive() {
        let cache = RecentValueCache<String>()
        var generator = SeededGenerator(seed: 9002, stream: 1)
        for _ in 0..<5000 {
            let length = generator.below(71)
            let bytes = (0..<length).map { _ in UInt8(97 + generator.below(4)) }
            let made = bytes.withUnsafeBytes { cache.value(for: $0) { String(decoding: $0, as: UTF8.self) } }
            #expect(made == String(decoding: bytes, as: UTF8.self))
        }
    }
}
