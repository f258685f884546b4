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
        guard let base = line.baseAddress else { return nil }
        let count = line.count
        var position = 0
        /// Matches `literal` at `position` and moves past it.
        func expect(_ literal: StaticString) -> Bool {
            let length = literal.utf8CodeUnitCount
            guard position + length <= count, memcmp(base + position, literal.utf8Start, length) == 0 else { return false }
            position += length
            return true
        }
        /// Moves past a string's contents to its closing quote, which must not be escaped.
        func string() -> Range<Int>? {
            let start = position
            guard let quote = memchr(base + start, Int32(UInt8(ascii: "\"")), count - start) else { return nil }
            let end = base.distance(to: UnsafeRawPointer(quote))
            guard memchr(base + start, Int32(UInt8(ascii: "\\")), end - start) == nil else { return nil }
            position = end
            return start..<end
        }
        guard expect("{\"specversion\":\"1.0\",\"id\":\""), string() != nil,
              expect("\",\"source\":\""), string() != nil,
              expect("\",\"type\":\""), let type = string(),
              expect("\",\"time\":\""), let timeRange = string(),
              let time = Timestamp.parse(UnsafeRawBufferPointer(rebasing: line[timeRange])),
              expect("\",\"subject\":\""), string() != nil,
              expect("\",\"seq\":")
        else { return nil }
        var seq: Int64 = 0
        let digits = position
        while position < count, position - digits < 18 {
            let digit = line[position] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            seq = seq * 10 + Int64(digit)
            position += 1
        }
        guard position > digits, expect(",") else { return nil }
        self.type = type
        self.time = time
        self.seq = seq
    }
}
