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

    @Test(arguments: [
        #"{"a":[1,-2,3.5,1e3,true,false,null],"b":{"c":"d"},"e":""}"#,
        #"{ "a" : [ 1 , { } , [ ] ] , "b" : { "x" : "\u00e9\n" } }"#,
        #"[{"a":1},{"a":[[],[{}]]}]"#, #""plain""#, "12", "-0.5", "null", "[]", "{}",
        #"{"s":"é — 😀","n":9223372036854775807,"m":-9223372036854775808,"big":12345678901234567890}"#,
    ])
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
