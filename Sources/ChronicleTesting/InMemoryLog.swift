import Chronicle

/// An ``AuditLog`` in memory with the file store's semantics: the same
/// `seq` / `prevhash` / `hash` chain, the same checks on every appended event
/// (ids unique in a batch, times in order, one source, events that §3 calls
/// invalid refused against the state at the head), the same all-or-nothing
/// batches, and byte for byte the lines ``LogWriter`` would write.
///
/// ```swift
/// let log = InMemoryLog()
/// try log.append([.secretCreated(id: "key-1")], now: LogScenario.defaultStart)
/// let issuer = TokenIssuer(log: log, keyring: keyring, clock: { LogScenario.defaultStart })
/// ```
///
/// Set ``writeFailure`` to make every append fail after its events were
/// decided, as a full disk would: the way to test that code fails closed.
/// The log is not thread-safe; use it from one task.
public final class InMemoryLog: AuditLog {
    /// Every event, in log order.
    public private(set) var events: [Event] = []
    /// Every line, each ending in `\n`, exactly as the file store writes them.
    public private(set) var bytes: [UInt8] = []
    /// The state after every event.
    public private(set) var state = AuditState()
    /// The last line, nil while the log is empty.
    public private(set) var head: ChainHead?
    /// The log's `source`: its first event's, else as given.
    public var source: String? { logSource ?? givenSource }
    private var logSource: String?
    private let givenSource: String?
    /// When set, every transaction that has events to append throws this
    /// error after `build` has run, and appends nothing.
    public var writeFailure: LogError?
    private let makeID: () -> String

    /// - Parameters:
    ///   - source: The source of events that give none (`/orgs/<org>`), until the first event
    ///     sets the log's (as ``LogWriter`` does).
    ///   - makeID: Generates the envelope `id` of events without one (`event-1`, `event-2`, … by default).
    public init(source: String? = "/orgs/test", makeID: @escaping () -> String = SequentialIDs(prefix: "event-").next) {
        givenSource = source
        self.makeID = makeID
    }

    /// The log as text, one JSON line per event.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Appends a batch, all or nothing.
    /// - Parameter now: The time of drafts without one (never earlier than the head's).
    /// - Returns: The events as appended.
    /// - Throws: ``LogError`` of kind `.input` naming the refused draft's 1-based position.
    @discardableResult
    public func append(_ drafts: [EventDraft], now: Timestamp) throws(LogError) -> [Event] {
        try transaction(now: now) { _, _ in (drafts, ()) }.events
    }

    /// Appends `chronicle append` input: one JSON object per line (`type`,
    /// `subject`, `data`, optionally `id`, `time`, `source`, `specversion`);
    /// blank lines are skipped.
    /// - Throws: ``LogError`` of kind `.input` naming the 1-based line.
    @discardableResult
    public func append(jsonLines: String, now: Timestamp) throws(LogError) -> [Event] {
        var drafts: [EventDraft] = []
        var lineNumbers: [Int] = []
        for (index, line) in jsonLines.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { continue }
            do {
                drafts.append(try EventDraft(line: Array(line)))
            } catch {
                throw LogError(.input, line: index + 1, error.reason)
            }
            lineNumbers.append(index + 1)
        }
        do {
            return try append(drafts, now: now)
        } catch {
            var error = error
            if let position = error.line, position <= lineNumbers.count { error.line = lineNumbers[position - 1] }
            throw error
        }
    }

    /// Runs `build` on the state at the head at `t = max(now, head time)`,
    /// then appends its drafts, all or nothing (see ``AuditLog``).
    public func transaction<Result>(
        now: Timestamp, _ build: (AuditState, Timestamp) throws(LogError) -> ([EventDraft], Result)
    ) throws(LogError) -> (events: [Event], result: Result) {
        let time = max(now, head?.time ?? now)
        let (drafts, result) = try build(state, time)
        guard !drafts.isEmpty else { return ([], result) }
        let batch = try SealedBatch(sealing: drafts, after: head, source: logSource, defaultSource: givenSource,
                                    follower: state, defaultTime: time, makeID: makeID)
        if let writeFailure { throw writeFailure }
        let appended = batch.events
        events.append(contentsOf: appended)
        bytes.append(contentsOf: batch.bytes)
        state = batch.follower
        logSource = batch.source
        head = batch.head
        return (appended, result)
    }
}
