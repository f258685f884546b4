import Foundation
import Testing
@testable import Chronicle

/// Inputs the fuzzers found that crashed the parser or made `verify` and
/// the readers disagree, kept as regression tests.
@Suite struct FuzzFindingsTests {
    /// 19-digit integers above Int64.max used to overflow the parser's fast path (a trap, exit 132).
    @Test(arguments: ["9999999999999999999", "9223372036854775808", "-9223372036854775809", "-9999999999999999999"])
    func parsesAnIntegerLiteralTooBigForInt64AsANumber(literal: String) throws {
        let value = try JSONParser.parse(literal)
        #expect(value.integerValue == nil)
        #expect(value.doubleValue == Double(literal))
    }

    @Test(arguments: [("9223372036854775807", Int64.max), ("-9223372036854775808", Int64.min), ("999999999999999999", 999_999_999_999_999_999)])
    func parsesTheLargestIntegersAsIntegers(literal: String, expected: Int64) throws {
        #expect(try JSONParser.parse(literal).integerValue == expected)
    }

    /// A seq above Int64.max used to overflow the envelope scanner: `verify` trapped instead of exiting 3.
    @Test func verifyReportsASeqAboveInt64MaxInsteadOfCrashing() throws {
        let scratch = try TemporaryDirectory()
        let log = LogDirectory(path: scratch.file("log"))
        try LogFixtures.makeLog(in: log, count: 2)
        let path = log.file("2030-01-01.jsonl")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "\"seq\":2,", with: "\"seq\":9999999999999999999,")
            .write(toFile: path, atomically: false, encoding: .utf8)
        #expect(ChainVerifier.verify(log).failure?.description == "2030-01-01.jsonl:2: member \"seq\" is out of range")
        let line = Array(#"{"specversion":"1.0","id":"a","source":"s","type":"t","time":"x","subject":"s","seq":9223372036854775808,"prevhash":"p","data":{},"hash":"h"}"#.utf8)
        #expect(throws: LineError("member \"seq\" is out of range")) { try EventLine.decode(line) }
    }

    /// The validator `verify` uses accepted what the parser readers use rejects, so a sealed
    /// line passed verify but stopped every writer (or, as the last line, was quarantined).
    @Test(arguments: [
        (#"{"a":1,"\u0061":2}"#, "duplicate member \"a\" at byte 8"),
        (#"{"\u0061":1,"a":2}"#, "duplicate member \"a\" at byte 13"),
        (#"{"\u0061":1,"\u0061":2}"#, "duplicate member \"a\" at byte 13"),
        (#"{"n":1e400}"#, "number out of range at byte 6"),
        (#"[-1e99999999999999999999]"#, "number out of range at byte 2"),
    ])
    func theValidatorRejectsWhatTheParserRejects(text: String, reason: String) {
        let bytes = Array(text.utf8)
        #expect(throws: JSONError.self) { try JSONParser.parse(bytes) }
        let validation: JSONError? = bytes.withUnsafeBytes { buffer in
            var parser = JSONParser(buffer)
            do throws(JSONError) { try parser.skipValue() } catch { return error }
            return nil
        }
        #expect(validation?.description == reason)
    }

    /// Keys are code points: "é" precomposed and "e" + U+0301 are different members.
    @Test func keysDifferingOnlyInNormalisationAreDifferentMembersForBoth() throws {
        let text = "{\"\u{E9}\":1,\"e\u{301}\":2}"
        let object = try JSONParser.parse(text).objectValue
        #expect(object?.count == 2)
        let validated = Array(text.utf8).withUnsafeBytes { buffer in
            var parser = JSONParser(buffer)
            return (try? parser.skipValue()) != nil
        }
        #expect(validated)
    }

    @Test func aSealedLineWithAnEscapedDuplicateKeyInDataFailsVerify() throws {
        let scratch = try TemporaryDirectory()
        let log = LogDirectory(path: scratch.file("log"))
        let writer = try LogWriter(directory: log, follower: AcceptingFollower(), source: "/orgs/test")
        try writer.append([LogFixtures.draft(1, at: LogFixtures.start)], now: LogFixtures.start)
        // Hand-seal a second line whose data repeats a key through an escape.
        let head = try LogContents.events(in: log)[0]
        var line = Array(#"{"specversion":"1.0","id":"x","source":"/orgs/test","type":"t","time":"2030-01-01T00:00:00.000Z","subject":"s","seq":2,"prevhash":"\#(head.hash)","data":{"a":1,"\u0061":2},"#.utf8)
        line += Array("\"hash\":\"\(SHA256.hash(line).hex)\"}\n".utf8)
        try LogFixtures.appendBytes(line, to: log.file("2030-01-01.jsonl"))
        #expect(ChainVerifier.verify(log).failure?.description.hasPrefix("2030-01-01.jsonl:2: invalid JSON: duplicate member \"a\"") == true)
    }
}
