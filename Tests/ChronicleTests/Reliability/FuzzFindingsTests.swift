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
}
