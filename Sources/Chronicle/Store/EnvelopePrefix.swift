#if canImport(Glibc)
import Glibc
#endif

/// The start of a line laid out as writers emit it (SPEC §2):
/// `{"specversion":"1.0","id":"…","source":"…","type":"…","time":"…","subject":"…","seq":N,`
/// — enough to tell what a line is and when, without reading the rest of
/// it. Readers that skip most lines (projections skip decisions) find the
/// ones they skip this way, at a few dozen bytes per line.
///
/// Nil for a line laid out any other way, or with an escape in one of these
/// members: the caller then scans the whole envelope, which also says what
/// is wrong with a damaged line.
struct EnvelopePrefix {
    /// The byte range of the raw `type` (no escapes).
    var type: Range<Int>
    var time: Timestamp
    var seq: Int64

    init?(_ line: UnsafeRawBufferPointer) {
        guard var cursor = LineCursor(line) else { return nil }
        /// Moves past a string's contents to its closing quote, which must not be escaped.
        func string() -> Range<Int>? {
            let start = cursor.position, base = cursor.base
            guard let quote = memchr(base + start, Int32(UInt8(ascii: "\"")), cursor.end - start) else { return nil }
            let end = base.distance(to: UnsafeRawPointer(quote))
            guard memchr(base + start, Int32(UInt8(ascii: "\\")), end - start) == nil else { return nil }
            cursor.position = end
            return start..<end
        }
        guard cursor.consume("{\"specversion\":\"1.0\",\"id\":\""), string() != nil,
              cursor.consume("\",\"source\":\""), string() != nil,
              cursor.consume("\",\"type\":\""), let type = string(),
              cursor.consume("\",\"time\":\""), let timeRange = string(),
              let time = Timestamp.parse(UnsafeRawBufferPointer(rebasing: line[timeRange])),
              cursor.consume("\",\"subject\":\""), string() != nil,
              cursor.consume("\",\"seq\":")
        else { return nil }
        let (seq, digitCount) = cursor.digits(maximum: 18)
        guard digitCount > 0, cursor.consume(",") else { return nil }
        self.type = type
        self.time = time
        self.seq = seq
    }
}
