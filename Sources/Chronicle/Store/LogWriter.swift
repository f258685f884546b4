import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The only way events enter a log: validated, chained, sealed, and durable
/// before they are acknowledged (SPEC §2, §6).
///
/// Every append takes the exclusive `.lock`, catches up on lines other
/// writers appended since (verifying them and showing them to the
/// ``LogFollower``), checks the new events against the follower's state at
/// the head, and writes each touched segment with one `write` and one
/// `fsync` (and the directory's `fsync` when a segment is created). A batch
/// is all or nothing: if any event is refused or any write fails, the
/// segments are cut back to where they were and nothing is acknowledged.
///
/// On its first catch-up a writer repairs a torn tail: an incomplete last
/// line, or a last line that fails its hash, is moved to
/// `<segment>.torn-<unix time>` and cut off, never deleted. Damage anywhere
/// else makes every append fail with an integrity error.
public final class LogWriter<Follower: LogFollower> {
    public let directory: LogDirectory
    /// The state the writer keeps in step with the log.
    public private(set) var follower: Follower
    /// The last line, nil while the log is empty.
    public private(set) var head: ChainHead?
    /// Seals checkpoints when a new UTC day starts (nil: no keyring, no checkpoints).
    let checkpointMAC: (@Sendable (Int64, String) -> String)?
    /// The `source` of the log (`/orgs/<org>`): from its first line, else as given.
    public var source: String? { logSource ?? givenSource }
    /// The source of the log's lines, once it has any.
    private var logSource: String?
    /// The source given for a new log: the default of events without one until the log has lines.
    private let givenSource: String?
    /// Files quarantined by torn-tail repair.
    public private(set) var quarantined: [String] = []
    /// Day-closing checkpoints that could not be written after a successful
    /// append (the append itself stands); callers warn about them.
    public private(set) var checkpointFailures: [LogError] = []
    /// Generates event ids (random UUIDs unless given; `simulate` passes a seeded generator).
    let makeID: () -> String

    private let lock: FileLock
    /// Where ``append(_:batchSize:now:)`` fsyncs a batch while it seals and
    /// writes the next (concurrent: see ``PendingSync``).
    private let ioQueue = DispatchQueue(label: "chronicle.log-writer.io", attributes: .concurrent)
    /// The segment appended to last, kept open between batches.
    private let openSegment = OpenSegment()
    private var checker = LineChecker()
    /// Where reading stopped: the segment, the offset after its last line, and the next line number.
    private var readSegment: String?
    private var readOffset: Int64 = 0
    private var readLine = 1
    private var caughtUpOnce = false
    /// The scratch index followers read catch-up lines' `data` with.
    private let tape = JSONTape()

    /// Opens (creating if needed) the log in `directory`.
    /// - Parameters:
    ///   - source: the source for a new log, for events that give none; an existing log keeps its
    ///     own, and the first event appended to an empty log may set another.
    ///   - checkpointMAC: seals `"<seq>:<hash>"` for day-closing checkpoints.
    public init(
        directory: LogDirectory, follower: Follower, source: String? = nil,
        checkpointMAC: (@Sendable (Int64, String) -> String)? = nil,
        makeID: (() -> String)? = nil
    ) throws(LogError) {
        if let makeID {
            self.makeID = makeID
        } else {
            let generator = RandomUUIDGenerator()
            self.makeID = { generator.next() }
        }
        self.directory = directory
        self.follower = follower
        givenSource = source
        self.checkpointMAC = checkpointMAC
        if !directory.exists {
            guard mkdir(directory.path, 0o700) == 0 || errno == EEXIST else {
                throw LogError(.io, "cannot create the log directory \(directory.path): \(FileIO.errorText())")
            }
        }
        lock = try FileLock(path: directory.file(LogDirectory.lockFileName))
    }

    /// Appends a batch, all or nothing.
    /// - Parameter now: the time given to events without one (never earlier than the head's).
    /// - Returns: the events as written.
    @discardableResult
    public func append(_ drafts: [EventDraft], now: Timestamp) throws(LogError) -> [Event] {
        try transaction(now: now) { _, _ in (drafts, ()) }.events
    }

