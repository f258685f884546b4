#if canImport(Glibc)
import Glibc
#endif

/// Validating and indexing in one pass: the envelope scan of a log line
/// checks its `data` and builds the tape that replay then reads, instead of
/// validating with ``JSONParser/skipValue(depth:)`` and indexing again.
extension JSONTape {
    /// Validates the JSON value at the start of `bytes` exactly as
    /// ``JSONParser/skipValue(depth:)`` would (RFC 8259 grammar, UTF-8,
    /// escapes, control characters, nesting, duplicate member names, numbers
    /// a `Double` holds) and indexes it as ``index(_:)`` would, in one pass.
    ///
    /// It takes the common case only: it gives up (nil) on anything invalid
    /// and on whatever ``index(_:)`` declines (member names with escapes or
    /// non-ASCII bytes), so that the caller's slow path (`skipValue`, then
    /// ``index(_:)`` or the parser) reports the exact error or reads the text.
    /// It never accepts what `skipValue` rejects.
    ///
    /// - Parameters:
    ///   - bytes: the value and whatever follows it (the rest of the line).
    ///   - depth: the nesting of the value itself, as for `skipValue(depth:)`.
    /// - Returns: the number of bytes the value takes; entries are offsets
    ///   from `bytes`' start, so read it with ``withRoot(_:_:)`` on those bytes.
    func indexValidating(_ bytes: UnsafeRawBufferPointer, depth: Int) -> Int? {
        guard let base = bytes.baseAddress, bytes.count < Int(Int32.max) else { return nil }
        var indexer = ValidatingIndexer(base: base, end: bytes.count, depth: depth, entries: entries, capacity: capacity)
        swap(&indexer.open, &open)
        indexer.open.removeAll(keepingCapacity: true)
        let length = indexer.value()
        swap(&indexer.open, &open)
        entries = indexer.entries
        capacity = indexer.capacity
        count = indexer.count
        return length
    }

    /// The state of one ``indexValidating(_:depth:)`` pass, in a struct so
    /// that its steps are plain mutating methods (closures over locals would
    /// be checked for exclusive access at every use).
    private struct ValidatingIndexer {
        let base: UnsafeRawPointer
        let end: Int
        let depth: Int
        var entries: UnsafeMutablePointer<Entry>
        var capacity: Int
        var count = 0
        var position = 0
        /// The entries of the containers still open.
        var open: [Int32] = []

        init(base: UnsafeRawPointer, end: Int, depth: Int, entries: UnsafeMutablePointer<Entry>, capacity: Int) {
            self.base = base
            self.end = end
            self.depth = depth
            self.entries = entries
            self.capacity = capacity
        }

        @inline(__always) mutating func append(_ entry: Entry) {
            if count == capacity { JSONTape.grow(&entries, &capacity) }
            (entries + count).initialize(to: entry)
            count += 1
        }

        @inline(__always) func byte(_ offset: Int) -> UInt8 { base.load(fromByteOffset: offset, as: UInt8.self) }

