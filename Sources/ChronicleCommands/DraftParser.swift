import Chronicle
import Dispatch
import Foundation

/// Turns `append` input (one JSON event per line) into batches of drafts,
/// parsed on every core while the writer seals and writes the batches
/// before them. Empty lines are skipped; the first bad line (in input
/// order) ends the stream with its error.
///
/// A background thread parses one batch at a time (its lines split among
/// the cores) and keeps at most ``lookahead`` parsed batches waiting.
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
    private var finished = false
    private var cancelled = false
    private var producedFailure: BadLine?
    private static let lookahead = 4

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
        while ready.isEmpty && !finished { condition.wait() }
        if ready.isEmpty {
            failure = producedFailure
            return nil
        }
        condition.broadcast()
        return ready.removeFirst()
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
        for start in stride(from: 0, to: lines.count, by: batchSize) {
            let batch = lines[start..<Swift.min(start + batchSize, lines.count)]
            let parsed = parse(batch, workers: batch.count < 512 ? 1 : workers, scratches: scratches)
            condition.lock()
            while ready.count >= Self.lookahead && !cancelled { condition.wait() }
            if cancelled {
                condition.unlock()
                return
            }
            switch parsed {
            case .success(let drafts):
                ready.append(drafts)
                condition.broadcast()
                condition.unlock()
            case .failure(let failure):
                producedFailure = failure
                finished = true
                condition.broadcast()
                condition.unlock()
                return
            }
        }
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Parses the lines of one batch, `workers` shares at once.
    private func parse(
        _ batch: ArraySlice<(number: Int, range: Range<Int>)>, workers: Int, scratches: [DraftScratch]
    ) -> Result<[EventDraft], BadLine> {
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
            case .failure(let error): return .failure(BadLine(line: batch[first + index].number, reason: error.reason))
            }
        }
        return .success(drafts)
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
