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
}
