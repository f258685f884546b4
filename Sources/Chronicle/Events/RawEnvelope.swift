#if canImport(Glibc)
import Glibc
#endif

/// Where the ten envelope members of one line are, found without building
/// `data`: the integrity checker works on this, readers turn it into an
/// ``Event``.
struct RawEnvelope {
    /// The byte range of a string's contents (inside the quotes).
    struct Text {
        var start = 0
        var end = 0
        var hasEscapes = false

        func string(in line: UnsafeRawBufferPointer) -> String {
            let raw = UnsafeRawBufferPointer(rebasing: line[start..<end])
            return hasEscapes ? JSONParser.unescape(raw) : String(decoding: raw, as: UTF8.self)
        }

        func bytes(in line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(rebasing: line[start..<end])
        }
    }

    var specversion = Text()
    var id = Text()
    var source = Text()
    var type = Text()
    var time = Text()
    var subject = Text()
    var prevhash = Text()
    var hash = Text()
    var seq: Int64 = 0
    /// The byte range of the `data` value.
    var data = 0..<0
    /// Whether the scan indexed `data` into the tape it was given (see
    /// ``scan(_:scratch:dataTape:shortcut:)``); false when there was none or the
    /// text needs the slow path.
    var dataIndexed = false
    /// Whether a ``DataShortcut`` validated `data` (then it is not indexed).
    var dataReadByShortcut = false

    /// The envelope members in the order writers emit them.
    static let memberNames = ["specversion", "id", "source", "type", "time", "subject", "seq", "prevhash", "data", "hash"]

    /// Scans one line (without its newline): a JSON object with exactly the
    /// ten envelope members, `hash` last, each of the right JSON type. `data`
    /// is validated but not built.
    static func scan(_ line: UnsafeRawBufferPointer) throws(LineError) -> RawEnvelope {
        var scratch: [Int] = []
        return try scan(line, scratch: &scratch)
    }

