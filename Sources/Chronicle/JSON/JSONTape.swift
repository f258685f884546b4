#if canImport(Glibc)
import Glibc
#endif

/// An index of one JSON text, built in a single pass over bytes that are
/// already known to be valid JSON (a log line's `data` after the envelope
/// scan validated it), so that values are read in place: no strings,
/// arrays or objects are built until a reader asks for one value.
///
/// Each value is one entry; a container's entries follow it (an object's
/// as name, value, name, value, …), and every entry knows where the entry
/// after its value starts, so lookups hop from member to member.
///
/// ```swift
/// let tape = JSONTape()
/// guard tape.index(data) else { /* use JSONParser.parse(data) */ }
/// let kid = tape.withRoot(data) { $0["token"]?["kid"]?.stringValue }
/// ```
///
/// Reading a tape agrees with reading the tree ``JSONParser`` builds from
/// the same bytes. Where the two could differ, ``index(_:)`` declines:
/// member names with escapes or non-ASCII bytes (the parser compares names
/// as Swift strings, so two spellings can clash) and numbers that a
/// `Double` may not hold (the parser rejects them).
final class JSONTape {
    enum Kind: UInt8 {
        case object, array, string, number, `true`, `false`, null
    }

    struct Entry {
        /// Strings: the first byte after the quote; other values: their first byte.
        var start: Int32
        /// Strings: the closing quote; other values: one past their last byte.
        var end: Int32
        /// The index of the entry after this value and everything inside it.
        var next: Int32
        var kind: Kind
        /// Strings: ``escaped``, ``nonASCII``; numbers: ``integerLiteral``.
        var flags: UInt8

        static let escaped: UInt8 = 1
        static let nonASCII: UInt8 = 2
        static let integerLiteral: UInt8 = 1
    }

    /// The entries, `count` of them in use (internal for the validating
    /// indexer in `JSONTape+Validation.swift`; nothing else writes them).
    var entries: UnsafeMutablePointer<Entry>
    var capacity = 256
    var count = 0
    /// The entries of the containers still open while indexing.
    var open: [Int32] = []

    init() {
        entries = .allocate(capacity: capacity)
        open.reserveCapacity(16)
    }

    deinit { entries.deallocate() }

    /// Doubles a full entry buffer (`capacity` entries, all in use), moving the entries over.
    static func grow(_ entries: inout UnsafeMutablePointer<Entry>, _ capacity: inout Int) {
        let larger = UnsafeMutablePointer<Entry>.allocate(capacity: 2 * capacity)
        larger.moveInitialize(from: entries, count: capacity)
        entries.deallocate()
        entries = larger
        capacity *= 2
    }

