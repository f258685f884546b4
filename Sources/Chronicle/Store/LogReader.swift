/// Streams the events of a log in order for projections and replay.
/// Readers never lock and never write; memory does not grow with the log.
///
/// The caller decides per event type whether it needs the event in full:
/// the others are handed out as headers (`seq`, `type`, `time`; empty
/// strings and `null` data), which skips building `data` for the lines a
/// fold does not need (decisions, for a projection).
public struct LogReader: Sendable {
    public let directory: LogDirectory

    public init(directory: LogDirectory) { self.directory = directory }

    /// What one read saw besides the events.
    public struct Summary: Sendable, Equatable {
        /// Complete lines read.
        public var lines = 0
        /// An incomplete last line was ignored (callers warn).
        public var ignoredTornTail = false
        /// The read stopped early because the body said so.
        public var stoppedEarly = false
    }

    /// Calls `body` for each event in log order until it returns false.
    /// - Parameters:
    ///   - verifying: also check every line as `verify` does (the chain, hashes, order); a failure is
    ///     thrown. Without it lines are parsed but not hashed: projections trust the log, `verify` and
    ///     `replay` prove it.
    ///   - needsFullEvent: given the raw `type`, whether to decode the whole event.
    ///   - body: receives each event; returns whether to go on.
    /// - Throws: ``LogError`` naming file and line for a damaged line
    ///   (an incomplete last line is not an error: it is ignored and reported in the summary).
    public func forEachEvent(
        verifying: Bool = false,
        needsFullEvent: (UnsafeRawBufferPointer) -> Bool = { _ in true },
        _ body: (Event) throws(LogError) -> Bool
    ) throws(LogError) -> Summary {
        var summary = Summary()
        var checker = LineChecker()
        let names = try directory.segmentNames()
        for (index, name) in names.enumerated() {
            let day = Array(name.utf8.prefix(10))
            let torn = try day.withTypedBytes { (dayBytes) throws(LogError) -> SegmentLineReader.TornTail? in
                try SegmentLineReader.forEachLine(path: directory.file(name), fileName: name) {
                    (position, line) throws(LogError) in
                    if summary.stoppedEarly { return }
                    let event: Event
                    do {
                        let raw = verifying ? try checker.check(line, segmentDay: dayBytes) : try RawEnvelope.scan(line)
                        if needsFullEvent(raw.type.bytes(in: line)) {
                            event = try EventLine.event(from: raw, in: line)
                        } else {
                            event = try EventLine.header(from: raw, in: line)
                        }
                    } catch let error as LineError {
                        throw LogError(.integrity, file: name, line: position.line, error.reason)
                    } catch {
                        throw LogError(.integrity, file: name, line: position.line, "\(error)")
                    }
                    summary.lines += 1
                    if try !body(event) { summary.stoppedEarly = true }
                }
            }
            if summary.stoppedEarly { break }
            if let torn {
                guard index == names.count - 1 else {
                    throw LogError(.integrity, file: name, line: torn.line, "incomplete line before the next segment")
                }
                if verifying { throw LogError(.integrity, file: name, line: torn.line, "torn tail") }
                summary.ignoredTornTail = true
            }
        }
        return summary
    }
}

extension LogReader {
    /// The state after every event with `time` ≤ `asOf` (SPEC §9), and the
    /// `seq` of the last such event (0 when none).
    public struct FoldedState: Sendable {
        public var state = AuditState()
        public var seq: Int64 = 0
        public var summary = Summary()
    }

    /// Folds every event with `time` ≤ `asOf`, reading lines on every core
    /// and folding them in order; reading stops at the first later event.
    ///
    /// Only events of the `folding` types are folded: a projection needs
    /// only some (secrets need `secret.*`), and decisions and rejections
    /// change no state at all. The others are told apart by the start of
    /// their line (``EnvelopePrefix``) and the rest of it is not read;
    /// events of unknown types are counted. Lines folded are scanned whole.
    /// Lines are not hashed: projections trust the log, `verify` and
    /// `replay` prove it.
    ///
    /// - Parameters:
    ///   - folding: the types to fold; nil for every type that can change the state.
    ///   - progress: called with the `seq` of each event read.
    /// - Returns: the state; its ``AuditState/ignored`` counts invalid events among those folded.
    /// - Throws: ``LogError`` naming file and line for a line that cannot be read
    ///   (an incomplete last line is not an error: it is ignored and reported in the summary).
    public func state(
        at asOf: Timestamp, folding types: Set<EventType>? = nil, progress: (Int64) -> Void = { _ in }
    ) throws(LogError) -> FoldedState {
        try state(at: asOf, folding: types, pipeline: LinePipelineOptions(), progress: progress)
    }

