/// An identifier of at most 48 ASCII bytes, held inline: a dictionary key
/// that hashes and compares without following a pointer, and that a
/// reader builds from a line's bytes without allocating.
///
/// Two ASCII spellings are equal as Swift strings exactly when their bytes
/// are, so a table of such keys answers as a `[String: …]` would, as long
/// as every key in it is one (see ``TokenReference``).
///
/// A key carries its ``mixed`` hash, computed once where it is read (on
/// any core), so that a table looks it up without hashing it again
/// (``ShortKeyTable``).
struct ShortASCIIKey: Hashable, Sendable {
    /// The most bytes a key holds.
    static let capacity = 48

    private var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
    private var count: UInt8 = 0
    /// The key's bytes mixed with this process's random seed: equal keys
    /// have equal values, and ids chosen to crowd one part of a table would
    /// have to be chosen without knowing the seed (not a cryptographic
    /// guarantee: a table stays correct when keys collide, only slower).
    private(set) var mixed: UInt64 = 0

    /// Chosen at random once per process, like Swift's own hashing seed.
    private static let seed = UInt64.random(in: .min ... .max)

    /// Nil when `bytes` is longer than ``capacity`` or not all ASCII.
    init?(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count <= Self.capacity else { return nil }
        if bytes.count > 0 { withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: bytes) } }
        // Unused bytes are zero: one test of every byte's top bit.
        let any = words.0 | words.1 | words.2 | words.3 | words.4 | words.5
        guard any & 0x8080_8080_8080_8080 == 0 else { return nil }
        count = UInt8(bytes.count)
        mixed = mix()
    }

    /// Each used word folded in by a multiply, then the 64-bit finalizer of
    /// MurmurHash3, so that every bit of the key reaches every bit of the result.
    private func mix() -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var value = Self.seed ^ (UInt64(count) &* multiplier)
        value = (value ^ words.0) &* multiplier
        if count > 8 { value = (rotate(value) ^ words.1) &* multiplier }
        if count > 16 { value = (rotate(value) ^ words.2) &* multiplier }
        if count > 24 { value = (rotate(value) ^ words.3) &* multiplier }
        if count > 32 { value = (rotate(value) ^ words.4) &* multiplier }
        if count > 40 { value = (rotate(value) ^ words.5) &* multiplier }
        value ^= value >> 33
        value &*= 0xFF51_AFD7_ED55_8CCD
        value ^= value >> 33
        value &*= 0xC4CE_B9FE_1A85_EC53
        value ^= value >> 33
        return value
    }

    @inline(__always) private func rotate(_ value: UInt64) -> UInt64 { value << 29 | value >> 35 }

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
        left.mixed == right.mixed && left.count == right.count && left.words.0 == right.words.0 && left.words.1 == right.words.1
            && left.words.2 == right.words.2 && left.words.3 == right.words.3 && left.words.4 == right.words.4
            && left.words.5 == right.words.5
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(mixed)
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
