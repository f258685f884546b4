/// HMAC with SHA-256 (RFC 2104, test vectors in RFC 4231).
///
/// Keys longer than the 64-byte block are hashed first, shorter ones are
/// zero-padded. Everything stays on the stack: computing a fingerprint or a
/// checkpoint MAC does not allocate beyond the caller's arrays.
///
/// ```swift
/// let mac = HMACSHA256.authenticationCode(for: Array("375:3658…".utf8), key: auditKey)
/// ```
public enum HMACSHA256 {
    /// The MAC of `message` under `key`.
    public static func authenticationCode(for message: [UInt8], key: [UInt8]) -> SHA256Digest {
        message.withUnsafeBytes { message in
            key.withUnsafeBytes { key in authenticationCode(for: message, key: key) }
        }
    }

    /// The MAC of `message` under `key`.
    public static func authenticationCode(for message: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer) -> SHA256Digest {
        var block: SHA256.Block = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &block) { block in
            if key.count > SHA256.blockSize {
                SHA256.hash(key).withUnsafeBytes { block.copyMemory(from: $0) }
            } else if key.count > 0 {
                block.copyMemory(from: key)
            }
        }

        var inner = SHA256()
        xorEachByte(of: &block, with: 0x36)
        withUnsafeBytes(of: &block) { inner.update($0) }
        inner.update(message)
        let innerDigest = inner.finalize()

        var outer = SHA256()
        xorEachByte(of: &block, with: 0x36 ^ 0x5c)
        withUnsafeBytes(of: &block) { outer.update($0) }
        innerDigest.withUnsafeBytes { outer.update($0) }
        return outer.finalize()
    }

    /// XORs every byte of `block` with `pad`.
    private static func xorEachByte(of block: inout SHA256.Block, with pad: UInt8) {
        let pattern = UInt64(pad) &* 0x0101_0101_0101_0101
        block.0 ^= pattern; block.1 ^= pattern; block.2 ^= pattern; block.3 ^= pattern
        block.4 ^= pattern; block.5 ^= pattern; block.6 ^= pattern; block.7 ^= pattern
    }
}