    /// Appends `drafts` in batches of `batchSize` events, each all or
    /// nothing and durable on its own (one write and one fsync per segment),
    /// sealing the next batch while the previous one is being written. The
    /// first refused or failed batch stops the rest; the batches before it stay.
    /// - Parameter now: the time given to events without one (never earlier than the head's).
    public func append(_ drafts: [EventDraft], batchSize: Int, now: Timestamp) -> BatchedAppend {
        precondition(batchSize > 0, "batchSize must be positive")
        return append(batches: stride(from: 0, to: drafts.count, by: batchSize).lazy.map {
            Array(drafts[$0..<min($0 + batchSize, drafts.count)])
        }, now: now)
    }

    /// Appends each batch `batches` gives, in order, each all or nothing
    /// and durable on its own, sealing the next batch while the previous one
    /// is being written (so a producer may still be parsing later batches).
    /// The first refused or failed batch stops the rest (no more are taken
    /// from `batches`); the batches before it stay.
    /// - Parameter now: the time given to events without one (never earlier than the head's).
    public func append<Batches: Sequence<[EventDraft]>>(batches: Batches, now: Timestamp) -> BatchedAppend {
        var outcome = BatchedAppend(appended: 0, head: head, failure: nil)
        do {
            try lock.withLock { () throws(LogError) in
                try catchUp()
                outcome.head = head
                var iterator = batches.makeIterator()
                try appendPipelined({ iterator.next() }, time: max(now, head?.time ?? now), outcome: &outcome)
            }
        } catch {
            outcome.failure = error
        }
        return outcome
    }

    /// Appends what `build` decides, on the state at the head, all under the lock.
    ///
    /// `build` receives the follower caught up to the head and the time
    /// `t = max(now, head time)`; it returns the drafts to append (their
    /// missing times become `t`) and a result. Live issuance and decisions
    /// use this so that replay sees exactly the state they saw (SPEC §6).
    public func transaction<Result>(
        now: Timestamp, _ build: (Follower, Timestamp) throws(LogError) -> ([EventDraft], Result)
    ) throws(LogError) -> (events: [Event], result: Result) {
        let (batch, result) = try sealedTransaction(now: now, build)
        return (batch?.events ?? [], result)
    }

    /// ``transaction(now:_:)`` without decoding the events it wrote: the new head only.
    package func transactionHead<Result>(
        now: Timestamp, _ build: (Follower, Timestamp) throws(LogError) -> ([EventDraft], Result)
    ) throws(LogError) -> (head: ChainHead?, result: Result) {
        let (batch, result) = try sealedTransaction(now: now, build)
        return (batch?.head, result)
    }

    private func sealedTransaction<Result>(
        now: Timestamp, _ build: (Follower, Timestamp) throws(LogError) -> ([EventDraft], Result)
    ) throws(LogError) -> (SealedBatch<Follower>?, Result) {
        try lock.withLock { () throws(LogError) -> (SealedBatch<Follower>?, Result) in
            try catchUp()
            let time = max(now, head?.time ?? now)
            let (drafts, result) = try build(follower, time)
            guard !drafts.isEmpty else { return (nil, result) }
            let batch = try seal(drafts, after: head, source: logSource, follower: follower, time: time)
            let plan = WritePlan(batch, after: head)
            try Self.writeSegments(plan.segments, in: directory, files: openSegment)
            commit(batch, plan)
            return (batch, result)
        }
    }

    /// Catches up with the log under the lock (e.g. before reading ``follower``).
    public func refresh() throws(LogError) {
        try lock.withLock { () throws(LogError) in try catchUp() }
    }

    // MARK: - Writing

    private func seal(
        _ drafts: [EventDraft], after head: ChainHead?, source: String?, follower: Follower, time: Timestamp
    ) throws(LogError) -> SealedBatch<Follower> {
        try SealedBatch(sealing: drafts, after: head, source: source, defaultSource: givenSource,
                        follower: follower, defaultTime: time, makeID: makeID)
    }

    /// Batches smaller than this are written on the calling thread, not pipelined.
    private static var smallestPipelinedBatch: Int { 64 }

