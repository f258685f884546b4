/// A log that live services append to: the file store (``LogWriter``) or
/// an in-memory log with the same semantics (the test kit's).
///
/// A transaction runs on the state at the head, with the writer lock held,
/// at `t = max(now, head time)`, and appends all of its drafts or none
/// (SPEC §6): services hand out a token or an `allow` only after it returns.
public protocol AuditLog: AnyObject {
    /// The last line, nil while the log is empty.
    var head: ChainHead? { get }

    /// Appends what `build` decides on the state at the head, all or nothing.
    /// - Parameters:
    ///   - now: the caller's clock; the transaction's time is `max(now, head time)`.
    ///   - build: receives the state and that time; returns the drafts (their
    ///     missing times become that time) and a result.
    /// - Returns: the events as written and `build`'s result.
    func transaction<Result>(
        now: Timestamp, _ build: (AuditState, Timestamp) throws(LogError) -> ([EventDraft], Result)
    ) throws(LogError) -> (events: [Event], result: Result)
}

extension LogWriter: AuditLog where Follower == AuditState {}
