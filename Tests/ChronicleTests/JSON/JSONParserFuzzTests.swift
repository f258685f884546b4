import ChronicleTesting
import Testing
@testable import Chronicle

/// Mutated log lines against the JSON parser: no crash, no hang, a reason
/// for every rejection, and what it accepts survives a write-and-parse round
/// trip. The validator `verify` uses (`skipValue`) must agree with it.
/// ``FuzzBudget`` scales and replays it.
@Suite struct JSONParserFuzzTests {
    static func validates(_ input: [UInt8]) -> Bool {
        input.withUnsafeBytes { bytes in
            var parser = JSONParser(bytes)
            parser.skipWhitespace()
            do { try parser.skipValue() } catch { return false }
            parser.skipWhitespace()
            return parser.position == bytes.count
        }
    }

    @Test func survivesMutatedLinesAndRoundTripsWhatItAccepts() {
        ConformanceFiles.fuzzLines("JSONParser.parse", salt: 0x15) { input in
            let validated = Self.validates(input)
            let value: JSONValue
            do throws(JSONError) {
                value = try JSONParser.parse(input)
            } catch {
                guard !validated else { return .violation("the validator accepts what the parser rejects (\(error))") }
                guard (0...input.count).contains(error.offset) else { return .violation("error offset \(error.offset) is outside the input") }
                return .rejected(error.reason)
            }
            guard validated else { return .violation("the parser accepts what the validator rejects") }
            let written = JSONWriter.serialize(value)
            guard let again = try? JSONParser.parse(written), again == value else {
                return .violation("writing and parsing again changes the value")
            }
            guard JSONWriter.serialize(again) == written else { return .violation("writing is not stable") }
            return .accepted
        }
    }
}
