import Testing

@testable import Chronicle

struct HexTests {
    @Test func encodingIsLowercaseTwoDigitsPerByte() {
        #expect(Hex.encode([]) == "")
        #expect(Hex.encode([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
    }

    @Test func everyByteRoundTrips() {
        let all = Array(UInt8.min...UInt8.max)
        let text = Hex.encode(all)
        #expect(text.count == 512)
        #expect(text == text.lowercased())
        #expect(Hex.decode(text) == all)
    }

    @Test func decodingAcceptsEitherCase() {
        #expect(Hex.decode("DEADbeef") == [0xde, 0xad, 0xbe, 0xef])
    }

    @Test(arguments: ["0", "abc", "0g", "zz", " 00", "00 ", "0x00", "é0"])
    func decodingRejectsOddLengthsAndNonDigits(text: String) {
        #expect(Hex.decode(text) == nil)
    }

    @Test func theDigitFunctionMapsEveryNibble() {
        let digits = (0..<16).map { Hex.lowercaseDigit(UInt8($0)) }
        #expect(String(decoding: digits, as: UTF8.self) == "0123456789abcdef")
    }
}