    /// Scans one line, reusing `scratch` (the parser's member-name stack) to avoid allocating.
    /// - Parameters:
    ///   - dataTape: where to index `data` while validating it, in the same
    ///     pass, when it can (``JSONTape/indexValidating(_:depth:)``);
    ///     ``dataIndexed`` tells whether it did. Offsets are from `data`'s start.
    ///   - shortcut: what may validate `data` in place of the tape, on a
    ///     line laid out as writers write it (``dataReadByShortcut``).
    static func scan(
        _ line: UnsafeRawBufferPointer, scratch: inout [Int], dataTape: JSONTape? = nil, shortcut: DataShortcut? = nil
    ) throws(LineError) -> RawEnvelope {
        // Most lines are exactly as writers write them.
        if let dataTape, let envelope = scanCanonical(line, dataTape: dataTape, shortcut: shortcut) { return envelope }
        var envelope = RawEnvelope()
        var parser = JSONParser(line, keyRanges: [])
        swap(&parser.keyRanges, &scratch)
        defer { swap(&parser.keyRanges, &scratch) }
        var seen: UInt16 = 0
        var lastMember = -1
        do {
            parser.skipWhitespace()
            guard parser.position < line.count, line[parser.position] == UInt8(ascii: "{") else {
                throw LineError("not a JSON object")
            }
            parser.position += 1
            parser.skipWhitespace()
            if parser.position < line.count, line[parser.position] == UInt8(ascii: "}") {
                throw LineError("missing member \"specversion\"")
            }
            while true {
                parser.skipWhitespace()
                guard parser.position < line.count, line[parser.position] == UInt8(ascii: "\"") else {
                    throw LineError("invalid JSON: expected a member name in quotes at byte \(parser.position + 1)")
                }
                let keyStart = parser.position + 1
                let keyHasEscapes = try parser.skipString()
                let keyBytes = UnsafeRawBufferPointer(rebasing: line[keyStart..<(parser.position - 1)])
                let member = keyHasEscapes ? nil : memberIndex(keyBytes)
                guard let member else {
                    let name = Text(start: keyStart, end: parser.position - 1, hasEscapes: keyHasEscapes).string(in: line)
                    throw LineError("unexpected member \"\(name)\"")
                }
                guard seen & (1 << member) == 0 else {
                    throw LineError("duplicate member \"\(memberNames[member])\"")
                }
                seen |= 1 << member
                lastMember = member
                parser.skipWhitespace()
                try parser.expect(UInt8(ascii: ":"), "expected ':' after a member name")
                parser.skipWhitespace()
                let valueStart = parser.position
                guard valueStart < line.count else { throw LineError("invalid JSON: unexpected end of line") }
                let first = line[valueStart]
                switch member {
                case 6:  // seq
                    guard first == UInt8(ascii: "-") || first &- UInt8(ascii: "0") < 10 else {
                        try parser.skipValue()
                        throw LineError("member \"seq\" must be an integer")
                    }
                    guard try parser.skipNumber() else {
                        throw LineError("member \"seq\" must be an integer")
                    }
                    var value: Int64 = 0
                    var negative = false
                    var overflow = false
                    for byte in line[valueStart..<parser.position] {
                        if byte == UInt8(ascii: "-") { negative = true; continue }
                        let (tens, overflowed) = value.multipliedReportingOverflow(by: 10)
                        let (sum, carried) = tens.addingReportingOverflow(Int64(byte - 48))
                        value = sum
                        overflow = overflow || overflowed || carried
                    }
                    guard !overflow else { throw LineError("member \"seq\" is out of range") }
                    envelope.seq = negative ? -value : value
                case 8:  // data
                    if let dataTape, first == UInt8(ascii: "{"),
                       let length = dataTape.indexValidating(UnsafeRawBufferPointer(rebasing: line[valueStart...]), depth: 1)
                    {
                        parser.position = valueStart + length
                        envelope.dataIndexed = true
                    } else {
                        // The slow path reports the exact error.
                        try parser.skipValue(depth: 1)
                        guard first == UInt8(ascii: "{") else { throw LineError("member \"data\" must be an object") }
                    }
                    envelope.data = valueStart..<parser.position
                default:
                    guard first == UInt8(ascii: "\"") else {
                        try parser.skipValue()
                        throw LineError("member \"\(memberNames[member])\" must be a string")
                    }
                    let hasEscapes = try parser.skipString()
                    let text = Text(start: valueStart + 1, end: parser.position - 1, hasEscapes: hasEscapes)
                    switch member {
                    case 0: envelope.specversion = text
                    case 1: envelope.id = text
                    case 2: envelope.source = text
                    case 3: envelope.type = text
                    case 4: envelope.time = text
                    case 5: envelope.subject = text
                    case 7: envelope.prevhash = text
                    default: envelope.hash = text
                    }
                }
                parser.skipWhitespace()
                guard parser.position < line.count else { throw LineError("invalid JSON: unexpected end of line") }
                if line[parser.position] == UInt8(ascii: ",") { parser.position += 1; continue }
                if line[parser.position] == UInt8(ascii: "}") { parser.position += 1; break }
                throw LineError("invalid JSON: expected ',' or '}' at byte \(parser.position + 1)")
            }
            parser.skipWhitespace()
            guard parser.position == line.count else {
                throw LineError("invalid JSON: unexpected bytes after the object at byte \(parser.position + 1)")
            }
        } catch let error as JSONError {
            throw LineError("invalid JSON: \(error)")
        } catch let error as LineError {
            throw error
        } catch {
            throw LineError("invalid JSON")
        }
        for (index, name) in memberNames.enumerated() where seen & (1 << index) == 0 {
            throw LineError("missing member \"\(name)\"")
        }
        guard lastMember == 9 else { throw LineError("member \"hash\" is not the last member") }
        return envelope
    }

    /// The index in ``memberNames`` of a raw member name, or nil.
    static func memberIndex(_ key: UnsafeRawBufferPointer) -> Int? {
        // Dispatch on length first: the ten names have distinct enough lengths.
        switch key.count {
        case 2: return equals(key, "id") ? 1 : nil
        case 3: return equals(key, "seq") ? 6 : nil
        case 4:
            if equals(key, "type") { return 3 }
            if equals(key, "time") { return 4 }
            if equals(key, "data") { return 8 }
            if equals(key, "hash") { return 9 }
            return nil
        case 6: return equals(key, "source") ? 2 : nil
        case 7: return equals(key, "subject") ? 5 : nil
        case 8: return equals(key, "prevhash") ? 7 : nil
        case 11: return equals(key, "specversion") ? 0 : nil
        default: return nil
        }
    }

    @inline(__always) static func equals(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        bytes.count == literal.utf8CodeUnitCount
            && memcmp(bytes.baseAddress!, literal.utf8Start, bytes.count) == 0
    }
}

/// Validates a line's `data` in place of the tape, when it can, and keeps
/// what it read for its caller: given to ``RawEnvelope/scan(_:scratch:dataTape:shortcut:)``
/// by a reader that knows some kinds of `data` better.
protocol DataShortcut: AnyObject {
    /// - Parameters:
    ///   - type: the raw bytes of the envelope's `type` (without escapes).
    ///   - rest: the line from `data`'s first byte to its end.
    /// - Returns: the length of `data`, valid JSON; nil to have the tape validate it.
    func readData(type: UnsafeRawBufferPointer, rest: UnsafeRawBufferPointer) -> Int?
}
