#if canImport(Glibc)
import Glibc
#endif

/// A strict, byte-level JSON parser (RFC 8259) for one line of the log.
///
/// It works directly on UTF-8 bytes without Foundation: strings are checked
/// for valid UTF-8 as they are scanned, nesting is limited to
/// ``maximumDepth``, duplicate object keys and trailing bytes are rejected.
/// ``skipValue()`` validates a value without building it, which lets the
/// integrity checker read an envelope without allocating for `data`.
public struct JSONParser {
    /// The deepest nesting of arrays and objects accepted.
    public static let maximumDepth = 64

    let bytes: UnsafeRawBufferPointer
    /// The index of the next unread byte.
    var position: Int
    /// Start/end pairs of the member names of the objects being skipped, for
    /// the duplicate check; callers reuse it across lines to avoid allocating.
    var keyRanges: [Int]
    /// A member of the top-level object whose value's byte range to note.
    var trackedMember: String?
    /// The byte range of ``trackedMember``'s value, once parsed.
    var trackedRange: Range<Int>?

    init(_ bytes: UnsafeRawBufferPointer, position: Int = 0, keyRanges: [Int] = []) {
        self.bytes = bytes
        self.position = position
        self.keyRanges = keyRanges
        self.keyRanges.removeAll(keepingCapacity: true)
    }

    /// Parses a complete JSON text: one value, optional surrounding white space, nothing else.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> JSONValue {
        var parser = JSONParser(bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.count else {
            throw JSONError(offset: parser.position, reason: "unexpected bytes after the JSON value")
        }
        return value
    }

    /// Parses a complete JSON text and notes where the value of the
    /// top-level member `member` is (nil if there is none).
    static func parse(_ bytes: UnsafeRawBufferPointer, locating member: String) throws(JSONError) -> (JSONValue, Range<Int>?) {
        var parser = JSONParser(bytes)
        parser.trackedMember = member
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.count else {
            throw JSONError(offset: parser.position, reason: "unexpected bytes after the JSON value")
        }
        return (value, parser.trackedRange)
    }

