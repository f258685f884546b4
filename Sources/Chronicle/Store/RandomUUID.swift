#if canImport(Glibc)
import Glibc
#endif

/// Random (version 4) UUIDs for event ids, lowercase, from `/dev/urandom`
/// read 4 KiB at a time: Foundation's `UUID()` opens `/dev/urandom` for
/// every id, which dominated batched appends.
package final class RandomUUIDGenerator {
    private var pool = [UInt8](repeating: 0, count: 4096)
    private var used = 4096

    package init() {}

    /// The next UUID, e.g. `6f1c2d3e-4a5b-4c6d-8e7f-a0b1c2d3e4f5`.
    package func next() -> String { nextText().string }

    /// The next UUID as its 36 ASCII characters, held inline: no string
    /// is built (a writer copies the characters straight into the line).
    package func nextText() -> UUIDText {
        if used + 16 > pool.count { refill() }
        let start = used
        used += 16
        var text = UUIDText()
        pool.withUnsafeBytes { pool in
            Self.hexPairs.withUnsafeBytes { pairs in
                withUnsafeMutableBytes(of: &text.characters) { text in
                    // Dashes after bytes 4, 6, 8 and 10: byte i goes to 2i plus the dashes before it.
                    @inline(__always) func put(_ index: Int, at offset: Int, mask: UInt8 = 0xFF, set: UInt8 = 0) {
                        let byte = pool[start + index] & mask | set
                        text.storeBytes(of: pairs.load(fromByteOffset: 2 * Int(byte), as: UInt16.self), toByteOffset: offset, as: UInt16.self)
                    }
                    put(0, at: 0); put(1, at: 2); put(2, at: 4); put(3, at: 6)
                    text[8] = UInt8(ascii: "-")
                    put(4, at: 9); put(5, at: 11)
                    text[13] = UInt8(ascii: "-")
                    put(6, at: 14, mask: 0x0F, set: 0x40)  // version 4
                    put(7, at: 16)
                    text[18] = UInt8(ascii: "-")
                    put(8, at: 19, mask: 0x3F, set: 0x80)  // RFC 4122 variant
                    put(9, at: 21)
                    text[23] = UInt8(ascii: "-")
                    for index in 10..<16 { put(index, at: 24 + 2 * (index - 10)) }
                }
            }
        }
        return text
    }

    /// The two lowercase hex digits of every byte value, back to back.
    private static let hexPairs: [UInt8] = (0...255).flatMap { [Hex.lowercaseDigit(UInt8($0) >> 4), Hex.lowercaseDigit(UInt8($0) & 0xF)] }

    private func refill() {
        let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        precondition(fd >= 0, "cannot open /dev/urandom")
        defer { close(fd) }
        var filled = 0
        pool.withUnsafeMutableBytes { buffer in
            while filled < buffer.count {
                let count = read(fd, buffer.baseAddress! + filled, buffer.count - filled)
                if count < 0 && errno == EINTR { continue }
                precondition(count > 0, "cannot read /dev/urandom")
                filled += count
            }
        }
        used = 0
    }
}

/// A UUID's 36 lowercase ASCII characters, held inline (no allocation).
package struct UUIDText: Sendable, Hashable {
    fileprivate var characters: (UInt64, UInt64, UInt64, UInt64, UInt32) = (0, 0, 0, 0, 0)

    /// Calls `body` with the 36 characters.
    package func withBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        withUnsafeBytes(of: characters) { body(UnsafeRawBufferPointer(rebasing: $0[0..<36])) }
    }

    package var string: String { withBytes { String(decoding: $0, as: UTF8.self) } }

    package static func == (lhs: UUIDText, rhs: UUIDText) -> Bool {
        lhs.characters.0 == rhs.characters.0 && lhs.characters.1 == rhs.characters.1 && lhs.characters.2 == rhs.characters.2
            && lhs.characters.3 == rhs.characters.3 && lhs.characters.4 == rhs.characters.4
    }

    package func hash(into hasher: inout Hasher) { withBytes { hasher.combine(bytes: $0) } }
}
