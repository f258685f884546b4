/// What a writer keeps in step with its log: it sees every event in log
/// order, and is asked whether a new event may be appended at the head.
///
/// The domain state (``AuditState``) is the real follower: it knows which
/// events are invalid against the state (SPEC §3).
public protocol LogFollower: Sendable {
    /// Folds an event that is in the log.
    mutating func follow(_ event: Event)
    /// Why `event` may not be appended after everything followed so far, or nil.
    func refusal(of event: Event) -> String?
    /// Follows `event` if it may be appended and returns nil; otherwise
    /// returns why not. A follower may do this in one step (decoding once).
    mutating func admit(_ event: Event) -> String?
}

extension LogFollower {
    public mutating func admit(_ event: Event) -> String? {
        if let reason = refusal(of: event) { return reason }
        follow(event)
        return nil
    }
}

/// A follower that accepts everything: for tools that only move bytes.
public struct AcceptingFollower: LogFollower {
    public init() {}
    public mutating func follow(_ event: Event) {}
    public func refusal(of event: Event) -> String? { nil }
}
