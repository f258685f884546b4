/// What a replay of a log gives (SPEC §10).
public struct LogReplay: Sendable {
    public var report: ReplayReport
    /// An incomplete last line was ignored (callers warn).
    public var ignoredTornTail: Bool
}

extension Replayer {
    /// Verifies every line of the log in `directory` as `verify` does (SPEC
    /// §6) and replays the events in [`from`, `to`), in one pass over the
    /// log: each line is hashed, checked and read on any core, then linked
    /// to the previous one and replayed in log order.
    ///
    /// Events before the window build state (decisions and rejections there
    /// change nothing and are not read); events after it are only verified.
    /// An incomplete last line is ignored, as `head` ignores it.
    ///
    /// - Parameter progress: called with the `seq` of each line as it is linked.
    /// - Returns: the report; there is none for a damaged log.
    /// - Throws: ``LogError`` for the first line that fails verification,
    ///   whatever comes after it; when the whole log verifies, for the first
    ///   line whose `data` the parser rejects.
    public static func replay(
        _ directory: LogDirectory, from: Timestamp?, to: Timestamp?, progress: (Int64) -> Void = { _ in }
    ) throws(LogError) -> LogReplay {
        try replay(directory, from: from, to: to, pipeline: LinePipelineOptions(), progress: progress)
    }

    static func replay(
        _ directory: LogDirectory, from: Timestamp?, to: Timestamp?, pipeline options: LinePipelineOptions,
        progress: (Int64) -> Void = { _ in }
    ) throws(LogError) -> LogReplay {
        var replayer = Replayer(from: from, to: to)
        var linker = ChainLinker()
        var unreadable: LogError?
        let tornTail = try LinkedLines.run(
            directory, options: options, linker: &linker,
            prepare: { line, day, scratch in ReplayLine(line, segmentDay: day, from: from, to: to, scratch: &scratch) },
            facts: { $0.facts }
        ) { (prepared: consuming ReplayLine, file, number) throws(LogError) in
            let seq = prepared.facts.seq
            // Moved out, not copied: a prepared event is large.
            if unreadable == nil {
                if let reason = prepared.unreadable {
                    unreadable = LogError(.integrity, file: file, line: number, reason)
                } else if let event = prepared.event.take() {
                    replayer.consume(event)
                }
            }
            progress(seq)
        }
        if let unreadable { throw unreadable }
        return LogReplay(report: replayer.finish(), ignoredTornTail: tornTail != nil)
    }
}

/// One line as replay prepares it on any core: what verification found,
/// and the event to replay.
struct ReplayLine: Sendable {
    var facts: LineFacts
    /// Nil when there is nothing to replay: after the window, a decision or
    /// rejection before it, or a line that does not verify or read.
    var event: ReplayEvent?
    /// Why the line's `data` does not parse, when the line verifies.
    var unreadable: String?

    init(
        _ line: UnsafeRawBufferPointer, segmentDay: UnsafeRawBufferPointer, from: Timestamp?, to: Timestamp?,
        scratch: inout LinePipeline<ReplayLine>.Scratch
    ) {
        var envelope: RawEnvelope?
        facts = LineFacts.examine(
            line, base: 0, segmentDay: segmentDay, scratch: &scratch.names, envelope: &envelope, dataTape: scratch.tape,
            shortcut: scratch.decisions)
        let remembered = scratch.decisions.takeRead()
        let time = Timestamp(milliseconds: facts.time)
        guard facts.failure == nil, let raw = envelope, to.map({ time < $0 }) ?? true else { return }
        let known = raw.type.hasEscapes ? EventType.named(raw.type.string(in: line)) : EventType.named(raw.type.bytes(in: line))
        // A known type is spelled exactly as its name (no other spelling of these ASCII names compares equal).
        let type = known?.rawValue ?? raw.type.string(in: line)
        let inWindow = from.map { time >= $0 } ?? true
        guard inWindow || known != .accessDecided && known != .tokenRejected else { return }
        let checking = inWindow && ReplayEvent.isChecked(known)
        // The line stays in memory until the event is consumed: divergences alone build the id.
        let id = raw.id.hasEscapes ? EventID(raw.id.string(in: line)) : EventID(inLine: raw.id.bytes(in: line))
        let seq = raw.seq
        func event<Source: JSONReading>(_ data: Source) -> ReplayEvent {
            ReplayEvent(seq: seq, time: time, type: type, known: known, id: id, data: data, checking: checking)
        }
        if raw.dataReadByShortcut, let remembered {
            // Only decisions are read so, and a decision that is read is in the window: it is checked.
            self.event = ReplayEvent(
                seq: seq, time: time, type: type, id: id, decision: RecordedDecision(remembered, at: time))
            return
        }
        let data = UnsafeRawBufferPointer(rebasing: line[raw.data])
        if raw.dataIndexed {
            // The root is used outside `withRoot` (the tape is not indexed again before the event is built), so
            // that the event is built here rather than returned out of a closure (measured: fewer instructions;
            // the compiler still copies the finished event once).
            let root = RememberingJSONValue(root: scratch.tape.withRoot(data) { $0 }, memory: scratch.memory)
            let event = ReplayEvent(seq: seq, time: time, type: type, known: known, id: id, data: root, checking: checking)
            if case .decision(let decision)? = event.check {
                Self.remember(decision, data: data, in: line[raw.data.lowerBound...], root: root.value, memo: scratch.decisions)
            }
            self.event = event
            return
        }
        let memory = scratch.memory
        do throws(LineError) {
            self.event = try scratch.read(
                data: data, inPlace: { event(RememberingJSONValue(root: $0, memory: memory)) }, parsed: event)
        } catch {
            unreadable = error.reason
        }
    }

    /// Teaches the memo a decision read the long way.
    private static func remember(
        _ decision: RecordedDecision, data: UnsafeRawBufferPointer, in rest: Slice<UnsafeRawBufferPointer>,
        root: JSONTapeValue, memo: DecisionMemo
    ) {
        guard let request = root["request"], let token = root["token"], let outcome = root["outcome"] else { return }
        memo.remember(
            UnsafeRawBufferPointer(rebasing: rest), dataLength: data.count, request: request.byteRange,
            token: token.byteRange, outcome: outcome.byteRange, decision: decision)
    }
}
