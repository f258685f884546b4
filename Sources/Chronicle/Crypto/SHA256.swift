import CSHA256

/// SHA-256 (FIPS 180-4), streaming or one-shot.
///
/// Two engines compute the same function: a pure-Swift reference that is
/// always available, and the CPU's SHA extensions (SHA-NI) through the
/// `CSHA256` target when ``isHardwareAccelerated`` is true. ``init()`` picks
/// the fastest available; ``referenceHash(_:)`` always uses the Swift one, so
/// tests can hold both to the same vectors.
///
/// The value lives entirely inline (state, a 64-byte block buffer and the
/// length), so hashing a line from a buffer never allocates:
///
/// ```swift
/// let digest = line.withUnsafeBytes { SHA256.hash($0) }
/// var hasher = SHA256()
/// hasher.update(header)
/// hasher.update(body)
/// let same = hasher.finalize()
/// ```
public struct SHA256: Sendable {
    /// Which compression function a hasher uses.
    package enum Engine: Sendable {
        /// The pure-Swift implementation (``SHA256/compressReference(_:_:_:)``).
        case reference
        /// The SHA-NI implementation in `CSHA256`.
        case hardware
    }

    /// The eight working words H0…H7.
    typealias State = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)
    /// 64 bytes of not-yet-compressed input.
    typealias Block = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    /// The block size in bytes.
    public static let blockSize = 64

    private var state: State = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a,
        0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )
    private var buffer: Block = (0, 0, 0, 0, 0, 0, 0, 0)
    /// Bytes held in `buffer` (0..<64).
    private var bufferCount = 0
    /// Total message length so far, in bytes.
    private var length: UInt64 = 0
    private let engine: Engine

    /// A hasher using the fastest engine this CPU supports.
    public init() {
        self.engine = SHA256.isHardwareAccelerated ? .hardware : .reference
    }

    /// A hasher using `engine`; `.hardware` falls back to the reference when
    /// the CPU lacks SHA extensions.
    package init(engine: Engine) {
        self.engine = engine == .hardware && SHA256.isHardwareAccelerated ? .hardware : .reference
    }

    /// Whether this CPU has the SHA extensions, so ``init()`` and the one-shot
    /// functions use them. Detected once per process.
    public static var isHardwareAccelerated: Bool { hardwareAvailable }

    private static let hardwareAvailable: Bool = chronicle_sha256_hardware_available()

    /// Feeds `bytes` into the hash.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let start = bytes.baseAddress, bytes.count > 0 else { return }
        var source = start
        var remaining = bytes.count
        length &+= UInt64(remaining)

        if bufferCount > 0 {
            let take = min(Self.blockSize - bufferCount, remaining)
            let count = bufferCount
            withUnsafeMutableBytes(of: &buffer) { block in
                (block.baseAddress! + count).copyMemory(from: source, byteCount: take)
            }
            bufferCount += take
            source += take
            remaining -= take
            guard bufferCount == Self.blockSize else { return }
            var full = buffer
            withUnsafeBytes(of: &full) { compress($0.baseAddress!, blockCount: 1) }
            bufferCount = 0
        }

        let wholeBlocks = remaining / Self.blockSize
        if wholeBlocks > 0 {
            compress(source, blockCount: wholeBlocks)
            source += wholeBlocks * Self.blockSize
            remaining -= wholeBlocks * Self.blockSize
        }

        if remaining > 0 {
            withUnsafeMutableBytes(of: &buffer) { block in
                block.baseAddress!.copyMemory(from: source, byteCount: remaining)
            }
            bufferCount = remaining
        }
    }

    /// Feeds `bytes` into the hash.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Feeds the UTF-8 bytes of `string` into the hash.
    public mutating func update(_ string: String) {
        var string = string
        string.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Pads the message, returns its digest and leaves the hasher spent: hash
    /// a new message with a new `SHA256()`.
    public mutating func finalize() -> SHA256Digest {
        let bitLength = length &* 8
        // 0x80, then zeros up to 8 bytes before a block boundary, then the
        // length in bits, big-endian: at most 72 bytes.
        var padding: (Block, Block) = ((0, 0, 0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0, 0, 0))
        let zeroCount = (Self.blockSize + 56 - (bufferCount + 1) % Self.blockSize) % Self.blockSize
        let paddingCount = 1 + zeroCount + 8
        withUnsafeMutableBytes(of: &padding) { bytes in
            bytes[0] = 0x80
            bytes.storeBytes(of: bitLength.bigEndian, toByteOffset: 1 + zeroCount, as: UInt64.self)
            update(UnsafeRawBufferPointer(rebasing: bytes[0..<paddingCount]))
        }
        let s = state
        return SHA256Digest(
            UInt64(s.0) << 32 | UInt64(s.1), UInt64(s.2) << 32 | UInt64(s.3),
            UInt64(s.4) << 32 | UInt64(s.5), UInt64(s.6) << 32 | UInt64(s.7))
    }

    /// Compresses `blockCount` 64-byte blocks at `blocks` into the state.
    private mutating func compress(_ blocks: UnsafeRawPointer, blockCount: Int) {
        switch engine {
        case .hardware:
            withUnsafeMutableBytes(of: &state) { words in
                chronicle_sha256_compress_hardware(
                    words.baseAddress!.assumingMemoryBound(to: UInt32.self),
                    blocks.assumingMemoryBound(to: UInt8.self), blockCount)
            }
        case .reference:
            SHA256.compressReference(&state, blocks, blockCount)
        }
    }
}

extension SHA256 {
    /// The digest of `bytes`, with the fastest engine.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The digest of `bytes`, with the fastest engine.
    public static func hash(_ bytes: [UInt8]) -> SHA256Digest {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// The digest of the UTF-8 bytes of `string`, with the fastest engine.
    public static func hash(_ string: String) -> SHA256Digest {
        var string = string
        return string.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }

    /// The digest of `bytes` computed by the pure-Swift reference engine,
    /// whatever the CPU supports.
    public static func referenceHash(_ bytes: UnsafeRawBufferPointer) -> SHA256Digest {
        var hasher = SHA256(engine: .reference)
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The digest of `bytes` computed by the pure-Swift reference engine.
    public static func referenceHash(_ bytes: [UInt8]) -> SHA256Digest {
        bytes.withUnsafeBytes { referenceHash($0) }
    }
}
