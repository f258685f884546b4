/// The per-line checks of `verify` (SPEC §6) that need only the line and
/// its predecessor, done on raw bytes without building `data`.
struct LineChecker {
    /// The hash of the previous line as 64 hex bytes (zeros before the first line).
    var previousHash: [UInt8] = Array(Event.genesisHash.utf8)
    var previousTime: Int64 = .min
    var nextSeq: Int64 = 1
    /// The first line's `source`, raw.
    var source: [UInt8]?

    /// Checks one line of the segment named `segmentDay` (`YYYY-MM-DD`) and,
    /// if it is good, makes it the predecessor of the next.
    /// - Returns: the scanned envelope.
    @discardableResult
    mutating func check(_ line: UnsafeRawBufferPointer, segmentDay: UnsafeRawBufferPointer) throws(LineError) -> RawEnvelope {
        let raw = try RawEnvelope.scan(line)
        guard RawEnvelope.equals(raw.specversion.bytes(in: line), "1.0") else {
            throw LineError("specversion must be \"1.0\"")
        }
        let sourceBytes = raw.source.bytes(in: line)
        if let source {
            guard source.elementsEqual(sourceBytes) || raw.source.hasEscapes
                && raw.source.string(in: line) == String(decoding: source, as: UTF8.self)
            else { throw LineError("source differs from the first line's") }
        } else {
            source = raw.source.hasEscapes ? Array(raw.source.string(in: line).utf8) : Array(sourceBytes)
        }
        guard raw.type.end > raw.type.start else { throw LineError("type is empty") }
        let timeBytes = raw.time.bytes(in: line)
        guard !raw.time.hasEscapes, let time = Timestamp.parse(timeBytes), Timestamp.isCanonical(timeBytes) else {
            throw LineError("time is not canonical (YYYY-MM-DDTHH:MM:SS.mmmZ)")
        }
        guard raw.seq == nextSeq else { throw LineError("seq \(raw.seq) where \(nextSeq) was expected") }
        guard raw.prevhash.bytes(in: line).elementsEqual(previousHash) else {
            throw LineError("prevhash does not match the previous line's hash (the chain is broken)")
        }
        try EventLine.checkSeal(line)
        guard time.milliseconds >= previousTime else { throw LineError("time is earlier than the previous line's") }
        guard UnsafeRawBufferPointer(rebasing: timeBytes[0..<10]).elementsEqual(segmentDay) else {
            throw LineError("time is not in this segment's UTC day")
        }
        previousHash = Array(raw.hash.bytes(in: line))
        previousTime = time.milliseconds
        nextSeq += 1
        return raw
    }
}
