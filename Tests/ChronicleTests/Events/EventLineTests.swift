import Testing
@testable import Chronicle

@Suite struct EventLineTests {
    @Test(arguments: ConformanceFiles.organisations)
    func decodesEveryConformanceLineAndReencodesItByteForByte(organisation: String) throws {
        let lines = ConformanceFiles.lines(of: organisation)
        #expect(lines.count == 750)
        for (index, line) in lines.enumerated() {
            let event = try EventLine.decode(line)
            #expect(event.seq == Int64(index + 1))
            let encoded = EventLine.encode(event)
            #expect(Array(encoded.line.dropLast()) == line, "line \(index + 1) re-encodes differently")
            #expect(encoded.hash.hex == event.hash)
        }
    }

    @Test func encodedLineDecodesToTheSameEvent() throws {
        let event = Event(
            id: "e1", source: "/orgs/test", type: "audit.note", time: Timestamp(milliseconds: 1_700_000_000_123),
            subject: "s \"quoted\"\n", seq: 1, prevhash: Event.genesisHash,
            data: ["text": "Clé — \u{1F600} \u{7}", "n": 3, "x": 1.5, "list": [true, nil]], hash: "")
        let (line, hash) = EventLine.encode(event)
        var decoded = try EventLine.decode(Array(line.dropLast()))
        #expect(decoded.hash == hash.hex)
        decoded.hash = ""
        #expect(decoded == event)
    }

    @Test func rejectsAChangedByte() throws {
        let event = Event(id: "e1", source: "/orgs/test", type: "t", time: Timestamp(milliseconds: 0),
                          subject: "s", seq: 1, prevhash: Event.genesisHash, data: [:], hash: "")
        var line = Array(EventLine.encode(event).line.dropLast())
        line[20] ^= 0x01
        #expect(throws: LineError.self) { try EventLine.decode(line) }
    }

    @Test(arguments: [
        (#"{"specversion":"1.0"}"#, "missing member \"id\""),
        (#"{"specversion":"1.0","bogus":1}"#, "unexpected member \"bogus\""),
        (#"{"specversion":"1.0","specversion":"1.0"}"#, "duplicate member \"specversion\""),
        (#"{"specversion":1}"#, "member \"specversion\" must be a string"),
        (#"[1]"#, "not a JSON object"),
        (#"{"specversion":"1.0","id":"a","source":"s","type":"t","time":"x","subject":"s","seq":1.5}"#, "member \"seq\" must be an integer"),
        (#"{"specversion":"1.0","id":"a","source":"s","type":"t","time":"x","subject":"s","seq":1,"prevhash":"p","data":[],"hash":"h"}"#, "member \"data\" must be an object"),
        (#"{"specversion":"1.0","id":"a","source":"s","type":"t","time":"x","subject":"s","seq":1,"prevhash":"p","hash":"h","data":{}}"#, "member \"hash\" is not the last member"),
        (#"{"specversion":"1.0","id":"a","source":"s","type":"t","time":"x","subject":"s","seq":1,"prevhash":"p","data":{},"hash":"h"} x"#, "invalid JSON: unexpected bytes after the object at byte 125"),
    ])
    func namesWhatIsWrongWithAnEnvelope(line: String, reason: String) {
        #expect(throws: LineError(reason)) { try EventLine.decode(Array(line.utf8)) }
    }
}
