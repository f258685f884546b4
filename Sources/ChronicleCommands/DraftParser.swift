import Chronicle
import Dispatch
import Foundation

/// Turns `append` input (one JSON event per line) into batches of drafts,
/// parsed on every core while the writer seals and writes the batches
/// before them. Empty lines are skipped; the first bad line (in input
/// order) ends the stream with its error.
///
/// A background thread parses a chunk of lines at a time (a batch, or
/// many small batches; its lines split among the cores) and keeps at most
/// one chunk's worth of parsed drafts waiting.
final class DraftParser: Sequence, IteratorProtocol, @unchecked Sendable {
    /// The input's non-blank lines: 1-based line number and byte range.
    let lines: [(number: Int, range: Range<Int>)]
    /// Why the stream ended early.
    private(set) var failure: BadLine?

    /// A line that does not parse: its 1-based number in the input, and why.
    struct BadLine: Error {
        var line: Int
        var reason: String
    }

    private let bytes: [UInt8]
    private let batchSize: Int
    private let condition = NSCondition()
    /// Parsed batches not yet taken; guarded by `condition`.
    private var ready: [[EventDraft]] = []
    /// The first batch of `ready` not yet taken.
    private var nextReady = 0
    /// The drafts in `ready`.
    private var readyLines = 0
    private var finished = false
    private var cancelled = false
    private var producedFailure: BadLine?

    /// Splits `bytes` into lines and starts parsing them in batches of `batchSize` lines.
    init(_ bytes: [UInt8], batchSize: Int) {
        self.bytes = bytes
        self.batchSize = batchSize
        lines = Self.split(bytes)
        let thread = Thread { [self] in produce() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    deinit { cancel() }

    /// The next batch, in input order; nil at the end of the input or after a bad line (see ``failure``).
    func next() -> [EventDraft]? {
        condition.lock()
        defer { condition.unlock() }
        while nextReady == ready.count && !finished { condition.wait() }
        if nextReady == ready.count {
            failure = producedFailure
            return nil
        }
        let batch = ready[nextReady]
        ready[nextReady] = []
        nextReady += 1
        readyLines -= batch.count
        if nextReady == ready.count {
            ready.removeAll(keepingCapacity: true)
            nextReady = 0
        }
        condition.broadcast()
        return batch
    }

    /// Stops parsing (the writer refused a batch).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    private func produce() {
        let workers = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let scratches = (0..<workers).map { _ in DraftScratch() }
        // Small batches are parsed many at a time (thread switches cost more than parsing one line).
        let chunkLines = batchSize >= 1024 ? batchSize : (1024 / batchSize) * batchSize
        for start in stride(from: 0, to: lines.count, by: chunkLines) {
            let chunk = lines[start..<Swift.min(start + chunkLines, lines.count)]
            let (drafts, failure) = parse(chunk, workers: chunk.count < 512 ? 1 : workers, scratches: scratches)
            // The batches before a bad line's batch are handed over; that batch and the rest are not.
            let complete = failure == nil ? drafts.count : drafts.count / batchSize * batchSize
            condition.lock()
            while readyLines >= chunkLines && !cancelled { condition.wait() }
            if cancelled {
                condition.unlock()
                return
            }
            for batchStart in stride(from: 0, to: complete, by: batchSize) {
                ready.append(Array(drafts[batchStart..<Swift.min(batchStart + batchSize, complete)]))
            }
            readyLines += complete
            if failure != nil {
                producedFailure = failure
                finished = true
            }
            condition.broadcast()
            condition.unlock()
            if failure != nil { return }
        }
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Parses a chunk of lines, `workers` shares at once.
    /// - Returns: the drafts of the lines before the first bad one, and that line.
    private func parse(
        _ batch: ArraySlice<(number: Int, range: Range<Int>)>, workers: Int, scratches: [DraftScratch]
    ) -> (drafts: [EventDraft], failure: BadLine?) {
        var results = [Result<EventDraft, LineError>?](repeating: nil, count: batch.count)
        let first = batch.startIndex
        results.withUnsafeMutableBufferPointer { output in
            nonisolated(unsafe) let output = output
            let bytes = bytes, lines = lines
            nonisolated(unsafe) let scratches = scratches  // one per share: never shared between threads
            DispatchQueue.concurrentPerform(iterations: workers) { share in
                let lower = output.count * share / workers, upper = output.count * (share + 1) / workers
                let scratch = scratches[share]
                for index in lower..<upper {
                    output[index] = Result { () throws(LineError) -> EventDraft in
                        try EventDraft(line: bytes[lines[first + index].range], scratch: scratch)
                    }
                }
            }
        }
        var drafts: [EventDraft] = []
        drafts.reserveCapacity(batch.count)
        for (index, result) in results.enumerated() {
            switch result! {
            case .success(let draft): drafts.append(draft)
            case .failure(let error): return (drafts, BadLine(line: batch[first + index].number, reason: error.reason))
            }
        }
        return (drafts, nil)
    }

    /// The non-blank lines of `bytes`.
    private static func split(_ bytes: [UInt8]) -> [(number: Int, range: Range<Int>)] {
        var lines: [(number: Int, range: Range<Int>)] = []
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var start = 0, number = 1
            while start < buffer.count {
                let end = memchr(base + start, 0x0A, buffer.count - start)
                    .map { UnsafeRawPointer($0) - base } ?? buffer.count
                var blank = true
                for index in start..<end {
                    let byte = buffer[index]
                    if byte != 0x20 && byte != 0x0D && byte != 0x09 { blank = false; break }
                }
                if !blank { lines.append((number, start..<end)) }
                start = end + 1
                number += 1
            }
        }
        return lines
    }
}
