#if canImport(Glibc)
import Glibc
#endif

/// Where a command writes: a buffered file descriptor (the real stdout and
/// stderr) or memory (tests run the command line in-process).
public final class OutputSink: @unchecked Sendable {
    private var buffer: [UInt8] = []
    private let descriptor: Int32?
    /// Whether the descriptor is a terminal (progress and the default format depend on it).
    public let isTerminal: Bool

    /// An in-memory sink.
    public init() {
        descriptor = nil
        isTerminal = false
    }

    /// A sink writing to `descriptor`, flushed when the buffer is large and by ``flush()``.
    public init(descriptor: Int32) {
        self.descriptor = descriptor
        isTerminal = isatty(descriptor) == 1
    }

    public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    public func write(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Writes `text` and a newline.
    public func line(_ text: String) { write(text + "\n") }

    /// Everything written so far (in-memory sinks only).
    public var text: String { String(decoding: buffer, as: UTF8.self) }

    /// Writes the buffer to the descriptor, if there is one.
    public func flush() {
        guard let descriptor, !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 { if errno == EINTR { continue } else { break } }
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
