import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs two stages over the lines of one segment file: `prepare` on every
/// core, each line on its own, then `consume` in line order on the calling
/// thread. While the caller consumes one chunk of lines, the next chunk is
/// read and prepared, and the caller helps prepare it once it is done, so a
/// slow ordered stage (the chain links, a fold) overlaps the parallel one
/// (hashing, parsing). Memory holds two chunks, never the file.
///
/// Lines follow ``SegmentLineReader``'s rules: without their `\n`, at most
/// ``SegmentLineReader/maximumLineLength`` bytes, and a last fragment
/// without `\n` is returned as a torn tail rather than handed out.
struct LinePipeline<Prepared: Sendable> {
    /// What `prepare` may keep between lines; one per thread.
    struct Scratch {
        var names: [Int] = []
        let tape = JSONTape()
        /// The strings this thread made from lines lately (see ``RememberingJSONValue``).
        let memory = RememberingJSONValue.ReadMemory()
        /// The access decisions this thread read lately (see ``DecisionMemo``):
        /// made when replay first asks, so that other readers never pay for it.
        lazy var decisions = DecisionMemo()

        /// Reads a line's `data` (validated by the envelope scan) in place
        /// when the tape can, else as the tree the parser builds, so that
        /// every line reads as ``EventLine`` would decode it.
        /// - Throws: what the parser finds wrong (a clash of escaped names, a number out of range).
        mutating func read<Result>(
            data: UnsafeRawBufferPointer, inPlace: (JSONTapeValue) -> Result, parsed: (JSONValue) -> Result
        ) throws(LineError) -> Result {
            if tape.index(data) { return tape.withRoot(data) { inPlace($0) } }
            do {
                return parsed(try JSONParser.parse(data))
            } catch {
                throw LineError("invalid JSON in \"data\": \(error)")
            }
        }
    }

    /// How one segment ended.
    struct Outcome {
        /// The incomplete last line, if any (nil when stopped early).
        var tornTail: SegmentLineReader.TornTail?
        /// `consume` asked to stop.
        var stopped = false
    }

    let prepare: @Sendable (_ line: UnsafeRawBufferPointer, _ scratch: inout Scratch) -> Prepared
    let workers: Int
    let chunkSize: Int

    /// Lines per share of a chunk.
    static var sliceLines: Int { 256 }

    init(
        _ options: LinePipelineOptions = LinePipelineOptions(),
        prepare: @escaping @Sendable (UnsafeRawBufferPointer, inout Scratch) -> Prepared
    ) {
        workers = max(1, options.workers)
        chunkSize = options.chunkSize
        self.prepare = prepare
    }

