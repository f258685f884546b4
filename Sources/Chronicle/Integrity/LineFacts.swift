#if canImport(Glibc)
import Glibc
#endif

/// What one line says about itself, checked without its neighbours: the
/// envelope, `specversion`, a non-empty `type`, a canonical `time` in the
/// segment's day, and the line's own hash. Lines can be examined on several
/// cores at once; ``ChainLinker`` then checks the links in order.
struct LineFacts {
    var seq: Int64 = 0
    var time: Int64 = 0
    /// The `prevhash`, nil if it is not 64 lowercase hex digits (it can then match nothing).
    var prevhash: SHA256Digest?
    var hash = SHA256Digest(0, 0, 0, 0)
    /// The raw `source` (its byte range in the line's buffer) and whether it has escapes.
    var sourceRange: Range<Int> = 0..<0
    var sourceHasEscapes = false
    /// The raw `source` held inline when it is short plain ASCII, so that
    /// the ordered stage compares it without reading the line again.
    var sourceKey: ShortASCIIKey?
    /// Why the line is bad on its own; nil if it is good.
    var failure: String?

    /// Examines one line.
    /// - Parameters:
    ///   - line: the line without its newline.
    ///   - base: the offset of `line` in the buffer that `sourceRange` refers to.
    ///   - segmentDay: the `YYYY-MM-DD` of the segment's name.
    ///   - scratch: reused across lines to avoid allocating.
    static func examine(
        _ line: UnsafeRawBufferPointer, base: Int, segmentDay: UnsafeRawBufferPointer, scratch: inout [Int]
    ) -> LineFacts {
        var envelope: RawEnvelope?
        return examine(line, base: base, segmentDay: segmentDay, scratch: &scratch, envelope: &envelope)
    }

    /// Examines one line and also hands out its scanned envelope (nil if it could not be scanned).
    /// - Parameters:
    ///   - dataTape: where to index `data` as it is validated (see ``RawEnvelope/scan(_:scratch:dataTape:shortcut:)``).
    ///   - shortcut: what may validate `data` instead.
    static func examine(
        _ line: UnsafeRawBufferPointer, base: Int, segmentDay: UnsafeRawBufferPointer, scratch: inout [Int],
        envelope: inout RawEnvelope?, dataTape: JSONTape? = nil, shortcut: DataShortcut? = nil
    ) -> LineFacts {
        var facts = LineFacts()
        do throws(LineError) {
            let raw = try RawEnvelope.scan(line, scratch: &scratch, dataTape: dataTape, shortcut: shortcut)
            envelope = raw
            facts.seq = raw.seq
            facts.sourceRange = (base + raw.source.start)..<(base + raw.source.end)
            facts.sourceHasEscapes = raw.source.hasEscapes
            facts.sourceKey = ShortASCIIKey(raw.source.bytes(in: line))
            facts.prevhash = raw.prevhash.hasEscapes ? nil : SHA256Digest(hexBytes: raw.prevhash.bytes(in: line))
            guard RawEnvelope.equals(raw.specversion.bytes(in: line), "1.0") else {
                throw LineError("specversion must be \"1.0\"")
            }
            guard raw.type.end > raw.type.start else { throw LineError("type is empty") }
            let timeBytes = raw.time.bytes(in: line)
            guard !raw.time.hasEscapes, let time = Timestamp.parseCanonical(timeBytes) else {
                throw LineError("time is not canonical (YYYY-MM-DDTHH:MM:SS.mmmZ)")
            }
            facts.time = time.milliseconds
            let digits = try EventLine.sealedDigestRange(line)
            let computed = SHA256.hash(UnsafeRawBufferPointer(rebasing: line[0..<(digits.lowerBound - 8)]))
            guard computed.matchesHex(UnsafeRawBufferPointer(rebasing: line[digits])) else {
                throw LineError("hash mismatch: the line was changed after it was sealed")
            }
            facts.hash = computed
            // The date part of the time is the segment's name (`YYYY-MM-DD`): ten bytes, compared at once.
            guard segmentDay.count == 10, timeBytes.count >= 10,
                  memcmp(timeBytes.baseAddress!, segmentDay.baseAddress!, 10) == 0 else {
                throw LineError("time is not in this segment's UTC day")
            }
        } catch {
            facts.failure = error.reason
        }
        return facts
    }
}