    /// The batches of ``append(_:batchSize:now:)``: each batch is sealed and
    /// written (into the page cache) here, then fsynced on the I/O queue, so
    /// batch `k + 1` is sealed and written while batch `k`'s fsync runs; up to
    /// ``writesInFlight`` batches wait for theirs, and a batch is committed (in
    /// order) once it is durable. When a batch cannot be made durable, the
    /// fsyncs after it are waited for and it and every batch written after it
    /// are undone (newest first), so nothing follows a batch that is not in the log.
    private func appendPipelined(
        _ nextBatch: () -> [EventDraft]?, time: Timestamp, outcome: inout BatchedAppend
    ) throws(LogError) {
        var sealedHead = head, sealedSource = logSource, sealedFollower = follower
        var inFlight: [(batch: SealedBatch<Follower>, plan: WritePlan, written: SegmentWrite, sync: PendingSync)] = []
        /// Commits a durable batch and counts it.
        func land(_ batch: SealedBatch<Follower>, _ plan: WritePlan) {
            commit(batch, plan)
            outcome.appended += batch.seals.count
            outcome.head = head
        }
        /// Commits the oldest batch in flight once it is durable. If it cannot
        /// be made durable, it and every batch written after it are undone.
        func landOldest() throws(LogError) {
            let (batch, plan, written, sync) = inFlight.removeFirst()
            if let failure = sync.wait() {
                for later in inFlight { _ = later.sync.wait() }  // let them finish before cutting their files
                for later in inFlight.reversed() { later.written.undo(in: directory, files: openSegment) }
                written.undo(in: directory, files: openSegment)
                inFlight.removeAll()
                throw failure
            }
            land(batch, plan)
        }
        func landAll() throws(LogError) {
            while !inFlight.isEmpty { try landOldest() }
        }
        var start = 0
        while let drafts = nextBatch() {
            guard !drafts.isEmpty else { continue }
            let batch: SealedBatch<Follower>
            do {
                batch = try seal(drafts, after: sealedHead, source: sealedSource, follower: sealedFollower, time: time)
            } catch {
                try landAll()
                var error = error
                if let line = error.line { error.line = start + line }
                throw error
            }
            let plan = WritePlan(batch, after: sealedHead)
            if drafts.count < Self.smallestPipelinedBatch {
                // Sealing a small batch takes microseconds: handing its write to
                // another thread would only add two thread switches to the fsync.
                try landAll()
                try Self.writeSegments(plan.segments, in: directory, files: openSegment)
                land(batch, plan)
            } else {
                if inFlight.count == Self.writesInFlight { try landOldest() }
                // Written here (a copy into the page cache), made durable on the I/O queue: the
                // next batch is sealed and written while this one's fsync runs.
                let written: SegmentWrite
                do {
                    written = try SegmentWrite(plan.segments, in: directory, kept: openSegment, syncedElsewhere: true)
                } catch {
                    try landAll()
                    throw error
                }
                let directory = self.directory
                inFlight.append((batch, plan, written, PendingSync(on: ioQueue) {
                    () throws(LogError) in
                    try written.sync(in: directory)
                }))
            }
            sealedHead = batch.head
            sealedSource = batch.source
            sealedFollower = batch.follower
            start += drafts.count
        }
        try landAll()
    }

    /// How many written batches may wait to be durable at once.
    private static var writesInFlight: Int { 3 }

    /// Takes a durable batch into the writer's state, then writes the
    /// day-closing checkpoints it calls for.
    private func commit(_ batch: SealedBatch<Follower>, _ plan: WritePlan) {
        follower = batch.follower
        logSource = batch.source
        guard let last = batch.seals.last else { return }
        head = last.head
        if let segment = plan.segments.last {
            if readSegment != segment.name { readSegment = segment.name; readOffset = 0; readLine = 1 }
            readOffset += Int64(segment.bytes.count)
            readLine += segment.lines
        }
        checker.advance(past: head!, source: logSource ?? "")
        // The events are durable: the append has succeeded. A day-closing
        // checkpoint that cannot be written must not turn it into a failure
        // (a service would then withhold a token the log says it issued); it
        // is kept for the caller to report.
        if checkpointMAC != nil {
            for closing in plan.dayClosings {
                do { try writeCheckpoint(closing) } catch { checkpointFailures.append(error) }
            }
        }
    }

    /// Writes each segment's bytes with one write and one fsync; on failure
    /// cuts every touched segment back and removes segments it created.
    private static func writeSegments(
        _ segments: [(name: String, bytes: [UInt8], lines: Int)], in directory: LogDirectory, files: OpenSegment
    ) throws(LogError) {
        let written = try SegmentWrite(segments, in: directory, kept: files, syncedElsewhere: false)
        do {
            try written.sync(in: directory)
        } catch {
            written.undo(in: directory, files: files)
            throw error
        }
    }

