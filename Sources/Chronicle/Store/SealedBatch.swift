/// A batch of drafts turned into sealed lines after a head: the checks and
/// the sealing every store performs before it writes (SPEC §2, §3).
///
/// The file store (``LogWriter``) and the test kit's in-memory log both seal
/// through this type, so an event one of them refuses the other refuses too,
/// and the lines they produce are byte for byte the same.
///
/// Each draft gets its missing `id` from `makeID`, its missing `time` from
/// `defaultTime` and its missing `source` from the log; then, in batch
/// order: ids must not repeat within the batch, times must not go back,
/// the source must be the log's, `specversion` (if given) `"1.0"`, `type`
/// non-empty, `data` an object, and the follower must accept the event on
/// the state after the events before it.
///
/// Lines are sealed into one buffer, back to back, and the follower reads
/// each new line's `data` in place: no event is built unless a caller asks
/// for ``events``.
package struct SealedBatch<Follower: LogFollower> {
    /// Every sealed line, `\n` included, back to back, as a store writes them.
    package private(set) var bytes: [UInt8] = []
    /// One seal per event, in batch order.
    package private(set) var seals: [LineSeal] = []
    /// The follower after every event of the batch.
    package private(set) var follower: Follower
    /// The log's source after the batch (the first event's, for a new log).
    package private(set) var source: String?

    /// Seals `drafts` after `head`.
    /// - Parameters:
    ///   - head: The last line of the log, nil while it is empty.
    ///   - source: The source of the log's lines, nil while it has none.
    ///   - defaultSource: The source of events that give none while the log has no lines.
    ///   - follower: The state at the head; it is asked about every event.
    ///   - defaultTime: The time of drafts without one.
    ///   - makeID: Generates the ids of drafts without one.
    /// - Throws: ``LogError`` of kind `.input` naming the 1-based position of the refused draft.
    ///
    /// Specialized for the audit state: a writer is generic over its
    /// follower, so a caller in another module (the command line) runs the
    /// writer unspecialized, and this per-event loop would then reach the
    /// follower and its own arrays through witness tables and metadata lookups.
    @_specialize(where Follower == AuditState)
    package init(
        sealing drafts: [EventDraft], after head: ChainHead?, source: String?, defaultSource: String? = nil,
        follower: Follower,
        defaultTime: Timestamp, makeID: () -> String
    ) throws(LogError) {
        self.follower = follower
        self.source = source
        seals.reserveCapacity(drafts.count)
        bytes.reserveCapacity(drafts.reduce(0) { $0 + ($1.dataBytes?.count ?? 256) + 400 })
        var ids = Set<String>()
        ids.reserveCapacity(drafts.count)
        var previousHash = head.flatMap { SHA256Digest(hex: $0.hash) } ?? SHA256Digest(0, 0, 0, 0)
        var previousTime = head?.time
        var seq = (head?.seq ?? 0) + 1
        let tape = JSONTape()
        var times = EventLine.TimeText()
        // Drafts are read in place: copying one retains each of its strings.
        try drafts.withUnsafeBufferPointer { drafts throws(LogError) in
            for index in drafts.indices {
                let draft = UnsafePointer(drafts.baseAddress! + index)
                func refuse(_ reason: String) -> LogError { LogError(.input, line: index + 1, reason) }
                // A random UUID cannot repeat one of the batch's ids (2^-122); every other id is checked.
                let id: EventLine.ID
                if let random = draft.pointee.randomID {
                    id = .uuid(random)
                } else {
                    let text = draft.pointee.givenID ?? makeID()
                    guard ids.insert(text).inserted else { throw refuse("id \"\(text)\" is repeated in the batch") }
                    id = .text(text)
                }
                let time = draft.pointee.time ?? defaultTime
                if let previousTime, time < previousTime {
                    throw refuse("time \(time.rfc3339) is earlier than the previous event's \(previousTime.rfc3339)")
                }
                guard let eventSource = draft.pointee.source ?? self.source ?? defaultSource else {
                    throw refuse("source is missing and the log has none yet (give --source or a source member)")
                }
                if let logSource = self.source, eventSource != logSource {
                    throw refuse("source \"\(eventSource)\" differs from the log's \"\(logSource)\"")
                }
                if let specversion = draft.pointee.specversion, specversion != "1.0" {
                    throw refuse("specversion must be \"1.0\"")
                }
                guard !draft.pointee.type.isEmpty else { throw refuse("type is empty") }
                guard draft.pointee.dataIsObject else { throw refuse("member \"data\" must be an object") }
                self.source = eventSource
                let start = bytes.count
                let envelope = EventLine.Envelope(
                    specversion: "1.0", id: id, source: eventSource, type: draft.pointee.type, time: time,
                    subject: draft.pointee.subject, seq: seq, prevhash: .digest(previousHash))
                let (digest, data) = EventLine.seal(envelope, into: &bytes, times: &times, writeData: { draft.pointee.writeData(to: &$0) })
                guard bytes.count - 1 - start <= SegmentLineReader.maximumLineLength else {
                    throw refuse("the sealed line would be longer than 1 MiB (\(bytes.count - 1 - start) bytes)")
                }
                let reason = bytes.withUnsafeBytes { buffer in
                    let line = UnsafeRawBufferPointer(rebasing: buffer[start..<(buffer.count - 1)])
                    return self.follower.admit(SealedLine(
                        seq: seq, time: time, type: draft.pointee.type, line: line,
                        data: (data.lowerBound - start)..<(data.upperBound - start), tape: tape,
                        checkedStep: draft.pointee.checkedStep))
                }
                if let reason {
                    throw refuse(reason.hasPrefix(draft.pointee.type + ":") ? reason : "\(draft.pointee.type): \(reason)")
                }
                seals.append(LineSeal(seq: seq, time: time, hash: digest, end: bytes.count))
                previousHash = digest
                previousTime = time
                seq += 1
            }
        }
    }

    /// The last event's seal as a chain head (nil for an empty batch).
    package var head: ChainHead? { seals.last?.head }

    /// The line of the event at `index`, `\n` included.
    package func line(at index: Int) -> ArraySlice<UInt8> {
        bytes[(index == 0 ? 0 : seals[index - 1].end)..<seals[index].end]
    }

    /// The events, decoded from their lines (for callers that want them whole).
    package var events: [Event] {
        seals.indices.map { index in
            // The writer just sealed these lines: they decode.
            guard let event = try? EventLine.decode(Array(line(at: index).dropLast())) else {
                preconditionFailure("a sealed line does not decode")
            }
            return event
        }
    }
}

/// What sealing gave one event of a ``SealedBatch``. Not nested in the
/// batch: a type nested in a generic one is itself generic, and the writer
/// reads seals in code that runs unspecialized.
package struct LineSeal: Sendable {
    package var seq: Int64
    package var time: Timestamp
    package var hash: SHA256Digest
    /// Where its line ends in ``SealedBatch/bytes`` (one past the `\n`).
    package var end: Int

    package var head: ChainHead { ChainHead(seq: seq, hash: hash.hex, time: time) }
}
