#if canImport(Glibc)
import Glibc
#endif

/// Random (version 4) UUIDs for event ids, lowercase, from `/dev/urandom`
/// read 4 KiB at a time: Foundation's `UUID()` opens `/dev/urandom` for
/// every id, which dominated batched appends.
final class RandomUUIDGenerator {
    private var pool = [UInt8](repeating: 0, count: 4096)
    private var used = 4096

    init() {}

    /// The next UUID, e.g. `6f1c2d3e-4a5b-4c6d-8e7f-a0b1c2d3e4f5`.
    func next() -> String {
        if used + 16 > pool.count { refill() }
        var bytes = Array(pool[used..<(used + 16)])
        used += 16
        bytes[6] = bytes[6] & 0x0F | 0x40  // version 4
        bytes[8] = bytes[8] & 0x3F | 0x80  // RFC 4122 variant
        let hex = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

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