        @inline(__always) mutating func skipWhitespace() {
            // Compact JSON, as writers write it, has none: one comparison.
            guard position < end, byte(position) <= 0x20 else { return }
            while position < end {
                switch byte(position) {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }

        /// Validates and indexes the string value whose opening quote is at `position`.
        @inline(__always) mutating func string() -> Bool {
            let start = position + 1
            var flags: UInt8 = 0
            position = JSONParser.firstSpecialByte(base, from: start, end: end)
            while position < end {
                let special = byte(position)
                if special == UInt8(ascii: "\"") {
                    append(Entry(start: Int32(start), end: Int32(position), next: Int32(count + 1), kind: .string, flags: flags))
                    position += 1
                    return true
                }
                if special == UInt8(ascii: "\\") {
                    flags |= Entry.escaped
                    guard position + 1 < end else { return false }
                    switch byte(position + 1) {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                         UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        position += 2
                    case UInt8(ascii: "u"):
                        guard position + 6 <= end else { return false }
                        for k in 2..<6 where JSONParser.hexDigitValue(byte(position + k)) == 0xFF { return false }
                        position += 6
                    default:
                        return false
                    }
                } else if special < 0x20 {
                    return false
                } else {
                    flags |= Entry.nonASCII
                    let length = JSONParser.utf8SequenceLength(base, at: position, end: end)
                    guard length > 0 else { return false }
                    position += length
                }
                position = JSONParser.firstSpecialByte(base, from: position, end: end)
            }
            return false
        }

        /// One bit of 32 for a name, from its length and its first, middle and last bytes.
        @inline(__always) static func filterBit(of name: Range<Int>, base: UnsafeRawPointer) -> Int32 {
            guard !name.isEmpty else { return 1 }
            let first = UInt32(base.load(fromByteOffset: name.lowerBound, as: UInt8.self))
            let middle = UInt32(base.load(fromByteOffset: name.lowerBound + name.count / 2, as: UInt8.self))
            let last = UInt32(base.load(fromByteOffset: name.upperBound - 1, as: UInt8.self))
            let mixed = (UInt32(truncatingIfNeeded: name.count) &* 0x9E37_79B9) ^ (first &* 0x85EB_CA6B) ^ (middle &* 0xC2B2_AE35) ^ last
            return Int32(bitPattern: 1 << (mixed >> 27))
        }

        /// Validates a member name of the open object at entry `object` and the `:` after it.
        @inline(__always) mutating func memberName(in object: Int32) -> Bool {
            skipWhitespace()
            guard position < end, byte(position) == UInt8(ascii: "\"") else { return false }
            // A name is plain ASCII without escapes: the first byte a string scan stops at must close it.
            let start = position + 1
            let close = JSONParser.firstSpecialByte(base, from: start, end: end)
            guard close < end, byte(close) == UInt8(ascii: "\"") else { return false }
            // While an object is open its `end` holds a filter of its names so far: only a
            // name that may clash is compared with the others.
            let bit = Self.filterBit(of: start..<close, base: base)
            let object = Int(object)
            if entries[object].end & bit != 0,
               JSONTape.hasMember(named: start..<close, in: object, before: count, entries: entries, base: base)
            {
                return false
            }
            entries[object].end |= bit
            append(Entry(start: Int32(start), end: Int32(close), next: Int32(count + 1), kind: .string, flags: 0))
            position = close + 1
            skipWhitespace()
            guard position < end, byte(position) == UInt8(ascii: ":") else { return false }
            position += 1
            skipWhitespace()
            return true
        }

        @inline(__always) mutating func literal(_ text: StaticString, _ kind: Kind) -> Bool {
            let length = text.utf8CodeUnitCount
            guard position + length <= end else { return false }
            for k in 0..<length where byte(position + k) != text.utf8Start[k] { return false }
            append(Entry(start: Int32(position), end: Int32(position + length), next: Int32(count + 1), kind: kind, flags: 0))
            position += length
            return true
        }

        @inline(__always) mutating func digits() -> Bool {
            let first = position
            while position < end, byte(position) &- UInt8(ascii: "0") < 10 { position += 1 }
            return position > first
        }

        /// A number: the grammar of `JSONParser.skipNumber`, then the range of `skipNumberInRange`.
        mutating func number() -> Bool {
            let start = position
            var integer = true
            if byte(position) == UInt8(ascii: "-") { position += 1 }
            guard position < end else { return false }
            if byte(position) == UInt8(ascii: "0") {
                position += 1
                if position < end, byte(position) &- UInt8(ascii: "0") < 10 { return false }
            } else {
                guard digits() else { return false }
            }
            if position < end, byte(position) == UInt8(ascii: ".") {
                integer = false
                position += 1
                guard digits() else { return false }
            }
            if position < end, byte(position) | 0x20 == UInt8(ascii: "e") {
                integer = false
                position += 1
                if position < end, byte(position) == UInt8(ascii: "+") || byte(position) == UInt8(ascii: "-") {
                    position += 1
                }
                guard digits() else { return false }
            }
            guard integer && position - start <= 18
                || JSONParser.number(UnsafeRawBufferPointer(start: base + start, count: position - start), isInteger: integer) != nil
            else { return false }
            append(Entry(start: Int32(start), end: Int32(position), next: Int32(count + 1), kind: .number, flags: integer ? Entry.integerLiteral : 0))
            return true
        }

        /// The whole value at the start: its length, or nil.
        mutating func value() -> Int? {
            while true {
                // A value.
                guard position < end else { return nil }
                let first = byte(position)
                switch first {
                case UInt8(ascii: "\""):
                    guard string() else { return nil }
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    guard depth + open.count < JSONParser.maximumDepth else { return nil }
                    let isObject = first == UInt8(ascii: "{")
                    let container = Int32(count)
                    append(Entry(start: Int32(position), end: 0, next: 0, kind: isObject ? .object : .array, flags: 0))
                    position += 1
                    skipWhitespace()
                    guard position < end else { return nil }
                    if byte(position) == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                        position += 1
                        entries[Int(container)].end = Int32(position)
                        entries[Int(container)].next = Int32(count)
                    } else {
                        open.append(container)
                        if isObject { guard memberName(in: container) else { return nil } }
                        continue
                    }
                case UInt8(ascii: "t"):
                    guard literal("true", .true) else { return nil }
                case UInt8(ascii: "f"):
                    guard literal("false", .false) else { return nil }
                case UInt8(ascii: "n"):
                    guard literal("null", .null) else { return nil }
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    guard number() else { return nil }
                default:
                    return nil
                }
                // After a value: close what ends here, then go on to the next value.
                while true {
                    guard let container = open.last else { return position }
                    skipWhitespace()
                    guard position < end else { return nil }
                    let next = byte(position)
                    position += 1
                    let isObject = entries[Int(container)].kind == .object
                    if next == UInt8(ascii: ",") {
                        if isObject {
                            guard memberName(in: container) else { return nil }
                        } else {
                            skipWhitespace()
                        }
                        break
                    }
                    guard next == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else { return nil }
                    entries[Int(container)].end = Int32(position)
                    entries[Int(container)].next = Int32(count)
                    open.removeLast()
                }
            }
        }
    }

    /// Whether the open object at entry `object`, whose entries end at
    /// `limit`, already has a member named by the plain ASCII bytes `name`
    /// (the tape holds only such names, so bytes compare as strings do).
    @inline(__always) fileprivate static func hasMember(
        named name: Range<Int>, in object: Int, before limit: Int, entries: UnsafeMutablePointer<Entry>,
        base: UnsafeRawPointer
    ) -> Bool {
        let length = Int32(name.count)
        var member = object + 1
        // Every member before this name is complete: its value's `next` is known.
        while member < limit {
            let entry = entries[member]
            // Same length, same first and last byte, then the whole name.
            if entry.end - entry.start == length,
               length == 0 || base.load(fromByteOffset: Int(entry.start), as: UInt8.self)
                == base.load(fromByteOffset: name.lowerBound, as: UInt8.self)
                && base.load(fromByteOffset: Int(entry.end) - 1, as: UInt8.self)
                == base.load(fromByteOffset: name.upperBound - 1, as: UInt8.self)
                && memcmp(base + Int(entry.start), base + name.lowerBound, Int(length)) == 0
            {
                return true
            }
            member = Int(entries[member + 1].next)
        }
        return false
    }
}
