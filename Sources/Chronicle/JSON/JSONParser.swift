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
    /// The member names of the objects being skipped, for the duplicate
    /// check (see ``skipValue(depth:)``); callers reuse it across lines to
    /// avoid allocating.
    var keyRanges: [Int]
    /// Member names written with escapes (rare), decoded, with the index of
    /// their object's -1 marker in ``keyRanges``.
    var escapedNames: [(marker: Int, name: [UInt8])] = []

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
        try parser.expectEnd()
        return value
    }

    /// Checks that only white space is left after the value just read.
    mutating func expectEnd() throws(JSONError) {
        skipWhitespace()
        guard position == bytes.count else {
            throw JSONError(offset: position, reason: "unexpected bytes after the JSON value")
        }
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
            let value = try parseValue(depth: depth)
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
        guard let value = Self.number(UnsafeRawBufferPointer(rebasing: bytes[start..<position]), isInteger: isInteger)
        else { throw JSONError(offset: start, reason: "number out of range") }
        return value
    }

    /// The value of a valid number literal: an integer literal that fits
    /// 64 bits is ``JSONValue/integer(_:)``, any other number
    /// ``JSONValue/number(_:)``; nil when a `Double` cannot hold it.
    static func number(_ raw: UnsafeRawBufferPointer, isInteger: Bool) -> JSONValue? {
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
        guard let value = Double(text), value.isFinite else { return nil }
        return .number(value)
    }

    // MARK: - Validation without building

    /// Validates the value at `position` and moves past it without building it.
    ///
    /// Iterative: bit `i` of `objects` tells whether the `i`-th open
    /// container is an object. The member names of the open objects sit in
    /// ``keyRanges`` as `length << 32 | start`, each object's after a -1
    /// marker, for the duplicate check.
    mutating func skipValue(depth: Int = 0) throws(JSONError) {
        let count = bytes.count
        let firstKey = keyRanges.count
        defer { keyRanges.removeSubrange(firstKey...) }
        var level = 0
        var objects: UInt64 = 0
        while true {
            // A value.
            guard position < count else { throw error("unexpected end of input, expected a value") }
            switch bytes[position] {
            case UInt8(ascii: "\""):
                _ = try skipString()
            case UInt8(ascii: "{"):
                guard depth + level < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth)") }
                position += 1
                skipWhitespace()
                if position < count, bytes[position] == UInt8(ascii: "}") {
                    position += 1
                } else {
                    objects |= 1 << UInt64(level)
                    level += 1
                    if !escapedNames.isEmpty { escapedNames.removeAll { $0.marker >= keyRanges.count } }
                    keyRanges.append(-1)
                    try skipMemberName()
                    continue
                }
            case UInt8(ascii: "["):
                guard depth + level < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth)") }
                position += 1
                skipWhitespace()
                if position < count, bytes[position] == UInt8(ascii: "]") {
                    position += 1
                } else {
                    objects &= ~(1 << UInt64(level))
                    level += 1
                    skipWhitespace()
                    continue
                }
            case UInt8(ascii: "t"): try expectLiteral("true")
            case UInt8(ascii: "f"): try expectLiteral("false")
            case UInt8(ascii: "n"): try expectLiteral("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try skipNumberInRange()
            default: throw error("unexpected character, expected a value")
            }
            // After a value: close what ends here, then go on to the next value.
            while true {
                guard level > 0 else { return }
                let inObject = objects & (1 << UInt64(level - 1)) != 0
                skipWhitespace()
                guard position < count else {
                    throw error(inObject ? "unexpected end of input inside an object" : "unexpected end of input inside an array")
                }
                let byte = bytes[position]
                if byte == UInt8(ascii: ",") {
                    position += 1
                    if inObject { try skipMemberName() } else { skipWhitespace() }
                    break
                }
                if inObject {
                    guard byte == UInt8(ascii: "}") else { throw error("expected ',' or '}' in an object") }
                    // Drop this object's names, through its marker.
                    while keyRanges.removeLast() != -1 {}
                } else {
                    guard byte == UInt8(ascii: "]") else { throw error("expected ',' or ']' in an array") }
                }
                position += 1
                level -= 1
            }
        }
    }

    /// Validates a member name and the `:` after it, checks it against the
    /// names before it in the same object, and stops at the member's value.
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

    @inline(__always) private mutating func skipMemberName() throws(JSONError) {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
            throw error("expected a member name in quotes")
        }
        let keyStart = position + 1
        let keyHasEscapes = try skipString()
        let keyEnd = position - 1
        // Names are compared as code points: raw bytes here, decoded for the rare escaped name.
        let marker = keyRanges.lastIndex(of: -1) ?? -1
        func seenEscaped(_ name: UnsafeRawBufferPointer) -> Bool {
            escapedNames.contains { $0.marker == marker && $0.name.elementsEqual(name) }
        }
        if keyHasEscapes {
            let decoded = Array(Self.unescape(UnsafeRawBufferPointer(rebasing: bytes[keyStart..<keyEnd])).utf8)
            let base = bytes.baseAddress!
            var seen = decoded.withUnsafeBytes { seenEscaped($0) }
            var index = keyRanges.count - 1
            while !seen, index >= 0, keyRanges[index] >= 0 {
                let other = keyRanges[index], otherStart = other & 0xFFFF_FFFF, length = other >> 32
                seen = length == decoded.count
                    && decoded.withUnsafeBytes { length == 0 || memcmp(base + otherStart, $0.baseAddress!, length) == 0 }
                index -= 1
            }
            if seen {
                throw JSONError(offset: keyStart - 1, reason: "duplicate member \"\(String(decoding: decoded, as: UTF8.self))\"")
            }
            escapedNames.append((marker, decoded))
        } else if !escapedNames.isEmpty, seenEscaped(UnsafeRawBufferPointer(rebasing: bytes[keyStart..<keyEnd])) {
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[keyStart..<keyEnd]), as: UTF8.self)
            throw JSONError(offset: keyStart - 1, reason: "duplicate member \"\(name)\"")
        }
        if !keyHasEscapes {
            let length = keyEnd - keyStart
            let base = bytes.baseAddress!
            let duplicate = keyRanges.withUnsafeBufferPointer { names in
                var index = names.count - 1
                while names[index] >= 0 {
                    let other = names[index], otherStart = other & 0xFFFF_FFFF
                    // Same length, same last byte, then the whole name.
                    if other >> 32 == length, length == 0 || base.load(fromByteOffset: otherStart + length - 1, as: UInt8.self)
                        == base.load(fromByteOffset: keyEnd - 1, as: UInt8.self),
                        memcmp(base + otherStart, base + keyStart, length) == 0
                    {
                        return true
                    }
                    index -= 1
                }
                return false
            }
            if duplicate {
                let name = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[keyStart..<keyEnd]), as: UTF8.self)
                throw JSONError(offset: keyStart - 1, reason: "duplicate member \"\(name)\"")
            }
            keyRanges.append(length << 32 | keyStart)
        }
        skipWhitespace()
        try expect(UInt8(ascii: ":"), "expected ':' after a member name")
        skipWhitespace()
    }

    /// Validates the string at `position` (escapes, control characters,
    /// UTF-8) and moves past its closing quote.
    /// - Returns: whether the string contains escapes.
    @inline(__always) mutating func skipString() throws(JSONError) -> Bool {
        position += 1
        var hasEscapes = false
        let count = bytes.count
        let base = bytes.baseAddress!
        while true {
            // Eight bytes at a time, straight to the first one that needs a look.
            while position + 8 <= count {
                let special = Self.specialBytes(UInt64(littleEndian: (base + position).loadUnaligned(as: UInt64.self)))
                if special != 0 {
                    position += special.trailingZeroBitCount >> 3
                    break
                }
                position += 8
            }
            guard position < count else { break }
            let byte = base.load(fromByteOffset: position, as: UInt8.self)
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

    /// The high bit of each byte of `word` (little-endian) that a string
    /// scan must stop at: a quote, a backslash, a control character or a
    /// non-ASCII byte. The lowest set bit is exact (a borrow only starts at
    /// a byte that is itself flagged), so it locates the first such byte.
    @inline(__always) static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
        return (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
            | ((word &- (ones &* 0x20)) & ~word) | word) & highs
    }

    /// Validates the contents of a string that start at `start` (after its
    /// opening quote) as ``skipString()`` does: escapes, control characters,
    /// UTF-8.
    /// - Returns: the offset of the closing quote and whether there are
    ///   escapes; nil for anything ``skipString()`` rejects.
    static func validateStringBody(_ base: UnsafeRawPointer, from start: Int, end: Int) -> (close: Int, hasEscapes: Bool)? {
        var hasEscapes = false
        var position = firstSpecialByte(base, from: start, end: end)
        while position < end {
            let byte = base.load(fromByteOffset: position, as: UInt8.self)
            if byte == UInt8(ascii: "\"") { return (position, hasEscapes) }
            if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                guard position + 1 < end else { return nil }
                switch base.load(fromByteOffset: position + 1, as: UInt8.self) {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                     UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    position += 2
                case UInt8(ascii: "u"):
                    guard position + 6 <= end else { return nil }
                    for k in 2..<6 where hexDigitValue(base.load(fromByteOffset: position + k, as: UInt8.self)) == 0xFF {
                        return nil
                    }
                    position += 6
                default:
                    return nil
                }
            } else if byte < 0x20 {
                return nil
            } else {
                let length = utf8SequenceLength(base, at: position, end: end)
                guard length > 0 else { return nil }
                position += length
            }
            position = firstSpecialByte(base, from: position, end: end)
        }
        return nil
    }

    /// The offset of the first byte at or after `start` (and before `end`)
    /// that a string scan must look at: a quote, a backslash, a control
    /// character or a non-ASCII byte; `end` if there is none.
    @inline(__always) static func firstSpecialByte(_ base: UnsafeRawPointer, from start: Int, end: Int) -> Int {
        var position = start
        // Sixteen bytes at a time while none is special (a compare each, then one test of
        // the lanes); the eight-byte scan below then finds the exact one.
        let quote = SIMD16<UInt8>(repeating: 0x22), backslash = SIMD16<UInt8>(repeating: 0x5C)
        let space = SIMD16<Int8>(repeating: 0x20)
        while position + 16 <= end {
            let bytes = (base + position).loadUnaligned(as: SIMD16<UInt8>.self)
            // As signed bytes, both control characters and non-ASCII bytes are below a space.
            let special = (bytes .== quote) .| (bytes .== backslash) .| (SIMD16<Int8>(truncatingIfNeeded: bytes) .< space)
            if let lane = firstSetLane(special) { return position + lane }
            position += 16
        }
        while position + 8 <= end {
            let special = specialBytes(UInt64(littleEndian: (base + position).loadUnaligned(as: UInt64.self)))
            if special != 0 { return position + special.trailingZeroBitCount >> 3 }
            position += 8
        }
        while position < end {
            let byte = base.load(fromByteOffset: position, as: UInt8.self)
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte &- 0x20 >= 0x60 { return position }
            position += 1
        }
        return end
    }

    /// The offset of the first byte at or after `start` (and before `end`)
    /// that a JSON string must escape: a quote, a backslash or a control
    /// character (non-ASCII bytes pass); `end` if there is none.
    @inline(__always) static func firstEscapedByte(_ base: UnsafeRawPointer, from start: Int, end: Int) -> Int {
        var position = start
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let quote = SIMD16<UInt8>(repeating: 0x22), backslash = SIMD16<UInt8>(repeating: 0x5C)
        let space = SIMD16<UInt8>(repeating: 0x20)
        while position + 16 <= end {
            let bytes = (base + position).loadUnaligned(as: SIMD16<UInt8>.self)
            if let lane = firstSetLane((bytes .== quote) .| (bytes .== backslash) .| (bytes .< space)) { return position + lane }
            position += 16
        }
        while position + 8 <= end {
            let word = UInt64(littleEndian: (base + position).loadUnaligned(as: UInt64.self))
            let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
            // A byte is flagged when it is zero after the xor (or below 0x20); a borrow can flag
            // only bytes above a flagged one, so the lowest flag is exact.
            let escaped = (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                | ((word &- (ones &* 0x20)) & ~word)) & highs
            if escaped != 0 { return position + escaped.trailingZeroBitCount >> 3 }
            position += 8
        }
        while position < end {
            let byte = base.load(fromByteOffset: position, as: UInt8.self)
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return position }
            position += 1
        }
        return end
    }

    /// The first lane of `mask` that is set, if any: its lanes are all-ones
    /// or all-zero bytes, so two words tell (`any` and the stdlib's lane
    /// reductions compile to a loop over the lanes here).
    @inline(__always) static func firstSetLane(_ mask: SIMDMask<SIMD16<Int8>>) -> Int? {
        let words = unsafeBitCast(mask, to: SIMD2<UInt64>.self)
        if words[0] != 0 { return words[0].trailingZeroBitCount >> 3 }
        if words[1] != 0 { return 8 + words[1].trailingZeroBitCount >> 3 }
        return nil
    }

    /// Validates one multi-byte UTF-8 sequence at `position` (no overlongs,
    /// no surrogates, nothing above U+10FFFF) and moves past it.
    mutating func skipUTF8Sequence() throws(JSONError) {
        let length = Self.utf8SequenceLength(bytes.baseAddress!, at: position, end: bytes.count)
        guard length > 0 else { throw error("invalid UTF-8") }
        position += length
    }

    /// The length of the valid multi-byte UTF-8 sequence at `position` (no
    /// overlongs, no surrogates, nothing above U+10FFFF) in bytes that end
    /// at `end`; 0 when there is none.
    @inline(__always) static func utf8SequenceLength(_ base: UnsafeRawPointer, at position: Int, end: Int) -> Int {
        @inline(__always) func continuation(_ i: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            i < end && range.contains(base.load(fromByteOffset: i, as: UInt8.self))
        }
        switch base.load(fromByteOffset: position, as: UInt8.self) {
        case 0xC2...0xDF:
            if continuation(position + 1) { return 2 }
        case 0xE0:
            if continuation(position + 1, 0xA0...0xBF), continuation(position + 2) { return 3 }
        case 0xE1...0xEC, 0xEE...0xEF:
            if continuation(position + 1), continuation(position + 2) { return 3 }
        case 0xED:
            if continuation(position + 1, 0x80...0x9F), continuation(position + 2) { return 3 }
        case 0xF0:
            if continuation(position + 1, 0x90...0xBF), continuation(position + 2), continuation(position + 3) { return 4 }
        case 0xF1...0xF3:
            if continuation(position + 1), continuation(position + 2), continuation(position + 3) { return 4 }
        case 0xF4:
            if continuation(position + 1, 0x80...0x8F), continuation(position + 2), continuation(position + 3) { return 4 }
        default: break
        }
        return 0
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
        // Compact JSON has none: one comparison in the common case.
        if position < bytes.count, bytes[position] > 0x20 { return }
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    @inline(__always) mutating func expect(_ byte: UInt8, _ message: @autoclosure () -> String) throws(JSONError) {
        guard position < bytes.count, bytes[position] == byte else { throw error(message()) }
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