    /// Indexes `bytes`, one valid JSON value without surrounding white space.
    /// - Returns: false when the text needs ``JSONParser`` to be read exactly (see above).
    func index(_ bytes: UnsafeRawBufferPointer) -> Bool {
        // Work on locals (a class's properties would be checked for exclusive access at every use).
        var entries = self.entries, capacity = self.capacity, count = 0
        var open: [Int32] = []
        swap(&open, &self.open)
        open.removeAll(keepingCapacity: true)
        defer {
            self.entries = entries
            self.capacity = capacity
            self.count = count
            swap(&open, &self.open)
        }
        @inline(__always) func append(_ entry: Entry) {
            if count == capacity { Self.grow(&entries, &capacity) }
            (entries + count).initialize(to: entry)
            count += 1
        }
        guard let base = bytes.baseAddress, bytes.count < Int(Int32.max) else { return false }
        let end = bytes.count
        var position = 0
        @inline(__always) func skipWhitespace() {
            while position < end, base.load(fromByteOffset: position, as: UInt8.self) <= 0x20 { position += 1 }
        }
        /// Indexes the string whose opening quote is at `position`; false for a name the parser must read.
        @inline(__always) func string(isName: Bool) -> Bool {
            let start = position + 1
            var flags: UInt8 = 0
            position = start
            while true {
                while position + 8 <= end {
                    let special = JSONParser.specialBytes(
                        UInt64(littleEndian: (base + position).loadUnaligned(as: UInt64.self)))
                    if special != 0 {
                        position += special.trailingZeroBitCount >> 3
                        break
                    }
                    position += 8
                }
                guard position < end else { return false }
                let byte = base.load(fromByteOffset: position, as: UInt8.self)
                if byte == UInt8(ascii: "\"") { break }
                if byte == UInt8(ascii: "\\") {
                    flags |= Entry.escaped
                    position += 2
                } else {
                    if byte >= 0x80 { flags |= Entry.nonASCII }
                    position += 1
                }
            }
            if isName, flags != 0 { return false }
            append(Entry(start: Int32(start), end: Int32(position), next: Int32(count + 1), kind: .string, flags: flags))
            position += 1
            return true
        }

        while true {
            // A value.
            skipWhitespace()
            guard position < end else { return false }
            let first = base.load(fromByteOffset: position, as: UInt8.self)
            switch first {
            case UInt8(ascii: "\""):
                guard string(isName: false) else { return false }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                open.append(Int32(count))
                append(Entry(start: Int32(position), end: 0, next: 0, kind: first == UInt8(ascii: "{") ? .object : .array, flags: 0))
                position += 1
                skipWhitespace()
                guard position < end else { return false }
                let byte = base.load(fromByteOffset: position, as: UInt8.self)
                if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                    // Empty: closed below.
                } else if first == UInt8(ascii: "{") {
                    guard byte == UInt8(ascii: "\""), string(isName: true) else { return false }
                    skipWhitespace()
                    position += 1  // ':'
                    continue
                } else {
                    continue
                }
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                let (kind, length): (Kind, Int) = first == UInt8(ascii: "t") ? (.true, 4) : first == UInt8(ascii: "f") ? (.false, 5) : (.null, 4)
                append(Entry(start: Int32(position), end: Int32(position + length), next: Int32(count + 1), kind: kind, flags: 0))
                position += length
            default:
                let start = position
                var integer = true
                while position < end {
                    let byte = base.load(fromByteOffset: position, as: UInt8.self)
                    if byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: "-") {
                        position += 1
                    } else if byte == UInt8(ascii: ".") || byte | 0x20 == UInt8(ascii: "e") || byte == UInt8(ascii: "+") {
                        integer = false
                        position += 1
                    } else {
                        break
                    }
                }
                // Short integer literals always fit; anything else must be one a Double holds.
                guard position > start, integer && position - start <= 18
                    || JSONParser.number(UnsafeRawBufferPointer(start: base + start, count: position - start), isInteger: integer) != nil
                else { return false }
                append(Entry(start: Int32(start), end: Int32(position), next: Int32(count + 1), kind: .number, flags: integer ? Entry.integerLiteral : 0))
            }
            // After a value: close what ends here, then go on to the next value.
            while true {
                guard let container = open.last else { return true }
                skipWhitespace()
                guard position < end else { return false }
                let byte = base.load(fromByteOffset: position, as: UInt8.self)
                position += 1
                if byte == UInt8(ascii: ",") {
                    if entries[Int(container)].kind == .object {
                        skipWhitespace()
                        guard position < end, base.load(fromByteOffset: position, as: UInt8.self) == UInt8(ascii: "\""),
                              string(isName: true)
                        else { return false }
                        skipWhitespace()
                        position += 1  // ':'
                    }
                    break
                }
                entries[Int(container)].end = Int32(position)
                entries[Int(container)].next = Int32(count)
                open.removeLast()
            }
        }
    }

    /// Calls `body` with the indexed value, read from the same `bytes` given to
    /// ``index(_:)`` (which must have returned true).
    func withRoot<Result>(_ bytes: UnsafeRawBufferPointer, _ body: (JSONTapeValue) throws -> Result) rethrows -> Result {
        precondition(count > 0)
        return try body(JSONTapeValue(entries: entries, bytes: bytes.baseAddress!, index: 0))
    }
}

/// One value of a ``JSONTape``: valid only inside ``JSONTape/withRoot(_:_:)``.
struct JSONTapeValue: JSONReading {
    let entries: UnsafePointer<JSONTape.Entry>
    let bytes: UnsafeRawPointer
    let index: Int

    private var entry: JSONTape.Entry { entries[index] }

    /// Where the value is in the indexed bytes (a string's range leaves out its quotes).
    var byteRange: Range<Int> { Int(entry.start)..<Int(entry.end) }

    private var raw: UnsafeRawBufferPointer {
        let range = byteRange
        return UnsafeRawBufferPointer(start: bytes + range.lowerBound, count: range.count)
    }

