#if canImport(Glibc)
import Glibc
#endif

/// The checks that join a line to the one before it, in log order: one
/// `source`, `seq` without gaps, the `prevhash` chain and non-decreasing time.
struct ChainLinker {
    var previousHash: SHA256Digest? = nil
    var previousTime: Int64 = .min
    var nextSeq: Int64 = 1
    /// The first line's `source`.
    var source: [UInt8]?
    /// The first line's raw `source`, when it is held inline and has no escapes.
    var sourceKey: ShortASCIIKey?

    static let genesis = SHA256Digest(0, 0, 0, 0)

    /// Links a line already examined; throws the first problem (its own, then the links).
    /// - Parameter buffer: the buffer `facts.sourceRange` refers to.
    mutating func link(_ facts: LineFacts, in buffer: UnsafeRawBufferPointer) throws(LineError) {
        if let failure = facts.failure { throw LineError(failure) }
        // The same raw bytes as the first line's (without escapes there): the same source, and the line is not read.
        if let key = facts.sourceKey, key == sourceKey {
            try linkSeqHashAndTime(facts)
            return
        }
        let sourceBytes = UnsafeRawBufferPointer(rebasing: buffer[facts.sourceRange])
        if let source {
            let same = source.count == sourceBytes.count
                && source.withUnsafeBytes { sourceBytes.count == 0 || memcmp($0.baseAddress!, sourceBytes.baseAddress!, sourceBytes.count) == 0 }
            guard same || facts.sourceHasEscapes
                && JSONParser.unescape(sourceBytes) == String(decoding: source, as: UTF8.self)
            else { throw LineError("source differs from the first line's") }
        } else {
            source = facts.sourceHasEscapes ? Array(JSONParser.unescape(sourceBytes).utf8) : Array(sourceBytes)
            if !facts.sourceHasEscapes { sourceKey = facts.sourceKey }
        }
        try linkSeqHashAndTime(facts)
    }

    private mutating func linkSeqHashAndTime(_ facts: LineFacts) throws(LineError) {
        guard facts.seq == nextSeq else { throw LineError("seq \(facts.seq) where \(nextSeq) was expected") }
        guard let prevhash = facts.prevhash, prevhash == (previousHash ?? Self.genesis) else {
            throw LineError("prevhash does not match the previous line's hash (the chain is broken)")
        }
        guard facts.time >= previousTime else { throw LineError("time is earlier than the previous line's") }
        previousHash = facts.hash
        previousTime = facts.time
        nextSeq += 1
    }
}
