#if canImport(Glibc)
import Glibc
#endif

/// Streams the lines of one segment file through a fixed buffer, so memory
/// does not grow with the file.
///
/// Lines are handed out without their `\n`, as views into the buffer that
/// are valid only during the call. A last fragment without `\n` is not a
/// line: it is returned as a ``TornTail`` for the caller to warn about or
/// quarantine.
struct SegmentLineReader {
    /// The longest line accepted, newline excluded.
    static let maximumLineLength = 1 << 20
    static let bufferSize = 4 << 20

    /// An incomplete last line.
    struct TornTail: Equatable {
        /// The 1-based number the line would have.
        var line: Int
        /// The byte offset where it starts.
        var offset: Int64
        var length: Int
    }

    /// Where a line is.
    struct Position {
        /// The 1-based line number in the file.
        var line: Int
        /// The byte offset of its first byte.
        var offset: Int64
    }

    /// Calls `body` for every complete line of `path` from byte `offset` on.
    /// - Parameters:
    ///   - fileName: the name used in errors.
    ///   - firstLine: the number of the line at `offset`.
    /// - Returns: the incomplete last line, if there is one.
    static func forEachLine(
        path: String, fileName: String, from offset: Int64 = 0, firstLine: Int = 1,
        _ body: (Position, UnsafeRawBufferPointer) throws(LogError) -> Void
    ) throws(LogError) -> TornTail? {
        try forEachChunk(path: path, fileName: fileName, from: offset, firstLine: firstLine) {
            (chunk, position) throws(LogError) in
            var lineNumber = position.line
            var start = 0
            while start < chunk.count {
                let newline = memchr(chunk.baseAddress! + start, 0x0A, chunk.count - start)!
                let end = chunk.baseAddress!.distance(to: newline)
                try body(Position(line: lineNumber, offset: position.offset + Int64(start)),
                         UnsafeRawBufferPointer(rebasing: chunk[start..<end]))
                lineNumber += 1
                start = end + 1
            }
        }
    }

    /// Calls `body` with runs of complete lines (each ending in `\n`), as
    /// many as fit in the buffer, and where the run starts.
    /// - Returns: the incomplete last line, if there is one.
    static func forEachChunk(
        path: String, fileName: String, from offset: Int64 = 0, firstLine: Int = 1,
        _ body: (UnsafeRawBufferPointer, Position) throws(LogError) -> Void
    ) throws(LogError) -> TornTail? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw LogError(.io, file: fileName, "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        if offset > 0, lseek(fd, off_t(offset), SEEK_SET) < 0 {
            throw LogError(.io, file: fileName, "cannot seek: \(String(cString: strerror(errno)))")
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 64)
        defer { buffer.deallocate() }
        var filled = 0  // bytes of buffer in use
        var lineNumber = firstLine
        var bufferOffset = offset  // file offset of buffer[0]
        while true {
            let count = read(fd, buffer.baseAddress! + filled, bufferSize - filled)
            if count < 0 {
                if errno == EINTR { continue }
                throw LogError(.io, file: fileName, "cannot read: \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            let scanFrom = filled
            filled += count
            // The end of the last complete line in the buffer.
            var end = filled
            while end > scanFrom, buffer[end - 1] != 0x0A { end -= 1 }
            if end == scanFrom {
                // No newline in the new bytes: the line goes on (or is too long).
                if filled > maximumLineLength {
                    throw LogError(.integrity, file: fileName, line: lineNumber, "line longer than 1 MiB")
                }
                continue
            }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<end])
            var lines = 0
            var start = 0
            while start < end {
                let newline = memchr(chunk.baseAddress! + start, 0x0A, end - start)!
                let lineEnd = chunk.baseAddress!.distance(to: newline)
                if lineEnd - start > maximumLineLength {
                    throw LogError(.integrity, file: fileName, line: lineNumber + lines, "line longer than 1 MiB")
                }
                lines += 1
                start = lineEnd + 1
            }
            try body(chunk, Position(line: lineNumber, offset: bufferOffset))
            lineNumber += lines
            memmove(buffer.baseAddress!, buffer.baseAddress! + end, filled - end)
            filled -= end
            bufferOffset += Int64(end)
            if filled > maximumLineLength {
                throw LogError(.integrity, file: fileName, line: lineNumber, "line longer than 1 MiB")
            }
        }
        return filled > 0 ? TornTail(line: lineNumber, offset: bufferOffset, length: filled) : nil
    }
}
