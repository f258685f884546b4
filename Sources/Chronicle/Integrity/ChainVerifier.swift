/// Checks every line of a log: the envelope, the hash chain, `seq`, time
/// order and segment days (SPEC §6).
///
/// Each segment is read once through a ``LinePipeline``: lines are examined
/// on every core (a line's hash depends only on its own bytes; lines laid
/// out as writers write them take the straight-line scan, with `data`
/// validated into a tape), while the links between lines are checked in
/// order on the calling thread, so the first failure reported is the same
/// as a line-by-line check would report. Replay verifies lines the same way.
public enum ChainVerifier {
    /// Verifies the log in `directory`.
    /// - Parameters:
    ///   - allowTornTail: accept an incomplete last line (as `head` does,
    ///     with a warning) instead of reporting `torn tail`.
    ///   - capturingHashesAt: `seq`s whose hashes to return (checkpoint checks).
    /// - Returns: the counts and head, or the first failure.
    public static func verify(
        _ directory: LogDirectory, allowTornTail: Bool = false, capturingHashesAt wanted: Set<Int64> = []
    ) -> ChainVerification {
        verify(directory, allowTornTail: allowTornTail, capturingHashesAt: wanted, pipeline: LinePipelineOptions())
    }

    static func verify(
        _ directory: LogDirectory, allowTornTail: Bool = false, capturingHashesAt wanted: Set<Int64> = [],
        pipeline options: LinePipelineOptions
    ) -> ChainVerification {
        var result = ChainVerification()
        var linker = ChainLinker()
        var last: LineFacts?
        do throws(LogError) {
            result.segments = try directory.segmentNames().count
            let tornTail = try LinkedLines.run(
                directory, options: options, linker: &linker,
                prepare: { line, day, scratch in
                    var envelope: RawEnvelope?
                    return LineFacts.examine(
                        line, base: 0, segmentDay: day, scratch: &scratch.names, envelope: &envelope, dataTape: scratch.tape)
                },
                facts: { copy $0 }
            ) { (facts: consuming LineFacts, _, _) throws(LogError) in
                if !wanted.isEmpty, wanted.contains(facts.seq) {
                    result.capturedHashes[facts.seq] = facts.hash.hex
                }
                result.events += 1
                last = facts
            }
            if let tornTail {
                guard allowTornTail else { throw LogError(.integrity, file: tornTail.file, line: tornTail.line, "torn tail") }
                result.hasTornTail = true
            }
        } catch {
            result.failure = error
        }
        // The last line linked, also when a later one failed.
        if let last { result.head = ChainHead(seq: last.seq, hash: last.hash.hex, time: Timestamp(milliseconds: last.time)) }
        result.source = linker.source.map { String(decoding: $0, as: UTF8.self) }
        return result
    }
}
