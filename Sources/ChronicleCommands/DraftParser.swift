import Chronicle
import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Turns `append` input (one JSON event per line) into batches of drafts,
/// read and parsed on a background thread (each group of lines split among
/// the cores) while the writer seals and writes the batches before them.
/// Empty lines are skipped; the first bad line (in input order) ends the
/// stream with its error.
///
/// A file is read a few MiB at a time, so reading overlaps parsing and
/// writing; at most a few groups of parsed drafts wait to be taken.
final class DraftParser: Sequence, IteratorProtocol, @unchecked Sendable {
    /// Where the input comes from.
    enum Input {
        /// The whole input, already read (stdin).
        case bytes([UInt8])
        /// An open file, read in chunks and closed at the end.
        case file(descriptor: Int32, name: String)
    }

    /// A line that does not parse (or cannot be read): its 1-based number in the input, and why.
    struct BadLine: Error {
        var line: Int
        var reason: String
    }

    /// Why the stream ended early (set once ``next()`` has returned nil).
    private(set) var failure: BadLine?

    private let batchSize: Int
    /// How many groups of parsed drafts may wait to be taken.
    private static var lookahead: Int { 3 }
    /// Lines parsed together: a batch, or many small batches.
    private let groupLines: Int
    /// Parsed drafts waiting beyond this many stop the parsing.
    private let maximumWaiting: Int
    private let condition = NSCondition()
    // Guarded by `condition`:
    /// Parsed batches not yet taken, from `nextReady` on.
    private var ready: [[EventDraft]] = []
    private var nextReady = 0
    /// The drafts in `ready`.
    private var readyDrafts = 0
    /// The input line number of every draft produced so far, in order.
    private var lineNumbers: [Int] = []
    private var finished = false
    private var cancelled = false
    private var producedFailure: BadLine?

    /// Starts reading and parsing `input` in batches of `batchSize` lines.
    init(_ input: Input, batchSize: Int) {
        self.batchSize = batchSize
        groupLines = batchSize >= 1024 ? batchSize : (1024 / batchSize) * batchSize
        maximumWaiting = groupLines > Int.max / Self.lookahead ? groupLines : Self.lookahead * groupLines
        let thread = Thread { [self] in produce(input) }
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
        readyDrafts -= batch.count
        if nextReady == ready.count {
            ready.removeAll(keepingCapacity: true)
            nextReady = 0
        }
        condition.broadcast()
        return batch
    }

    /// The input line of the `index`-th draft (0-based) produced so far.
    func lineNumber(ofDraft index: Int) -> Int {
        condition.lock()
        defer { condition.unlock() }
        return lineNumbers[index]
    }

    /// Stops reading and parsing (the writer refused a batch).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    // MARK: - Producing

    private func produce(_ input: Input) {
        // More shares than cores, so that the pool's threads take shares as they
        // come free (with one share per core, the calling thread often ran both).
        let shares = 8 * Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let scratches = (0..<shares).map { _ in (DraftScratch(), RandomUUIDGenerator()) }
        var reader = ChunkReader(input)
        defer { reader.close() }
        var partial: [EventDraft] = []
        while true {
            let chunk: ChunkReader.Chunk?
            do {
                chunk = try reader.next()
            } catch {
                finish(failure: error)
                return
            }
            guard let chunk else { break }
            for start in stride(from: 0, to: chunk.lines.count, by: groupLines) {
                let group = chunk.lines[start..<Swift.min(start + groupLines, chunk.lines.count)]
                let (drafts, failure) = parse(group, in: chunk.bytes, shares: group.count < 512 ? 1 : shares,
                                              scratches: scratches)
                if partial.isEmpty { partial = drafts } else { partial += drafts }
                // The batches before a bad line's batch are handed over; that batch and the rest are not.
                let complete = partial.count / batchSize * batchSize
                guard hand(over: &partial, upTo: complete, lines: group.prefix(drafts.count).map(\.number)) else { return }
                if let failure {
                    finish(failure: failure)
                    return
                }
            }
        }
        guard hand(over: &partial, upTo: partial.count, lines: []) else { return }
        finish(failure: nil)
    }

    /// Queues the first `count` drafts of `partial` as batches (waiting while
    /// a group's worth is still untaken) and notes the line numbers of the
    /// drafts just parsed. Returns false when cancelled.
    private func hand(over partial: inout [EventDraft], upTo count: Int, lines: [Int]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        lineNumbers += lines
        while readyDrafts >= maximumWaiting && !cancelled { condition.wait() }
        if cancelled { return false }
        if count == partial.count && count <= batchSize {
            // The common case: one whole batch, handed over without copying it.
            if count > 0 { ready.append(partial) }
            partial = []
        } else {
            for start in stride(from: 0, to: count, by: batchSize) {
                ready.append(Array(partial[start..<Swift.min(start + batchSize, count)]))
            }
            partial.removeFirst(count)
        }
        readyDrafts += count
        condition.broadcast()
        return true
    }