    /// Parses a complete JSON text from an array of bytes.
    public static func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        do {
            return try bytes.withUnsafeBytes { buffer in try parse(buffer) }
        } catch let error as JSONError {
            throw error
        } catch {
            preconditionFailure("unreachable")
        }
    }

    /// Parses a complete JSON text from a string.
    public static func parse(_ text: String) throws(JSONError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    // MARK: - Values

    mutating func parseValue(depth: Int) throws(JSONError) -> JSONValue {
        guard position < bytes.count else { throw error("unexpected end of input, expected a value") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return .object(try parseObject(depth: depth + 1))
        case UInt8(ascii: "["): return .array(try parseArray(depth: depth + 1))
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("unexpected character, expected a value")
        }
    }

    mutating func parseObject(depth: Int) throws(JSONError) -> JSONObject {
        guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth)") }
        position += 1
        var members: [(key: String, value: JSONValue)] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return JSONObject(uniqueMembers: members)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw error("expected a member name in quotes")
            }
            let keyOffset = position
            let key = try parseString()
            // Keys are compared as code points (RFC 8259), not by Unicode canonical equivalence.
            for member in members where member.key.utf8.elementsEqual(key.utf8) {
                throw JSONError(offset: keyOffset, reason: "duplicate member \"\(key)\"")
            }
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "expected ':' after a member name")
            skipWhitespace()
            let valueStart = position
            let value = try parseValue(depth: depth)
            if depth == 1, let trackedMember, key == trackedMember { trackedRange = valueStart..<position }
            members.append((key: key, value: value))
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input inside an object") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; return JSONObject(uniqueMembers: members) }
            throw error("expected ',' or '}' in an object")
        }
    }

    mutating func parseArray(depth: Int) throws(JSONError) -> [JSONValue] {
        guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth)") }
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return elements
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of input inside an array") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; return elements }
            throw error("expected ',' or ']' in an array")
        }
    }

    /// Parses a string at `position` (which holds the opening quote).
    mutating func parseString() throws(JSONError) -> String {
        let start = position + 1
        let hasEscapes = try skipString()
        let end = position - 1
        let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        if !hasEscapes { return String(decoding: raw, as: UTF8.self) }
        return Self.unescape(raw)
    }

    /// Decodes the raw (already validated) contents of a string with escapes.
    static func unescape(_ raw: UnsafeRawBufferPointer) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            let byte = raw[i]
            guard byte == UInt8(ascii: "\\") else { out.append(byte); i += 1; continue }
            let escaped = raw[i + 1]
            i += 2
            switch escaped {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = UInt32(hexQuad(raw, at: i))
                i += 4
                if (0xD800...0xDBFF).contains(scalar), i + 6 <= raw.count, raw[i] == UInt8(ascii: "\\"),
                   raw[i + 1] == UInt8(ascii: "u")
                {
                    let low = UInt32(hexQuad(raw, at: i + 2))
                    if (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                let unicode = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(Character(unicode)).utf8))
            default: out.append(escaped)  // " \ /
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hexQuad(_ raw: UnsafeRawBufferPointer, at i: Int) -> UInt16 {
        var value: UInt16 = 0
        for k in 0..<4 { value = value << 4 | UInt16(hexDigitValue(raw[i + k])) }
        return value
    }

    static func hexDigitValue(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return 0xFF
        }
    }

    mutating func parseNumber() throws(JSONError) -> JSONValue {
        let start = position
        let isInteger = try skipNumber()
        let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<position])
        // Up to 18 characters cannot overflow Int64; longer literals take the checked path.
        if isInteger, raw.count <= 18 {
            var value: Int64 = 0
            var negative = false
            for byte in raw {
                if byte == UInt8(ascii: "-") { negative = true; continue }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return .integer(negative ? -value : value)
        }
        let text = String(decoding: raw, as: UTF8.self)
        if isInteger, let value = Int64(text) { return .integer(value) }
        guard let value = Double(text), value.isFinite else {
            throw JSONError(offset: start, reason: "number out of range")
        }
        return .number(value)
    }

    // MARK: - Validation without building

    /// Validates the value at `position` and moves past it without building it.
    mutating func skipValue(depth: Int = 0) throws(JSONError) {
        guard position < bytes.count else { throw error("unexpected end of input, expected a value") }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            guard depth < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth)") }
            position += 1
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return }
            let firstKey = keyRanges.count
            defer { keyRanges.removeSubrange(firstKey...) }
            // Names written with escapes (rare) are decoded and compared by code points.
            var decodedKeys: [[UInt8]] = []
            while true {
                skipWhitespace()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                    throw error("expected a member name in quotes")
                }
                let keyStart = position + 1
                let keyHasEscapes = try skipString()
                let keyEnd = position - 1
                let key = UnsafeRawBufferPointer(rebasing: bytes[keyStart..<keyEnd])
                func duplicate(_ name: [UInt8]) -> JSONError {
                    JSONError(offset: keyStart - 1, reason: "duplicate member \"\(String(decoding: name, as: UTF8.self))\"")
                }
                func isRawKey(_ name: UnsafeRawBufferPointer) -> Bool {
                    var index = firstKey
                    while index < keyRanges.count {
                        let otherStart = keyRanges[index], otherEnd = keyRanges[index + 1]
                        if otherEnd - otherStart == name.count,
                           name.count == 0 || memcmp(bytes.baseAddress! + otherStart, name.baseAddress!, name.count) == 0
                        { return true }
                        index += 2
                    }
                    return false
                }
                if keyHasEscapes {
                    let decoded = Array(Self.unescape(key).utf8)
                    let seen = decodedKeys.contains(decoded) || decoded.withUnsafeBytes { isRawKey($0) }
                    if seen { throw duplicate(decoded) }
                    decodedKeys.append(decoded)
                } else {
                    if isRawKey(key) || decodedKeys.contains(where: { $0.elementsEqual(key) }) {
                        throw duplicate(Array(key))
                    }
                    keyRanges.append(keyStart)
                    keyRanges.append(keyEnd)
                }
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "expected ':' after a member name")
                skipWhitespace()
                try skipValue(depth: depth + 1)
                skipWhitespace()
                guard position < bytes.count else { throw error("unexpected end of input inside an object") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "}") { position += 1; return }
                throw error("expected ',' or '}' in an object")
            }
        case UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth)") }
            position += 1
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return }
            while true {
                skipWhitespace()
                try skipValue(depth: depth + 1)
                skipWhitespace()
                guard position < bytes.count else { throw error("unexpected end of input inside an array") }
                if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                if bytes[position] == UInt8(ascii: "]") { position += 1; return }
                throw error("expected ',' or ']' in an array")
            }
        case UInt8(ascii: "\""): _ = try skipString()
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try skipNumberInRange()
        default: throw error("unexpected character, expected a value")
        }
    }

    /// Validates a number like ``skipNumber()`` and, as ``parseNumber()``
    /// does, refuses one beyond `Double`'s range (`1e400`), so that what the
    /// validator accepts the parser accepts too.
    mutating func skipNumberInRange() throws(JSONError) {
        let start = position
        let isInteger = try skipNumber()
        if isInteger, position - start <= 18 { return }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        if isInteger, Int64(text) != nil { return }
        guard let value = Double(text), value.isFinite else {
            throw JSONError(offset: start, reason: "number out of range")
        }
    }

    /// Validates the string at `position` (escapes, control characters,
    /// UTF-8) and moves past its closing quote.
    /// - Returns: whether the string contains escapes.
    mutating func skipString() throws(JSONError) -> Bool {
        position += 1
        var hasEscapes = false
        let count = bytes.count
        let base = bytes.baseAddress!
        while position < count {
            // Eight plain ASCII bytes at a time: none is a quote, a backslash,
            // a control character or non-ASCII.
            while position + 8 <= count {
                let word = UInt64(littleEndian: (base + position).loadUnaligned(as: UInt64.self))
                let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
                let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
                let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                    | (word &- (ones &* 0x20)) | word
                if special & highs != 0 { break }
                position += 8
            }
            guard position < count else { break }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") { position += 1; return hasEscapes }
            if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                guard position + 1 < count else { break }
                switch bytes[position + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                     UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    position += 2
                case UInt8(ascii: "u"):
                    guard position + 6 <= count else { throw error("truncated \\u escape") }
                    for k in 2..<6 where Self.hexDigitValue(bytes[position + k]) == 0xFF {
                        throw error("invalid \\u escape")
                    }
                    position += 6
                default:
                    throw error("invalid escape sequence")
                }
            } else if byte < 0x20 {
                throw error("control character in a string (must be escaped)")
            } else if byte < 0x80 {
                position += 1
            } else {
                try skipUTF8Sequence()
            }
        }
        throw error("unterminated string")
    }

    /// Validates one multi-byte UTF-8 sequence at `position` (no overlongs,
    /// no surrogates, nothing above U+10FFFF) and moves past it.
    mutating func skipUTF8Sequence() throws(JSONError) {
        let b0 = bytes[position]
        let count = bytes.count
        func continuation(_ i: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            i < count && range.contains(bytes[i])
        }
        switch b0 {
        case 0xC2...0xDF:
            if continuation(position + 1) { position += 2; return }
        case 0xE0:
            if continuation(position + 1, 0xA0...0xBF), continuation(position + 2) { position += 3; return }
        case 0xE1...0xEC, 0xEE...0xEF:
            if continuation(position + 1), continuation(position + 2) { position += 3; return }
        case 0xED:
            if continuation(position + 1, 0x80...0x9F), continuation(position + 2) { position += 3; return }
        case 0xF0:
            if continuation(position + 1, 0x90...0xBF), continuation(position + 2), continuation(position + 3) {
                position += 4; return
            }
        case 0xF1...0xF3:
            if continuation(position + 1), continuation(position + 2), continuation(position + 3) {
                position += 4; return
            }
        case 0xF4:
            if continuation(position + 1, 0x80...0x8F), continuation(position + 2), continuation(position + 3) {
                position += 4; return
            }
        default: break
        }
        throw error("invalid UTF-8")
    }

    /// Validates a number (RFC 8259 grammar) and moves past it.
    /// - Returns: whether it is an integer literal (no fraction, no exponent).
    mutating func skipNumber() throws(JSONError) -> Bool {
        let count = bytes.count
        var isInteger = true
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < count, isDigit(bytes[position]) else { throw error("invalid number") }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < count, isDigit(bytes[position]) { throw error("invalid number (leading zero)") }
        } else {
            while position < count, isDigit(bytes[position]) { position += 1 }
        }
        if position < count, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard position < count, isDigit(bytes[position]) else { throw error("invalid number (fraction)") }
            while position < count, isDigit(bytes[position]) { position += 1 }
        }
        if position < count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            position += 1
            if position < count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < count, isDigit(bytes[position]) else { throw error("invalid number (exponent)") }
            while position < count, isDigit(bytes[position]) { position += 1 }
        }
        return isInteger
    }

    // MARK: - Small steps

    @inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    @inline(__always) mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    mutating func expect(_ byte: UInt8, _ message: String) throws(JSONError) {
        guard position < bytes.count, bytes[position] == byte else { throw error(message) }
        position += 1
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONError) {
        let length = literal.utf8CodeUnitCount
        guard position + length <= bytes.count else { throw error("invalid literal") }
        let text = UnsafeRawBufferPointer(start: literal.utf8Start, count: length)
        for k in 0..<length where bytes[position + k] != text[k] { throw error("invalid literal") }
        position += length
    }

    func error(_ reason: String) -> JSONError { JSONError(offset: position, reason: reason) }
}
