/// Checks every line of a log: the envelope, the hash chain, `seq`, time
/// order and segment days (SPEC §6). Reads each segment once, streaming.
public enum ChainVerifier {
    /// Verifies the log in `directory`.
    /// - Parameter allowTornTail: accept an incomplete last line (as `head`
    ///   does, with a warning) instead of reporting `torn tail`.
    /// - Returns: the counts and head, or the first failure.
    public static func verify(_ directory: LogDirectory, allowTornTail: Bool = false) -> ChainVerification {
        var result = ChainVerification()
        var checker = LineChecker()
        do {
            let names = try directory.segmentNames()
            result.segments = names.count
            // Empty segment files (a writer killed right after creating one) hold no line.
            let lastWithBytes = names.lastIndex { FileIO.size(path: directory.file($0)) > 0 } ?? names.count - 1
            for (index, name) in names.enumerated() {
                let day = Array(name.utf8.prefix(10))
                var lastHash: [UInt8]?
                var lastTime: Int64 = 0
                let torn = try day.withTypedBytes { (dayBytes) throws(LogError) -> SegmentLineReader.TornTail? in
                    try SegmentLineReader.forEachLine(path: directory.file(name), fileName: name) {
                        (position, line) throws(LogError) in
                        do {
                            try checker.check(line, segmentDay: dayBytes)
                            lastTime = checker.previousTime
                        } catch let error as LineError {
                            throw LogError(.integrity, file: name, line: position.line, error.reason)
                        } catch {
                            throw LogError(.integrity, file: name, line: position.line, "\(error)")
                        }
                        lastHash = checker.previousHash
                        result.events += 1
                    }
                }
                if let lastHash {
                    result.head = ChainHead(seq: checker.nextSeq - 1, hash: String(decoding: lastHash, as: UTF8.self),
                                            time: Timestamp(milliseconds: lastTime))
                }
                if let torn {
                    let isLast = index >= lastWithBytes
                    if isLast && allowTornTail {
                        result.hasTornTail = true
                    } else {
                        throw LogError(.integrity, file: name, line: torn.line,
                                       isLast ? "torn tail" : "incomplete line before the next segment")
                    }
                }
            }
        } catch let error as LogError {
            result.failure = error
        } catch {
            result.failure = LogError(.io, "\(error)")
        }
        result.source = checker.source.map { String(decoding: $0, as: UTF8.self) }
        return result
    }
}
