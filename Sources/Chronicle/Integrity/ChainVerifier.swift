import Dispatch
import Foundation

/// Checks every line of a log: the envelope, the hash chain, `seq`, time
/// order and segment days (SPEC §6).
///
/// Each segment is read once through a fixed buffer. A buffer of lines is
/// examined on every core at once (a line's hash depends only on its own
/// bytes), then the links between lines are checked in order, so the first
/// failure reported is the same as a line-by-line check would report.
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
        var result = ChainVerification()
        var linker = ChainLinker()
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        var bounds: [Int] = []
        var facts: [LineFacts] = []
        do {
            let names = try directory.segmentNames()
            result.segments = names.count
            // Empty segment files (a writer killed right after creating one) hold no line.
            let lastWithBytes = names.lastIndex { FileIO.size(path: directory.file($0)) > 0 } ?? names.count - 1
            for (index, name) in names.enumerated() {
                let day = Array(name.utf8.prefix(10))
                let torn = try SegmentLineReader.forEachChunk(path: directory.file(name), fileName: name) {
                    (chunk, position) throws(LogError) in
                    lineBounds(of: chunk, into: &bounds)
                    let count = bounds.count / 2
                    if facts.count < count { facts = Array(repeating: LineFacts(), count: count) }
                    examine(chunk, bounds: bounds, count: count, day: day, workers: workers, into: &facts)
                    for line in 0..<count {
                        do throws(LineError) {
                            try linker.link(facts[line], in: chunk)
                        } catch {
                            throw LogError(.integrity, file: name, line: position.line + line, error.reason)
                        }
                        if !wanted.isEmpty, wanted.contains(facts[line].seq) {
                            result.capturedHashes[facts[line].seq] = facts[line].hash.hex
                        }
                    }
                    result.events += count
                    if count > 0 {
                        let last = facts[count - 1]
                        result.head = ChainHead(seq: last.seq, hash: last.hash.hex, time: Timestamp(milliseconds: last.time))
                    }
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
        result.source = linker.source.map { String(decoding: $0, as: UTF8.self) }
        return result
    }

    /// Start/end pairs of the lines of a chunk of complete lines.
    static func lineBounds(of chunk: UnsafeRawBufferPointer, into bounds: inout [Int]) {
        bounds.removeAll(keepingCapacity: true)
        var start = 0
        while start < chunk.count {
            let newline = memchr(chunk.baseAddress! + start, 0x0A, chunk.count - start)!
            let end = chunk.baseAddress!.distance(to: newline)
            bounds.append(start)
            bounds.append(end)
            start = end + 1
        }
    }

    /// Examines `count` lines on `workers` threads, each a contiguous share.
    static func examine(
        _ chunk: UnsafeRawBufferPointer, bounds: [Int], count: Int, day: [UInt8], workers: Int,
        into facts: inout [LineFacts]
    ) {
        let shares = count < 256 ? 1 : workers
        facts.withUnsafeMutableBufferPointer { output in
            bounds.withUnsafeBufferPointer { bounds in
                day.withUnsafeBytes { day in
                    nonisolated(unsafe) let output = output
                    nonisolated(unsafe) let bounds = bounds
                    nonisolated(unsafe) let day = day
                    nonisolated(unsafe) let chunk = chunk
                    let work: @Sendable (Int) -> Void = { share in
                        var scratch: [Int] = []
                        scratch.reserveCapacity(64)
                        let lower = count * share / shares, upper = count * (share + 1) / shares
                        for line in lower..<upper {
                            let start = bounds[2 * line], end = bounds[2 * line + 1]
                            output[line] = LineFacts.examine(
                                UnsafeRawBufferPointer(rebasing: chunk[start..<end]), base: start, segmentDay: day,
                                scratch: &scratch)
                        }
                    }
                    if shares == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: shares, execute: work) }
                }
            }
        }
    }
}