    /// Appends a checkpoint for `head` to `checkpoints.jsonl` (fsynced).
    public func writeCheckpoint(_ head: ChainHead) throws(LogError) {
        guard let checkpointMAC else { throw LogError(.input, "writing a checkpoint needs the keyring's audit key") }
        let checkpoint = Checkpoint(seq: head.seq, hash: head.hash, time: head.time,
                                    mac: checkpointMAC(head.seq, head.hash))
        let name = LogDirectory.checkpointsFileName
        let path = directory.file(name)
        let created = !FileIO.fileExists(path)
        let fd = try FileIO.open(path, O_WRONLY | O_APPEND | O_CREAT, name: name)
        defer { close(fd) }
        let line = JSONWriter.serialize(checkpoint.json) + [0x0A]
        try line.withTypedBytes { (bytes) throws(LogError) in try FileIO.writeAll(fd, bytes, name: name) }
        try FileIO.fsync(fd, name: name)
        if created { try FileIO.fsyncDirectory(directory.path) }
    }

    /// Writes a checkpoint for the current head, under the lock.
    public func checkpoint() throws(LogError) -> Checkpoint? {
        try lock.withLock { () throws(LogError) -> Checkpoint? in
            try catchUp()
            guard let head, let checkpointMAC else { return nil }
            try writeCheckpoint(head)
            return Checkpoint(seq: head.seq, hash: head.hash, time: head.time, mac: checkpointMAC(head.seq, head.hash))
        }
    }

    // MARK: - Catching up

    /// Reads, verifies and follows every line past where this writer stopped.
    /// Must be called with the lock held.
    ///
    /// A segment file without bytes (a writer killed between creating a new
    /// day's segment and writing to it) holds no line: it does not move the
    /// read position, and a torn tail before it is still the log's tail.
    private func catchUp() throws(LogError) {
        // Every hold of the lock starts here: another writer may have changed the segments since the last.
        openSegment.lockTaken()
        let names = try directory.segmentNames()
        let startIndex = readSegment.flatMap { names.firstIndex(of: $0) } ?? 0
        if readSegment != nil, !names.contains(readSegment!) {
            throw LogError(.integrity, file: readSegment, "segment disappeared while the log was open")
        }
        guard startIndex < names.count else { return }
        let lastWithBytes = directory.indexOfLastSegmentWithBytes(names)
        for index in startIndex..<names.count {
            try follow(segment: names[index], isLastSegment: index >= lastWithBytes)
        }
        caughtUpOnce = true
    }

    /// Follows the lines of `name` past the read position (from its start
    /// when the read position is in an earlier segment), moving the read
    /// position past each good line.
    private func follow(segment name: String, isLastSegment: Bool) throws(LogError) {
        let resumes = name == readSegment
        let startOffset = resumes ? readOffset : 0
        let startLine = resumes ? readLine : 1
        let day = Array(name.utf8.prefix(10))
        // A line that failed its checks; only forgivable as the very last line of the log.
        var failed: (position: SegmentLineReader.Position, reason: String)?
        let path = directory.file(name)
        let torn = try day.withTypedBytes { (dayBytes) throws(LogError) -> SegmentLineReader.TornTail? in
            try SegmentLineReader.forEachLine(path: path, fileName: name, from: startOffset, firstLine: startLine) {
                (position, line) throws(LogError) in
                if let failed { throw LogError(.integrity, file: name, line: failed.position.line, failed.reason) }
                var next = checker
                let raw: RawEnvelope
                do {
                    raw = try next.check(line, segmentDay: dayBytes)
                } catch let error as LineError {
                    failed = (position, error.reason)
                    return
                } catch {
                    failed = (position, "\(error)")
                    return
                }
                let header: Event
                do { header = try EventLine.header(from: raw, in: line) } catch {
                    failed = (position, "\(error)")
                    return
                }
                checker = next
                follower.follow(SealedLine(seq: header.seq, time: header.time, type: header.type, line: line,
                                           data: raw.data, tape: tape))
                if logSource == nil { logSource = raw.source.string(in: line) }
                head = ChainHead(seq: header.seq, hash: raw.hash.string(in: line), time: header.time)
                readSegment = name
                readOffset = position.offset + Int64(line.count) + 1
                readLine = position.line + 1
            }
        }
        if let failed {
            guard isLastSegment, torn == nil, !caughtUpOnce || true else {
                throw LogError(.integrity, file: name, line: failed.position.line, failed.reason)
            }
            guard failed.reason.hasPrefix("hash mismatch") || failed.reason.hasPrefix("invalid JSON")
                    || failed.reason.hasPrefix("the line does not end")
            else { throw LogError(.integrity, file: name, line: failed.position.line, failed.reason) }
            try quarantine(segment: name, from: failed.position.offset)
        } else if let torn {
            guard isLastSegment else {
                throw LogError(.integrity, file: name, line: torn.line, "incomplete line before the next segment")
            }
            try quarantine(segment: name, from: torn.offset)
        }
    }

