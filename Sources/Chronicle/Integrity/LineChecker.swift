/// `verify`'s checks for one line at a time, in order: what the line says
/// about itself (``LineFacts``), then its links to the previous line
/// (``ChainLinker``). Writers catching up and verifying readers use it.
struct LineChecker {
    var linker = ChainLinker()
    private var scratch: [Int] = []

    /// The hash of the last good line, as 64 hex digits.
    var previousHashHex: String { (linker.previousHash ?? ChainLinker.genesis).hex }

    /// Checks one line of the segment of day `segmentDay` (`YYYY-MM-DD`)
    /// and, if it is good, makes it the predecessor of the next.
    /// - Returns: the scanned envelope, to decode the event from.
    @discardableResult
    mutating func check(_ line: UnsafeRawBufferPointer, segmentDay: UnsafeRawBufferPointer) throws(LineError) -> RawEnvelope {
        var envelope: RawEnvelope?
        let facts = LineFacts.examine(line, base: 0, segmentDay: segmentDay, scratch: &scratch, envelope: &envelope)
        try linker.link(facts, in: line)
        return envelope!
    }

    /// Continues the chain after a line this process wrote itself.
    mutating func advance(past event: Event) {
        advance(past: ChainHead(seq: event.seq, hash: event.hash, time: event.time), source: event.source)
    }

    /// Moves past a line a writer just appended, whose head and source it knows.
    mutating func advance(past head: ChainHead, source: String) {
        linker.previousHash = SHA256Digest(hex: head.hash)
        linker.previousTime = head.time.milliseconds
        linker.nextSeq = head.seq + 1
        if linker.source == nil { linker.source = Array(source.utf8) }
    }
}
