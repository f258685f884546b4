/// One way of damaging an input, as a fuzzer does: each case changes the
/// bytes a little (a flipped byte) or a lot (a thousand-deep nesting).
public enum Mutation: String, CaseIterable, Sendable {
    case byteFlip, bitFlip, specialByte, insertion, deletion, truncation
    case duplicatedMember, deepNesting, invalidUTF8, hugeNumber, splice, tokenSwap

    /// Applies the mutation to `bytes`.
    /// - Parameters:
    ///   - donor: another input, for ``splice``.
    public func apply<R: RandomNumberGenerator>(to bytes: inout [UInt8], donor: [UInt8], using random: inout R) {
        func position(inclusiveEnd: Bool = false) -> Int {
            Int.random(in: 0...(inclusiveEnd ? bytes.count : max(bytes.count - 1, 0)), using: &random)
        }
        switch self {
        case .byteFlip:
            guard !bytes.isEmpty else { bytes = [UInt8.random(in: 0...255, using: &random)]; return }
            bytes[position()] = UInt8.random(in: 0...255, using: &random)
        case .bitFlip:
            guard !bytes.isEmpty else { return }
            bytes[position()] ^= 1 << UInt8.random(in: 0...7, using: &random)
        case .specialByte:
            guard !bytes.isEmpty else { return }
            bytes[position()] = Self.specialBytes.randomElement(using: &random)!
        case .insertion:
            let token = Bool.random(using: &random)
                ? Self.tokens.randomElement(using: &random)!
                : (0..<Int.random(in: 1...8, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            bytes.insert(contentsOf: token, at: position(inclusiveEnd: true))
        case .deletion:
            guard !bytes.isEmpty else { return }
            let start = position()
            let length = Int.random(in: 1...min(32, bytes.count - start), using: &random)
            bytes.removeSubrange(start..<(start + length))
        case .truncation:
            bytes.removeSubrange(position(inclusiveEnd: true)...)
        case .duplicatedMember:
            // Copy one `,"name":value` span of the text right after itself.
            let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\"")
            func isMemberStart(_ i: Int) -> Bool { bytes[i] == comma && i + 1 < bytes.count && bytes[i + 1] == quote }
            guard !bytes.isEmpty, let start = Self.firstIndex(in: bytes, from: position(), where: isMemberStart) else { return }
            var end = start + 1
            while end < bytes.count, !isMemberStart(end) { end += 1 }
            if end == bytes.count, let brace = bytes[start...].lastIndex(of: UInt8(ascii: "}")) { end = brace }
            bytes.insert(contentsOf: Array(bytes[start..<end]), at: end)
        case .deepNesting:
            let depth = [2, 63, 64, 65, 200, 5_000, 20_000].randomElement(using: &random)!
            let (open, close) = Bool.random(using: &random) ? (UInt8(ascii: "["), UInt8(ascii: "]")) : (UInt8(ascii: "{"), UInt8(ascii: "}"))
            var nested: [UInt8] = []
            if open == UInt8(ascii: "[") {
                nested = [UInt8](repeating: open, count: depth) + Array("1".utf8)
                if Bool.random(using: &random) { nested += [UInt8](repeating: close, count: depth) }
            } else {
                nested = Array(String(repeating: "{\"a\":", count: depth).utf8) + Array("1".utf8)
                if Bool.random(using: &random) { nested += [UInt8](repeating: close, count: depth) }
            }
            // Replace a value after a colon when there is one, else insert anywhere.
            if !bytes.isEmpty, let colon = Self.firstIndex(in: bytes, from: position(), where: { bytes[$0] == UInt8(ascii: ":") }) {
                var end = colon + 1
                while end < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "}")].contains(bytes[end]) { end += 1 }
                bytes.replaceSubrange((colon + 1)..<end, with: nested)
            } else {
                bytes.insert(contentsOf: nested, at: position(inclusiveEnd: true))
            }
        case .invalidUTF8:
            bytes.insert(contentsOf: Self.invalidSequences.randomElement(using: &random)!, at: position(inclusiveEnd: true))
        case .hugeNumber:
            let number = Array(Self.numbers.randomElement(using: &random)!.utf8)
            if !bytes.isEmpty, let digit = Self.firstIndex(in: bytes, from: position(), where: { bytes[$0] &- UInt8(ascii: "0") < 10 }) {
                var end = digit
                while end < bytes.count, bytes[end] &- UInt8(ascii: "0") < 10 || bytes[end] == UInt8(ascii: ".") { end += 1 }
                bytes.replaceSubrange(digit..<end, with: number)
            } else {
                bytes.insert(contentsOf: number, at: position(inclusiveEnd: true))
            }
        case .splice:
            guard !donor.isEmpty else { return }
            let start = Int.random(in: 0..<donor.count, using: &random)
            let end = Int.random(in: start...donor.count, using: &random)
            let at = position(inclusiveEnd: true)
            let cut = Int.random(in: at...bytes.count, using: &random)
            bytes.replaceSubrange(at..<cut, with: donor[start..<end])
        case .tokenSwap:
            // Two spans of the text change places.
            guard bytes.count > 4 else { return }
            let a = position(), b = position()
            let (first, second) = (min(a, b), max(a, b))
            let length = Int.random(in: 1...max(1, min(16, (second - first))), using: &random)
            guard first + length <= second, second + length <= bytes.count else { return }
            let left = Array(bytes[first..<(first + length)])
            let right = Array(bytes[second..<(second + length)])
            bytes.replaceSubrange(second..<(second + length), with: left)
            bytes.replaceSubrange(first..<(first + length), with: right)
        }
    }

    /// The first index from `start` on (wrapping around once) where `matches` holds.
    static func firstIndex(in bytes: [UInt8], from start: Int, where matches: (Int) -> Bool) -> Int? {
        for index in start..<bytes.count where matches(index) { return index }
        for index in 0..<start where matches(index) { return index }
        return nil
    }

    static let specialBytes: [UInt8] = Array("\"\\{}[],: \t\r\n0-.eE+nutf".utf8) + [0x00, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xE2, 0xED, 0xF0, 0xF4, 0xF5, 0xFF]

    static let tokens: [[UInt8]] = [
        "null", "true", "false", "\"\"", "{}", "[]", "\\u", "\\u00", "\\u0000", "\\uD800", "\\uDC00", "\\uD83D\\uDE00",
        "\\\"", "\\\\", "\\x", ",", ":", "\"seq\":1,", "\"hash\":\"", "\"id\":\"x\",", "\"data\":{},", "\"a\":1,",
        "\"\\u0061\":1,", "\u{2028}", "\u{FEFF}", "\"}", "{\"", "\n", "\r\n", "-", "0", "00", "1.", ".5", "1e", "e5",
    ].map { Array($0.utf8) }

    static let invalidSequences: [[UInt8]] = [
        [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xC2], [0xE0, 0x80, 0x80], [0xE2, 0x82], [0xED, 0xA0, 0x80],
        [0xED, 0xBF, 0xBF], [0xEF, 0xBF], [0xF0, 0x80, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
        [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFE], [0xFF], [0xF0, 0x9F, 0x98],
    ]

    static let numbers: [String] = [
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "9999999999999999999", "-9999999999999999999", "18446744073709551616", "123456789012345678901234567890",
        "1e308", "1e309", "1e400", "-1e400", "1e-400", "4.9e-324", "2.5e-324", "1.7976931348623157e308",
        "0.000000000000000000000000000000000001", "1" + String(repeating: "0", count: 400),
        "0." + String(repeating: "9", count: 400), "-0", "-0.0", "0e0", "1E+2", "1e99999999999999999999",
    ]
}