    func state(
        at asOf: Timestamp, folding types: Set<EventType>? = nil, pipeline options: LinePipelineOptions,
        progress: (Int64) -> Void = { _ in }
    ) throws(LogError) -> FoldedState {
        var folded = FoldedState()
        let names = try directory.segmentNames()
        let folds = FoldLine.Filter(types ?? Set(EventType.allCases).subtracting([.accessDecided, .tokenRejected]))
        let pipeline = LinePipeline<FoldLine>(options) { line, scratch in FoldLine(line, folding: folds, scratch: &scratch) }
        for (index, name) in names.enumerated() {
            let outcome = try pipeline.run(path: directory.file(name), fileName: name) {
                (prepared: consuming FoldLine, _, number) throws(LogError) -> Bool in
                let seq: Int64, time: Timestamp
                switch prepared {
                case .failure(let reason): throw LogError(.integrity, file: name, line: number, reason)
                case .skipped(let at, let when): (seq, time) = (at, when)
                case .event(let at, let when, _): (seq, time) = (at, when)
                }
                guard time <= asOf else { return false }
                folded.summary.lines += 1
                folded.seq = seq
                if case .event(_, _, let step) = prepared { folded.state.apply(step, seq: seq, time: time) }
                progress(seq)
                return true
            }
            if outcome.stopped {
                folded.summary.stoppedEarly = true
                break
            }
            if let torn = outcome.tornTail {
                guard index == names.count - 1 else {
                    throw LogError(.integrity, file: name, line: torn.line, "incomplete line before the next segment")
                }
                folded.summary.ignoredTornTail = true
            }
        }
        return folded
    }
}

/// One line as a fold prepares it on any core.
enum FoldLine: Sendable {
    /// A line of a type not folded: it changes nothing here.
    case skipped(seq: Int64, time: Timestamp)
    case event(seq: Int64, time: Timestamp, step: FoldStep)
    /// Why the line cannot be read.
    case failure(String)

    /// The event types folded, as a bit per ``EventType`` case.
    struct Filter: Sendable {
        private var bits: UInt32 = 0

        init(_ types: Set<EventType>) {
            for type in types { bits |= Self.bit(type) }
        }

        /// Whether to fold a line of the type `known` (nil: unknown, counted by the fold).
        func folds(_ known: EventType?) -> Bool {
            guard let known else { return true }
            return bits & Self.bit(known) != 0
        }

        private static func bit(_ type: EventType) -> UInt32 {
            switch type {
            case .secretCreated: return 1 << 0
            case .secretRotated: return 1 << 1
            case .secretRevoked: return 1 << 2
            case .principalRegistered: return 1 << 3
            case .workspaceMemberAdded: return 1 << 4
            case .workspaceMemberRemoved: return 1 << 5
            case .datasetConfigured: return 1 << 6
            case .reportRegistered: return 1 << 7
            case .groupMemberAdded: return 1 << 8
            case .groupMemberRemoved: return 1 << 9
            case .rlsAssigned: return 1 << 10
            case .rlsUnassigned: return 1 << 11
            case .tokenIssued: return 1 << 12
            case .tokenRejected: return 1 << 13
            case .tokenRevoked: return 1 << 14
            case .accessDecided: return 1 << 15
            }
        }
    }

    init(_ line: UnsafeRawBufferPointer, folding filter: Filter, scratch: inout LinePipeline<FoldLine>.Scratch) {
        if let prefix = EnvelopePrefix(line) {
            let known = EventType.named(UnsafeRawBufferPointer(rebasing: line[prefix.type]))
            guard filter.folds(known) else {
                self = .skipped(seq: prefix.seq, time: prefix.time)
                return
            }
            if known == nil {
                self = .event(seq: prefix.seq, time: prefix.time, step: .unknownType)
                return
            }
        }
        do throws(LineError) {
            let raw = try RawEnvelope.scan(line, scratch: &scratch.names)
            let header = try EventLine.header(from: raw, in: line)
            let known = EventType.named(header.type)
            guard filter.folds(known) else {
                self = .skipped(seq: header.seq, time: header.time)
                return
            }
            func step<Source: JSONReading>(_ data: Source) -> FoldStep {
                FoldStep(type: header.type, known: known, data: data, time: header.time)
            }
            let step = try scratch.read(data: UnsafeRawBufferPointer(rebasing: line[raw.data]), inPlace: step, parsed: step)
            self = .event(seq: header.seq, time: header.time, step: step)
        } catch {
            self = .failure(error.reason)
        }
    }
}
