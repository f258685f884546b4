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
