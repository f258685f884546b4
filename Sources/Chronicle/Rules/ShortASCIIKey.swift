/// An identifier of at most 48 ASCII bytes, held inline: a dictionary key
/// that hashes and compares without following a pointer, and that a
/// reader builds from a line's bytes without allocating.
///
/// Two ASCII spellings are equal as Swift strings exactly when their bytes
/// are, so a table of such keys answers as a `[String: …]` would, as long
/// as every key in it is one (see ``TokenReference``).
struct ShortASCIIKey: Hashable, Sendable {
    /// The most bytes a key holds.
    static let capacity = 48

    private var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
    private var count: UInt8 = 0

    /// Nil when `bytes` is longer than ``capacity`` or not all ASCII.
    init?(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count <= Self.capacity else { return nil }
        var ascii: UInt8 = 0
        withUnsafeMutableBytes(of: &words) { storage in
            for index in 0..<bytes.count {
                storage[index] = bytes[index]
                ascii |= bytes[index]
            }
        }
        guard ascii < 0x80 else { return nil }
        count = UInt8(bytes.count)
    }

    /// Nil when `text` is longer than ``capacity`` bytes or not all ASCII.
    init?(_ text: String) {
        var text = text
        guard let key = text.withUTF8({ Self(UnsafeRawBufferPointer($0)) }) else { return nil }
        self = key
    }

    var string: String {
        var words = words
        return withUnsafeBytes(of: &words) { String(decoding: $0.prefix(Int(count)), as: UTF8.self) }
    }

    static func == (left: Self, right: Self) -> Bool {
        left.count == right.count && left.words.0 == right.words.0 && left.words.1 == right.words.1
            && left.words.2 == right.words.2 && left.words.3 == right.words.3 && left.words.4 == right.words.4
            && left.words.5 == right.words.5
    }

    func hash(into hasher: inout Hasher) {
        // Unused words are zero: hashing only the used ones keeps short keys cheap.
        hasher.combine(count)
        hasher.combine(words.0)
        if count > 8 { hasher.combine(words.1) }
        if count > 16 { hasher.combine(words.2) }
        if count > 24 { hasher.combine(words.3) }
        if count > 32 { hasher.combine(words.4) }
        if count > 40 { hasher.combine(words.5) }
    }
}

/// A presented token's `tokenId`: inline when it is short plain ASCII (as
/// writers' UUIDs are), else as a string.
enum TokenReference: Sendable {
    case short(ShortASCIIKey)
    case other(String)

    /// The id as written, escapes decoded.
    init(_ bytes: UnsafeRawBufferPointer) {
        self = ShortASCIIKey(bytes).map(Self.short) ?? .other(String(decoding: bytes, as: UTF8.self))
    }

    var string: String {
        switch self {
        case .short(let key): return key.string
        case .other(let text): return text
        }
    }
}