    /// Prepares and consumes every complete line of `path` in order.
    /// - Parameters:
    ///   - fileName: the name used in errors.
    ///   - consume: gets each line's prepared value, the line and its 1-based number; returns whether to go on.
    func run(
        path: String, fileName: String,
        consume: (consuming Prepared, UnsafeRawBufferPointer, Int) throws(LogError) -> Bool
    ) throws(LogError) -> Outcome {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw LogError(.io, file: fileName, "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let crew = Crew(helpers: workers - 1, scratches: workers)
        defer { crew.finish() }
        let slots = [Chunk(capacity: chunkSize), Chunk(capacity: chunkSize)]
        defer { for slot in slots { slot.release() } }
        let reader = Reader(fd: fd, fileName: fileName)

        // Read and prepare the first chunk, then, for each chunk: have a
        // helper read the next one and start preparing it, consume this one,
        // help finish the next. Reading is off the ordered stage's thread.
        // A failure while reading (a line too long, a read error) is thrown
        // once the lines before it, in the chunk it was found in, are consumed.
        var current = 0
        var failure: (error: LogError, slot: Int)?
        let first = slots[current]
        if let error = crew.run(first, fill: { reader.fill(first) }, prepare: prepare) {
            failure = (error, current)
        }
        while true {
            let next = 1 - current
            var nextStarted = false
            if failure == nil, !reader.atEnd {
                let (from, into) = (slots[current], slots[next])
                crew.start(into, fill: {
                    reader.carry(from: from, into: into)
                    return reader.fill(into)
                }, prepare: prepare)
                nextStarted = true
            }
            let chunk = slots[current]
            var stopped = false
            do throws(LogError) {
                for index in 0..<chunk.lineCount where try !consume(chunk.take(index), chunk.line(index), chunk.firstLine + index) {
                    stopped = true
                    break
                }
            } catch {
                // The helpers must be done with the next chunk before its memory goes.
                if nextStarted { _ = crew.helpAndWait() }
                throw error
            }
            chunk.clearPrepared()
            if nextStarted {
                if let error = crew.helpAndWait() { failure = (error, next) }
                nextStarted = slots[next].lineCount > 0
            }
            if stopped { return Outcome(tornTail: nil, stopped: true) }
            if let failure, failure.slot == current || !nextStarted { throw failure.error }
            guard nextStarted else { break }
            current = next
        }
        return Outcome(tornTail: reader.tornTail, stopped: false)
    }

    /// One buffer of whole lines and what was prepared from them.
    final class Chunk: @unchecked Sendable {
        let buffer: UnsafeMutableRawBufferPointer
        /// Bytes of `buffer` in use (whole lines, then the start of the next line).
        var filled = 0
        /// Bytes of whole lines.
        var length = 0
        /// Start and end of each line.
        var bounds: [Int] = []
        var lineCount = 0
        /// The number in the file of the first line.
        var firstLine = 1
        /// The byte offset in the file of `buffer[0]`.
        var offset: Int64 = 0
        private var prepared: UnsafeMutablePointer<Prepared>
        private var preparedCapacity = 0
        /// Prepared values still held: lines `taken..<preparedCount`.
        private var preparedCount = 0
        private var taken = 0

        init(capacity: Int) {
            buffer = .allocate(byteCount: capacity, alignment: 64)
            prepared = .allocate(capacity: 1)
        }

        func line(_ index: Int) -> UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[bounds[2 * index]..<bounds[2 * index + 1]])
        }

        /// Makes room for `lineCount` prepared values.
        func reserve() {
            if preparedCapacity < lineCount {
                prepared.deallocate()
                preparedCapacity = max(lineCount, 2 * preparedCapacity)
                prepared = .allocate(capacity: preparedCapacity)
            }
        }

        /// Prepares lines `range` (on any thread).
        func prepare(_ range: Range<Int>, with prepare: (UnsafeRawBufferPointer, inout Scratch) -> Prepared, scratch: inout Scratch) {
            for index in range { (prepared + index).initialize(to: prepare(line(index), &scratch)) }
        }

        func markPrepared() {
            preparedCount = lineCount
            taken = 0
        }

        /// Moves out the prepared value of line `index`; lines are taken in order.
        func take(_ index: Int) -> Prepared {
            taken = index + 1
            return (prepared + index).move()
        }

        func clearPrepared() {
            if preparedCount > taken { (prepared + taken).deinitialize(count: preparedCount - taken) }
            preparedCount = 0
            taken = 0
        }