    /// A member name, compared byte for byte: the tape holds only plain ASCII
    /// names, which compare equal as strings exactly when their bytes do.
    subscript(key: StaticString) -> JSONTapeValue? {
        let object = entry
        guard object.kind == .object else { return nil }
        let key = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        let length = Int32(key.count)
        var name = index + 1
        let end = Int(object.next)
        while name < end {
            let entry = entries[name]
            if entry.end - entry.start == length, Self.equal(bytes + Int(entry.start), key) {
                return JSONTapeValue(entries: entries, bytes: bytes, index: name + 1)
            }
            name = Int(entries[name + 1].next)
        }
        return nil
    }

    /// Whether the `text.count` bytes at `bytes` are `text`.
    @inline(__always) private static func equal(_ bytes: UnsafeRawPointer, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        for offset in 0..<text.count where bytes.load(fromByteOffset: offset, as: UInt8.self) != text[offset] {
            return false
        }
        return true
    }

    /// Whether this is a string equal to `text`: byte for byte when both are
    /// plain ASCII (where equality as Swift strings is exactly that), else as strings.
    func isString(_ text: String) -> Bool {
        let entry = entry
        guard entry.kind == .string else { return false }
        if entry.flags == 0 {
            var text = text
            let (same, ascii) = text.withUTF8 { text in
                Int(entry.end - entry.start) == text.count && Self.equal(bytes + Int(entry.start), text)
                    ? (true, true) : (false, !text.contains { $0 >= 0x80 })
            }
            if same || ascii { return same }
        }
        return stringValue == text
    }

    var isNull: Bool { entry.kind == .null }

    var isStringValue: Bool { entry.kind == .string }

    var isObject: Bool { entry.kind == .object }

    var stringValue: String? {
        let entry = entry
        guard entry.kind == .string else { return nil }
        return entry.flags & JSONTape.Entry.escaped != 0
            ? JSONParser.unescape(raw) : String(decoding: raw, as: UTF8.self)
    }

    func withStringBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result? {
        let entry = entry
        guard entry.kind == .string else { return nil }
        if entry.flags & JSONTape.Entry.escaped != 0, var string = stringValue {
            return string.withUTF8 { body(UnsafeRawBufferPointer($0)) }
        }
        return body(raw)
    }

    var boolValue: Bool? {
        switch entry.kind {
        case .true: return true
        case .false: return false
        default: return nil
        }
    }

    var integerValue: Int64? {
        guard entry.kind == .number, case .integer(let value)? = number else { return nil }
        return value
    }

    var doubleValue: Double? {
        guard entry.kind == .number else { return nil }
        return number?.doubleValue
    }

    private var number: JSONValue? {
        JSONParser.number(raw, isInteger: entry.flags & JSONTape.Entry.integerLiteral != 0)
    }

    var arrayElements: Elements? {
        let entry = entry
        guard entry.kind == .array else { return nil }
        return Elements(value: self, end: Int(entry.next))
    }

    var memberCount: Int? {
        let object = entry
        guard object.kind == .object else { return nil }
        var members = 0
        var name = index + 1
        while name < Int(object.next) {
            members += 1
            name = Int(entries[name + 1].next)
        }
        return members
    }

    var kindDescription: String {
        switch entry.kind {
        case .null: return "null"
        case .true, .false: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    var json: JSONValue {
        switch entry.kind {
        case .null: return .null
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .number: return number ?? .null
        case .string: return .string(stringValue ?? "")
        case .array: return .array(arrayElements.map { elements in elements.map { $0.json } } ?? [])
        case .object:
            var members: [(key: String, value: JSONValue)] = []
            var name = index + 1
            while name < Int(entry.next) {
                let value = JSONTapeValue(entries: entries, bytes: bytes, index: name + 1)
                members.append((key: JSONTapeValue(entries: entries, bytes: bytes, index: name).stringValue ?? "", value: value.json))
                name = Int(entries[name + 1].next)
            }
            return .object(JSONObject(uniqueMembers: members))
        }
    }

    /// The elements of an array, in order.
    struct Elements: Sequence, IteratorProtocol {
        var value: JSONTapeValue
        let end: Int
        private var cursor: Int

        init(value: JSONTapeValue, end: Int) {
            self.value = value
            self.end = end
            cursor = value.index + 1
        }

        mutating func next() -> JSONTapeValue? {
            guard cursor < end else { return nil }
            let element = JSONTapeValue(entries: value.entries, bytes: value.bytes, index: cursor)
            cursor = Int(value.entries[cursor].next)
            return element
        }
    }
}
