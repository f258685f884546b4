import Foundation
import Testing
@testable import Chronicle

@Suite struct JSONWriterTests {
    static let tricky: JSONValue = [
        "quote": "say \"hi\"", "backslash": "a\\b", "controls": "\u{0}\u{1}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1F}\u{7F}",
        "unicode": "Clé — 😀 \u{2028}", "numbers": [0, -1, 9_223_372_036_854_775_807, 1.5, -0.25, 1e-7, 12345678.9],
        "nested": ["a": [[], [:], nil, true, false]], "": "empty key",
    ]

    @Test func writesCompactJSONInMemberOrder() {
        let value: JSONValue = ["b": 1, "a": ["x", nil, true]]
        #expect(JSONWriter.string(value) == #"{"b":1,"a":["x",null,true]}"#)
    }

    @Test func escapesQuotesBackslashesAndControlCharacters() {
        #expect(JSONWriter.string("a\"b\\c\nd\u{1}") == #""a\"b\\c\nd\u0001""#)
    }

    @Test func roundTripsThroughItsOwnParser() throws {
        #expect(try JSONParser.parse(JSONWriter.serialize(Self.tricky)) == Self.tricky)
    }

    @Test func roundTripsThroughPython() throws {
        let text = JSONWriter.string(Self.tricky)
        let script = "import json,sys; v=json.loads(sys.stdin.read()); sys.stdout.write(json.dumps(v, ensure_ascii=False, separators=(',',':')))"
        let output = try run("/usr/bin/env", ["python3", "-c", script], input: Array(text.utf8))
        #expect(try JSONParser.parse(output) == Self.tricky)
    }

    @Test func isAcceptedByJSONTool() throws {
        let output = try run("/usr/bin/env", ["python3", "-m", "json.tool"], input: JSONWriter.serialize(Self.tricky))
        #expect(try JSONParser.parse(output) == Self.tricky)
    }

    @Test func writesIntegersExactly() {
        for value in [Int64.min, -1, 0, 7, 10, 999, Int64.max] {
            #expect(JSONWriter.string(.integer(value)) == "\(value)")
        }
    }

    func run(_ executable: String, _ arguments: [String], input: [UInt8]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input))
        try stdin.fileHandleForWriting.close()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return Array(data)
    }
}
