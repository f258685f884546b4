import ChronicleTesting
import Testing
@testable import Chronicle

@Suite struct JSONTapeTests {
    /// Indexes `text` and reads it back as a tree; nil when the tape declines.
    private func viaTape(_ text: String) -> JSONValue? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { buffer -> JSONValue? in
            let tape = JSONTape()
            guard tape.index(buffer) else { return nil }
            return tape.withRoot(buffer) { $0.json }
        }
    }

    /// JSON texts of every kind of value, nesting and string the tape must read as the parser does.
    static let texts = [
        #"{"a":[1,-2,3.5,1e3,true,false,null],"b":{"c":"d"},"e":""}"#,
        #"{ "a" : [ 1 , { } , [ ] ] , "b" : { "x" : "\u00e9\n" } }"#,
        #"[{"a":1},{"a":[[],[{}]]}]"#, #""plain""#, "12", "-0.5", "null", "[]", "{}",
        #"{"s":"é — 😀","n":9223372036854775807,"m":-9223372036854775808,"big":12345678901234567890}"#,
    ]

    @Test(arguments: texts)
    func readsBackWhatTheParserBuilds(text: String) throws {
        #expect(viaTape(text) == (try JSONParser.parse(text)))
    }

    @Test func readsEveryConformanceLinesDataLikeTheParser() throws {
        for organisation in ConformanceFiles.organisations {
            for line in ConformanceFiles.lines(of: organisation) {
                try line.withUnsafeBytes { buffer in
                    let data = UnsafeRawBufferPointer(rebasing: buffer[try RawEnvelope.scan(buffer).data])
                    let tape = JSONTape()
                    let indexed = tape.index(data)
                    #expect(indexed)
                    let viaTape = tape.withRoot(data) { $0.json }
                    #expect(viaTape == (try JSONParser.parse(data)))
                }
            }
        }
    }

    @Test func declinesWhatOnlyTheParserReadsExactly() {
        #expect(viaTape(#"{"\u0061":1,"a":2}"#) == nil)  // escaped names may clash
        #expect(viaTape(#"{"é":1}"#) == nil)  // so may non-ASCII ones
        #expect(viaTape(#"{"a":1e999}"#) == nil)  // the parser rejects it
        #expect(viaTape(#"{"a":"\u00e9"}"#) == .object(["a": "é"]))  // escaped values are fine
    }

    @Test func looksUpMembersAndElements() {
        let bytes = Array(#"{"a":{"b":[1,"x",{"c":null}],"d":true},"e":2.5,"f":60,"g":"\"q\""}"#.utf8)
        bytes.withUnsafeBytes { buffer in
            let tape = JSONTape()
            let indexed = tape.index(buffer)
            #expect(indexed)
            tape.withRoot(buffer) { root in
                #expect(root.memberCount == 4)
                #expect(root["a"]?["d"]?.boolValue == true)
                let elements = root["a"]?["b"]?.arrayElements
                #expect(elements.map { Array($0) }?.count == 3)
                #expect(root["a"]?["b"]?.stringElements == ["x"])
                #expect(root["a"]?["b"]?.stringArrayValue == nil)
                #expect(root["e"]?.doubleValue == 2.5)
                #expect(root["e"]?.integerValue == nil)
                #expect(root["f"]?.integerValue == 60)
                #expect(root["g"]?.stringValue == "\"q\"")
                #expect(root["missing"] == nil)
                #expect(root["a"]?["b"]?["c"] == nil)
                #expect(root["e"]?.kindDescription == "a number")
            }
        }
    }
}

/// The one-pass validating indexer against the validator it stands in for.
@Suite struct JSONTapeValidationTests {
    /// What `indexValidating` makes of `text`: nil when it gives up, else the tree read back.
    private func viaValidatingTape(_ text: String, depth: Int = 0) -> JSONValue? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { buffer -> JSONValue? in
            let tape = JSONTape()
            guard let length = tape.indexValidating(buffer, depth: depth) else { return nil }
            #expect(length == buffer.count)
            return tape.withRoot(buffer) { $0.json }
        }
    }

    @Test(arguments: JSONTapeTests.texts + [#"{"ab":1,"ba":2,"a":{"ab":3},"aa":[{"ab":4}]}"#])
    func indexesWhatTheParserReads(text: String) throws {
        #expect(viaValidatingTape(text) == (try JSONParser.parse(text)))
    }

    @Test(arguments: [
        #"{"a":1,"a":2}"#, #"{"ab":1,"b":{},"ab":2}"#, #"{"a":01}"#, #"{"a":1.}"#, #"{"a":-}"#, #"{"a":1e}"#,
        #"{"a":tru}"#, #"{"a":nul}"#, "{\"a\":\"\u{01}\"}", #"{"a":"\x"}"#, #"{"a":"\u12G4"}"#, #"{"a":1e999}"#,
        #"{"a":1,}"#, #"[1,]"#, #"{"a" 1}"#, #"{"a":1"#, #"["a"}"#, #"{"a":1]"#, "{\u{0B}}", #"{"a":"x"#,
        #"{"\u0061":1}"#, #"{"é":1}"#,
    ])
    func givesUpOnWhatTheValidatorRejectsOrTheTapeDeclines(text: String) {
        #expect(viaValidatingTape(text) == nil)
    }

    @Test func givesUpOnInvalidUTF8() {
        for bytes: [UInt8] in [[0x22, 0xC0, 0x80, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], [0x22, 0xE2, 0x82, 0x22]] {
            let indexed = bytes.withUnsafeBytes { JSONTape().indexValidating($0, depth: 0) }
            #expect(indexed == nil)
        }
    }

    @Test func limitsNestingAsTheValidatorDoes() {
        let deepest = String(repeating: "[", count: JSONParser.maximumDepth - 1) + String(repeating: "]", count: JSONParser.maximumDepth - 1)
        #expect(viaValidatingTape(deepest, depth: 1) != nil)
        #expect(viaValidatingTape("[" + deepest + "]", depth: 1) == nil)
    }

    @Test func stopsAtTheEndOfTheValue() {
        let bytes = Array(#"{"a":[1,2]},"hash":"x"}"#.utf8)
        let length = bytes.withUnsafeBytes { JSONTape().indexValidating($0, depth: 1) }
        #expect(length == 11)
    }

    /// Mutated log lines: whatever the one-pass indexer accepts, `skipValue`
    /// accepts too, and it reads back as the parser builds it.
    @Test func neverAcceptsWhatTheValidatorRejects() {
        ConformanceFiles.fuzzLines("JSONTape.indexValidating", salt: 0x7A) { input in
            input.withUnsafeBytes { bytes -> FuzzVerdict in
                let tape = JSONTape()
                guard let length = tape.indexValidating(bytes, depth: 0) else { return .rejected("gave up") }
                var parser = JSONParser(bytes)
                do { try parser.skipValue() } catch { return .violation("accepts what skipValue rejects (\(error))") }
                guard parser.position == length else { return .violation("ends at \(length), skipValue at \(parser.position)") }
                let value = UnsafeRawBufferPointer(rebasing: bytes[0..<length])
                guard let parsed = try? JSONParser.parse(value), tape.withRoot(value, { $0.json }) == parsed else {
                    return .violation("reads back differently from the parser")
                }
                return .accepted
            }
        }
    }
}
