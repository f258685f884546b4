/// A SHA-256 digest: 32 bytes stored inline as four big-endian words, so
/// digests are cheap to copy, compare and keep in sets without touching the
/// heap.
///
/// The hex forms are always lowercase, as the log's `hash` and `prevhash`
/// members are (SPEC §2).
///
/// `==` may stop at the first differing word; compare MACs with
/// ``ConstantTime/equals(_:_:)-(SHA256Digest,SHA256Digest)`` or ``matchesHex(_:)``, which do not.
public struct SHA256Digest: Hashable, Sendable {
    /// Bytes 0–7, 8–15, 16–23 and 24–31, each read as a big-endian integer.
    private var word0: UInt64, word1: UInt64, word2: UInt64, word3: UInt64

    /// The number of bytes in a digest.
    public static let byteCount = 32

    /// Creates a digest from its four big-endian 64-bit words.
    init(_ word0: UInt64, _ word1: UInt64, _ word2: UInt64, _ word3: UInt64) {
        (self.word0, self.word1, self.word2, self.word3) = (word0, word1, word2, word3)
    }

    /// Creates a digest from exactly 32 bytes; nil for any other count.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == Self.byteCount else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for (index, byte) in bytes.enumerated() {
            let shift = UInt64(56 - 8 * (index % 8))
            switch index / 8 {
            case 0: words.0 |= UInt64(byte) << shift
            case 1: words.1 |= UInt64(byte) << shift
            case 2: words.2 |= UInt64(byte) << shift
            default: words.3 |= UInt64(byte) << shift
            }
        }
        self.init(words.0, words.1, words.2, words.3)
    }

    /// Parses exactly 64 lowercase hex digits; nil for anything else
    /// (uppercase included: a log hash is never uppercase).
    public init?(hex: String) {
        var hex = hex
        guard let parsed = hex.withUTF8({ SHA256Digest(hexBytes: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = parsed
    }

    /// The 32 digest bytes.
    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// Calls `body` with the 32 digest bytes, without allocating.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        var bigEndian = (word0.bigEndian, word1.bigEndian, word2.bigEndian, word3.bigEndian)
        return try Swift.withUnsafeBytes(of: &bigEndian) { try body($0) }
    }

    /// The 64 lowercase hex digits.
    public var hex: String {
        String(unsafeUninitializedCapacity: 64) { buffer in
            writeHex(into: UnsafeMutableRawBufferPointer(buffer))
            return 64
        }
    }

    /// Writes the 64 lowercase hex digits at the start of `buffer`, which
    /// must hold at least 64 bytes. Does not allocate.
    public func writeHex(into buffer: UnsafeMutableRawBufferPointer) {
        precondition(buffer.count >= 64, "SHA256Digest.writeHex needs 64 bytes")
        withUnsafeBytes { digest in
            for index in 0..<Self.byteCount {
                buffer[2 &* index] = Hex.lowercaseDigit(digest[index] &>> 4)
                buffer[2 &* index &+ 1] = Hex.lowercaseDigit(digest[index] & 0x0f)
            }
        }
    }

    /// Whether `hex` is exactly 64 lowercase hex digits spelling this digest.
    ///
    /// The comparison takes the same time whatever the digest (only the
    /// length of `hex`, and where it stops being lowercase hex, may end it
    /// early), so it is safe for MACs, and it does not
    /// allocate: verifying a log line compares its `hash` bytes in place.
    public func matchesHex(_ hex: UnsafeRawBufferPointer) -> Bool {
        // Whether the text is lowercase hex says nothing about the digest; the words compare without branches.
        guard let spelled = SHA256Digest(hexBytes: hex) else { return false }
        return (word0 ^ spelled.word0) | (word1 ^ spelled.word1) | (word2 ^ spelled.word2) | (word3 ^ spelled.word3) == 0
    }
}

extension SHA256Digest: CustomStringConvertible {
    /// The lowercase hex digits.
    public var description: String { hex }
}
