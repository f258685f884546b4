import Foundation
import Testing
@testable import Chronicle

@Suite struct JSONParserTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONParser.parse(#" {"a": [1, -2, 3.5, 1e3, true, false, null], "b": {"c": "d"}, "e": "" } "#)
        #expect(value == ["a": [1, -2, 3.5, 1000.0, true, false, nil], "b": ["c": "d"], "e": ""])
        #expect(value["a"]?.arrayValue?[0] == .integer(1))
        #expect(value["a"]?.arrayValue?[2] == .number(3.5))
    }

    @Test func keepsIntegerLiteralsApartFromOtherNumbers() throws {
        #expect(try JSONParser.parse("60") == .integer(60))
        #expect(try JSONParser.parse("60").integerValue == 60)
        #expect(try JSONParser.parse("60.0").integerValue == nil)
        #expect(try JSONParser.parse("6e1").integerValue == nil)
        #expect(try JSONParser.parse("-9223372036854775808") == .integer(.min))
        #expect(try JSONParser.parse("9223372036854775808") == .number(9223372036854775808.0))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONParser.parse(#""a\"b\\c\/d\n\t\u00e9\ud83d\ude00""#)
        #expect(value == .string("a\"b\\c/d\n\té😀"))
    }

    @Test func keepsNonASCIIText() throws {
        #expect(try JSONParser.parse(Array("\"Clé — 😀\"".utf8)) == .string("Clé — 😀"))
    }

    @Test(arguments: [
        ([0x22, 0xC3, 0x28, 0x22], "invalid UTF-8"),  // bad continuation byte
        ([0x22, 0xC0, 0xAF, 0x22], "invalid UTF-8"),  // overlong "/"
        ([0x22, 0xED, 0xA0, 0x80, 0x22], "invalid UTF-8"),  // UTF-8 encoded surrogate
        ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], "invalid UTF-8"),  // above U+10FFFF
        ([0x22, 0x0A, 0x22], "control character in a string (must be escaped)"),
    ] as [([UInt8], String)])
    func rejectsInvalidStrings(bytes: [UInt8], reason: String) {
        #expect { try JSONParser.parse(bytes) } throws: { ($0 as? JSONError)?.reason == reason }
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "-", "+1", "1e", "tru", "nul", "\"\\x\"", "\"\\u12\"",
        "{\"a\" 1}", "{a:1}", "[1 2]", "'a'", "NaN", "Infinity", "1e999",
    ])
    func rejectsMalformedText(text: String) {
        #expect(throws: JSONError.self) { try JSONParser.parse(text) }
    }

    @Test func rejectsTrailingBytes() {
        #expect { try JSONParser.parse("{} x") } throws: {
            ($0 as? JSONError) == JSONError(offset: 3, reason: "unexpected bytes after the JSON value")
        }
    }

    @Test func rejectsDuplicateMembers() {
        #expect { try JSONParser.parse(#"{"a":1,"a":2}"#) } throws: { "\($0)".contains("duplicate member \"a\"") }
    }

    @Test func limitsNestingTo64Levels() throws {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        _ = try JSONParser.parse(ok)
        #expect { try JSONParser.parse(deep) } throws: { "\($0)".contains("nesting deeper than 64") }
        Array(deep.utf8).withUnsafeBytes { bytes in
            var parser = JSONParser(bytes)
            #expect(throws: JSONError.self) { try parser.skipValue() }
        }
    }

    @Test func validatingWithoutBuildingAgreesWithParsing() throws {
        let texts = [
            #"{"a":[1,{"b":"c\u0041"}],"d":null}"#, #"[1,2"#, #"{"a":1,"a":2}"#, "\"\u{1}\"", #"{"x":-0.5e-3}"#,
            // The same name in sibling and nested objects is fine; twice in one object is not.
            #"{"a":{"a":1},"b":{"a":2,"b":[{"a":3}]}}"#, #"{"a":{"b":1,"c":{"b":2}},"a":3}"#,
            #"{"ab":1,"ba":2,"abc":{"abc":[]},"bc":3}"#, #"{"k":{"x":1},"k2":{"x":1,"x":2}}"#,
            #"{"":1,"":2}"#, #"{"":1,"a":{"":2}}"#, "{ \"a\" : [ 1 , { } , [ ] ] , \"b\" : { } }",
            #"[{"a":1},{"a":2}]"#, #"{"a":1,}"#, #"{"a":[1,]}"#, #"[1}"#, #"{"a":1]"#, #"{"a"}"#, #"{"#, #"["#,
            #"{"é":1,"é":2}"#, "{\"a\":\"\u{7F}\u{80}\"}", #"{"a":"é\"","b":"x\\"}"#,
        ]
        for text in texts {
            let parsed = (try? JSONParser.parse(text)) != nil
            let skipped: Bool = Array(text.utf8).withUnsafeBytes { bytes in
                var parser = JSONParser(bytes)
                do {
                    try parser.skipValue()
                    return parser.position == bytes.count
                } catch { return false }
            }
            #expect(parsed == skipped, "\(text)")
        }
    }
}