    /// Moves the bytes of `segment` from `offset` on to `<segment>.torn-<unix time>`, then cuts them off.
    private func quarantine(segment name: String, from offset: Int64) throws(LogError) {
        let path = directory.file(name)
        let fd = try FileIO.open(path, O_RDWR, name: name)
        defer { close(fd) }
        let size = FileIO.size(fd)
        guard size > offset else { return }
        var bytes = [UInt8](repeating: 0, count: Int(size - offset))
        let count = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(offset)) }
        guard count == bytes.count else { throw LogError(.io, file: name, "cannot read the torn tail: \(FileIO.errorText())") }
        let seconds = Int64(Date().timeIntervalSince1970)
        var tornName = "\(name).torn-\(seconds)"
        var suffix = 1
        while FileIO.fileExists(directory.file(tornName)) {
            tornName = "\(name).torn-\(seconds)-\(suffix)"
            suffix += 1
        }
        let tornFD = try FileIO.open(directory.file(tornName), O_WRONLY | O_CREAT | O_EXCL, name: tornName)
        defer { close(tornFD) }
        try bytes.withTypedBytes { (raw) throws(LogError) in try FileIO.writeAll(tornFD, raw, name: tornName) }
        try FileIO.fsync(tornFD, name: tornName)
        try FileIO.fsyncDirectory(directory.path)
        guard ftruncate(fd, off_t(offset)) == 0 else {
            throw LogError(.io, file: name, "cannot cut off the torn tail: \(FileIO.errorText())")
        }
        try FileIO.fsync(fd, name: name)
        bytes.removeAll()
        quarantined.append(tornName)
    }
}

/// Where a sealed batch goes: its bytes per segment, and the heads that close a UTC day.
/// Not nested in ``LogWriter``: a type nested in a generic one is itself
/// generic, and the writer's batches run through code the command line calls unspecialized.
private struct WritePlan: Sendable {
    var segments: [(name: String, bytes: [UInt8], lines: Int)] = []
    var dayClosings: [ChainHead] = []

    init<Follower>(_ batch: SealedBatch<Follower>, after head: ChainHead?) {
        self.init(bytes: batch.bytes, seals: batch.seals, after: head)
    }

    init(bytes: [UInt8], seals: [LineSeal], after head: ChainHead?) {
        func day(_ time: Timestamp) -> Int64 { time.milliseconds.floorDivided(by: Timestamp.millisecondsPerDay) }
        var previousDay = head.map { day($0.time) }
        var start = 0, firstSeal = 0
        for (index, seal) in seals.enumerated() {
            let sealDay = day(seal.time)
            guard sealDay != previousDay || segments.isEmpty else { continue }
            if let previousDay, sealDay != previousDay {
                dayClosings.append(index == 0 ? head! : seals[index - 1].head)
            }
            if let last = segments.indices.last {
                segments[last].bytes = Array(bytes[start..<seals[index - 1].end])
                start = seals[index - 1].end
                segments[last].lines = index - firstSeal
                firstSeal = index
            }
            segments.append((LogDirectory.segmentName(for: seal.time), [], 0))
            previousDay = sealDay
        }
        if let last = segments.indices.last {
            segments[last].bytes = start == 0 ? bytes : Array(bytes[start...])
            segments[last].lines = seals.count - firstSeal
        }
    }
}