        func release() {
            clearPrepared()
            prepared.deallocate()
            buffer.deallocate()
        }
    }

    /// Reads a segment into chunks, carrying an unfinished line over to the
    /// next. A class: a helper thread fills a chunk while the caller
    /// consumes the one before (the crew's lock orders their uses).
    final class Reader: @unchecked Sendable {
        let fd: Int32
        let fileName: String
        var atEnd = false
        /// The number of the next line to read.
        var nextLine = 1
        /// The file offset of the next byte to read.
        var offset: Int64 = 0
        var tornTail: SegmentLineReader.TornTail?
        private var carried = 0

        init(fd: Int32, fileName: String) {
            self.fd = fd
            self.fileName = fileName
        }

        /// Copies the unfinished line at the end of `chunk` to the start of `next`.
        func carry(from chunk: Chunk, into next: Chunk) {
            carried = chunk.filled - chunk.length
            if carried > 0 {
                memcpy(next.buffer.baseAddress!, chunk.buffer.baseAddress! + chunk.length, carried)
            }
        }

        /// Fills `chunk` after what was carried into it and finds its lines.
        /// - Returns: a failure to report after the lines before it (a line too long or a read error).
        func fill(_ chunk: Chunk) -> LogError? {
            let capacity = chunk.buffer.count
            var filled = carried
            carried = 0
            chunk.offset = offset - Int64(filled)
            chunk.firstLine = nextLine
            chunk.lineCount = 0
            chunk.length = 0
            chunk.bounds.removeAll(keepingCapacity: true)
            while filled < capacity {
                let count = read(fd, chunk.buffer.baseAddress! + filled, capacity - filled)
                if count < 0 {
                    if errno == EINTR { continue }
                    chunk.filled = filled
                    return LogError(.io, file: fileName, "cannot read: \(String(cString: strerror(errno)))")
                }
                if count == 0 {
                    atEnd = true
                    break
                }
                filled += count
                offset += Int64(count)
            }
            chunk.filled = filled
            let base = UnsafeRawPointer(chunk.buffer.baseAddress!)
            var start = 0
            var failure: LogError?
            while start < filled {
                guard let newline = memchr(base + start, 0x0A, filled - start) else { break }
                let end = base.distance(to: newline)
                if end - start > SegmentLineReader.maximumLineLength {
                    failure = LogError(.integrity, file: fileName, line: nextLine, "line longer than 1 MiB")
                    break
                }
                chunk.bounds.append(start)
                chunk.bounds.append(end)
                nextLine += 1
                start = end + 1
            }
            chunk.length = start
            chunk.lineCount = chunk.bounds.count / 2
            if failure == nil, filled - start > SegmentLineReader.maximumLineLength || start == 0 && !atEnd {
                failure = LogError(.integrity, file: fileName, line: nextLine, "line longer than 1 MiB")
            }
            if failure != nil {
                atEnd = true
            } else if atEnd, filled > start {
                tornTail = SegmentLineReader.TornTail(
                    line: nextLine, offset: chunk.offset + Int64(start), length: filled - start)
            }
            if failure == nil, atEnd { chunk.filled = start }
            chunk.reserve()
            return failure
        }
    }

    /// The threads that prepare chunks: helpers waiting for work, and the
    /// calling thread, which joins in when it has nothing else to do.
    final class Crew: @unchecked Sendable {
        private let condition = NSCondition()
        private var chunk: Chunk?
        private var prepare: (@Sendable (UnsafeRawBufferPointer, inout Scratch) -> Prepared)?
        /// Fills the chunk before its lines can be shared out: the first
        /// thread free takes it. Nil once taken.
        private var fill: (() -> LogError?)?
        /// The fill was taken and has not finished.
        private var filling = false
        private var fillError: LogError?
        private var slices = 0
        private var nextSlice = 0
        private var finishedSlices = 0
        private var stopping = false
        private let helpersDone = DispatchGroup()
        private let scratches: UnsafeMutablePointer<Scratch>
        private let scratchCount: Int

        init(helpers: Int, scratches count: Int) {
            scratchCount = count
            scratches = .allocate(capacity: count)
            // One each: a scratch holds a tape, which is a class.
            for index in 0..<count { (scratches + index).initialize(to: Scratch()) }
            for helper in 0..<helpers {
                helpersDone.enter()
                let thread = Thread { [self] in
                    work(scratch: helper + 1)
                    helpersDone.leave()
                }
                thread.stackSize = 1 << 20
                thread.start()
            }
        }

        /// Has `chunk` filled (by `fill`, on the first thread free), then
        /// shares out its lines, and returns at once.
        func start(
            _ chunk: Chunk, fill: @escaping () -> LogError?,
            prepare: @escaping @Sendable (UnsafeRawBufferPointer, inout Scratch) -> Prepared
        ) {
            condition.lock()
            self.chunk = chunk
            self.prepare = prepare
            self.fill = fill
            fillError = nil
            slices = 0
            nextSlice = 0
            finishedSlices = 0
            condition.broadcast()
            condition.unlock()
        }

        /// Fills and prepares `chunk` with every thread and returns when it is done.
        /// - Returns: what `fill` reported.
        func run(
            _ chunk: Chunk, fill: @escaping () -> LogError?,
            prepare: @escaping @Sendable (UnsafeRawBufferPointer, inout Scratch) -> Prepared
        ) -> LogError? {
            start(chunk, fill: fill, prepare: prepare)
            return helpAndWait()
        }

        /// Fills the current chunk if no thread has started to, takes its
        /// slices until none is left, then waits for the others.
        /// - Returns: what the fill reported.
        func helpAndWait() -> LogError? {
            condition.lock()
            while true {
                if runTask(scratch: 0) { continue }
                if filling { condition.wait() } else { break }
            }
            while finishedSlices < slices { condition.wait() }
            chunk?.markPrepared()
            chunk = nil
            let error = fillError
            fillError = nil
            condition.unlock()
            return error
        }

        /// Stops the helpers and waits until they have.
        func finish() {
            condition.lock()
            stopping = true
            condition.broadcast()
            condition.unlock()
            helpersDone.wait()
            scratches.deinitialize(count: scratchCount)
            scratches.deallocate()
        }

        private func work(scratch: Int) {
            condition.lock()
            while true {
                if runTask(scratch: scratch) { continue }
                if stopping { break }
                condition.wait()
            }
            condition.unlock()
        }

        /// Runs one task, if there is one: the current chunk's fill, else one
        /// of its slices. Called with the lock held; releases it while working.
        /// - Returns: whether it ran a task.
        private func runTask(scratch: Int) -> Bool {
            if let fill = claimFill() {
                condition.unlock()
                let error = fill()
                condition.lock()
                finishFill(error)
                return true
            }
            if let (chunk, prepare, slice) = claim() {
                condition.unlock()
                chunk.prepare(range(of: slice, in: chunk), with: prepare, scratch: &scratches[scratch])
                condition.lock()
                finish(slice)
                return true
            }
            return false
        }

        /// The fill of the current chunk, if no thread has taken it (the lock held).
        private func claimFill() -> (() -> LogError?)? {
            guard let fill else { return nil }
            self.fill = nil
            filling = true
            return fill
        }

        /// Notes the chunk filled, its lines ready to share out (the lock held).
        private func finishFill(_ error: LogError?) {
            filling = false
            fillError = error
            if let chunk { slices = (chunk.lineCount + LinePipeline.sliceLines - 1) / LinePipeline.sliceLines }
            condition.broadcast()
        }

        /// The next unclaimed slice (the lock held).
        private func claim() -> (Chunk, @Sendable (UnsafeRawBufferPointer, inout Scratch) -> Prepared, Int)? {
            guard let chunk, let prepare, nextSlice < slices else { return nil }
            nextSlice += 1
            return (chunk, prepare, nextSlice - 1)
        }

        /// Notes a slice done (the lock held).
        private func finish(_ slice: Int) {
            finishedSlices += 1
            if finishedSlices == slices { condition.broadcast() }
        }

        private func range(of slice: Int, in chunk: Chunk) -> Range<Int> {
            (slice * LinePipeline.sliceLines)..<min(chunk.lineCount, (slice + 1) * LinePipeline.sliceLines)
        }
    }
}

/// How a ``LinePipeline`` runs.
struct LinePipelineOptions: Sendable {
    /// Threads that prepare lines, the caller's included: every core, at most eight.
    var workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
    /// The size of a chunk: big enough to be worth sharing out, and to hold
    /// the longest line (tests use smaller ones, with short lines).
    var chunkSize = 4 << 20
}