    private func finish(failure: BadLine?) {
        condition.lock()
        producedFailure = failure
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Parses a group of lines of `bytes` in `shares` shares, on as many cores as are free.
    /// - Returns: the drafts of the lines before the first bad one, and that line.
    private func parse(
        _ group: ArraySlice<(number: Int, range: Range<Int>)>, in bytes: [UInt8], shares: Int,
        scratches: [(DraftScratch, RandomUUIDGenerator)]
    ) -> (drafts: [EventDraft], failure: BadLine?) {
        // Each share initializes its drafts in place; a line that fails leaves its slot empty.
        var failures = [LineError?](repeating: nil, count: group.count)
        let first = group.startIndex
        var firstFailure: Int?
        let drafts = [EventDraft](unsafeUninitializedCapacity: group.count) { buffer, initialized in
            failures.withUnsafeMutableBufferPointer { failures in
                nonisolated(unsafe) let output = buffer, failed = failures
                nonisolated(unsafe) let scratches = scratches  // one per share: never shared between threads
                let group = group
                DispatchQueue.concurrentPerform(iterations: shares) { share in
                    let lower = output.count * share / shares, upper = output.count * (share + 1) / shares
                    let (scratch, ids) = scratches[share]
                    for index in lower..<upper {
                        do throws(LineError) {
                            var draft = try EventDraft(line: bytes[group[first + index].range], scratch: scratch)
                            draft.giveRandomID(from: ids)
                            (output.baseAddress! + index).initialize(to: consume draft)
                        } catch {
                            failed[index] = error
                        }
                    }
                }
                firstFailure = failures.firstIndex { $0 != nil }
            }
            // Keep the drafts before the first bad line; drop the ones parsed after it.
            let kept = firstFailure ?? group.count
            for index in kept..<group.count where failures[index] == nil {
                (buffer.baseAddress! + index).deinitialize(count: 1)
            }
            initialized = kept
        }
        if let firstFailure, let error = failures[firstFailure] {
            return (drafts, BadLine(line: group[first + firstFailure].number, reason: error.reason))
        }
        return (drafts, nil)
    }
}

/// Reads `append` input as chunks of whole lines: a file a few MiB at a
/// time (a line cut by a chunk's end moves to the next chunk), or the bytes
/// given as one chunk.
private struct ChunkReader {
    /// Whole lines: the bytes, and each non-blank line's number and range in them.
    struct Chunk {
        var bytes: [UInt8]
        var lines: [(number: Int, range: Range<Int>)]
    }

    private var input: DraftParser.Input?
    /// The start of a line the previous chunk cut off.
    private var carried: [UInt8] = []
    private var nextLine = 1
    private static let chunkSize = 4 << 20

    init(_ input: DraftParser.Input) { self.input = input }

    mutating func close() {
        if case .file(let descriptor, _)? = input { Glibc.close(descriptor) }
        input = nil
    }

    mutating func next() throws(DraftParser.BadLine) -> Chunk? {
        switch input {
        case nil:
            return nil
        case .bytes(let bytes)?:
            input = nil
            return split(bytes, atEnd: true)
        case .file(let descriptor, let name)?:
            var atEnd = false
            var failed = false
            // A chunk: the carried start of a line, then up to chunkSize bytes read.
            func readMore(into buffer: UnsafeMutableRawBufferPointer) -> Int {
                var filled = 0
                while filled < buffer.count {
                    let count = read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
                    if count < 0 && errno == EINTR { continue }
                    if count < 0 { failed = true; break }
                    if count == 0 { atEnd = true; break }
                    filled += count
                }
                return filled
            }
            let carriedCount = carried.count
            var bytes = [UInt8](unsafeUninitializedCapacity: carriedCount + Self.chunkSize) { buffer, initialized in
                let raw = UnsafeMutableRawBufferPointer(buffer)
                carried.withUnsafeBytes { raw.copyMemory(from: $0) }
                initialized = carriedCount + readMore(into: UnsafeMutableRawBufferPointer(rebasing: raw[carriedCount...]))
            }
            carried = []
            // A line longer than a chunk: read on until it ends.
            while !failed && !atEnd && !bytes.contains(0x0A) {
                var more = [UInt8](unsafeUninitializedCapacity: Self.chunkSize) { buffer, initialized in
                    initialized = readMore(into: UnsafeMutableRawBufferPointer(buffer))
                }
                bytes += more
                more = []
            }
            if failed {
                throw DraftParser.BadLine(line: nextLine, reason: "cannot read \(name): \(String(cString: strerror(errno)))")
            }
            if atEnd { close() }
            if bytes.isEmpty { return nil }
            return split(bytes, atEnd: atEnd)
        }
    }

    /// The whole lines of `bytes`; unless `atEnd`, what follows the last newline is carried to the next chunk.
    private mutating func split(_ bytes: [UInt8], atEnd: Bool) -> Chunk {
        var lines: [(number: Int, range: Range<Int>)] = []
        var end = bytes.count
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var start = 0
            while start < buffer.count {
                guard let newline = memchr(base + start, 0x0A, buffer.count - start) else {
                    if !atEnd {
                        end = start
                        break
                    }
                    if !Self.isBlank(buffer, start..<buffer.count) { lines.append((nextLine, start..<buffer.count)) }
                    nextLine += 1
                    break
                }
                let lineEnd = UnsafeRawPointer(newline) - base
                if !Self.isBlank(buffer, start..<lineEnd) { lines.append((nextLine, start..<lineEnd)) }
                nextLine += 1
                start = lineEnd + 1
            }
        }
        if end < bytes.count { carried = Array(bytes[end...]) }
        return Chunk(bytes: bytes, lines: lines)
    }

    private static func isBlank(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        for index in range {
            let byte = buffer[index]
            if byte != 0x20 && byte != 0x0D && byte != 0x09 { return false }
        }
        return true
    }
}
