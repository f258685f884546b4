/// A batch of drafts turned into sealed events after a head: the checks and
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
package struct SealedBatch<Follower: LogFollower> {
    /// The sealed events, `seq` and `prevhash` chained on from the head.
    package private(set) var events: [Event] = []
    /// Each event's line, `\n` included, as a store writes it.
    package private(set) var lines: [[UInt8]] = []
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
    package init(
        sealing drafts: [EventDraft], after head: ChainHead?, source: String?, defaultSource: String? = nil,
        follower: Follower,
        defaultTime: Timestamp, makeID: () -> String
    ) throws(LogError) {
        self.follower = follower
        self.source = source
        events.reserveCapacity(drafts.count)
        lines.reserveCapacity(drafts.count)
        var ids = Set<String>()
        var previousHash = head?.hash ?? Event.genesisHash
        var previousTime = head?.time
        var seq = (head?.seq ?? 0) + 1
        for (index, draft) in drafts.enumerated() {
            func refuse(_ reason: String) -> LogError { LogError(.input, line: index + 1, reason) }
            let id = draft.id ?? makeID()
            guard ids.insert(id).inserted else { throw refuse("id \"\(id)\" is repeated in the batch") }
            let time = draft.time ?? defaultTime
            if let previousTime, time < previousTime {
                throw refuse("time \(time.rfc3339) is earlier than the previous event's \(previousTime.rfc3339)")
            }
            guard let eventSource = draft.source ?? self.source ?? defaultSource else {
                throw refuse("source is missing and the log has none yet (give --source or a source member)")
            }
            if let logSource = self.source, eventSource != logSource {
                throw refuse("source \"\(eventSource)\" differs from the log's \"\(logSource)\"")
            }
            if let specversion = draft.specversion, specversion != "1.0" {
                throw refuse("specversion must be \"1.0\"")
            }
            guard !draft.type.isEmpty else { throw refuse("type is empty") }
            guard case .object = draft.data else { throw refuse("member \"data\" must be an object") }
            self.source = eventSource
            var event = Event(id: id, source: eventSource, type: draft.type, time: time, subject: draft.subject,
                              seq: seq, prevhash: previousHash, data: draft.data, hash: "")
            let (line, digest) = EventLine.encode(event, dataBytes: draft.dataBytes)
            event.hash = digest.hex
            if let reason = self.follower.admit(event) {
                throw refuse(reason.hasPrefix(event.type + ":") ? reason : "\(event.type): \(reason)")
            }
            events.append(event)
            lines.append(line)
            previousHash = event.hash
            previousTime = time
            seq += 1
        }
    }
}
