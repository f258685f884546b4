/// What a writer keeps in step with its log: it sees every event in log
/// order, and is asked whether a new event may be appended at the head.
///
/// The domain state (``AuditState``) is the real follower: it knows which
/// events are invalid against the state (SPEC §3).
///
/// Writers hand lines over as ``SealedLine``s (`data` still JSON text), so a
/// follower can read what it needs in place; the default implementations
/// decode the whole event and call the ``Event`` requirements.
public protocol LogFollower: Sendable {
    /// Folds an event that is in the log.
    mutating func follow(_ event: Event)
    /// Why `event` may not be appended after everything followed so far, or nil.
    func refusal(of event: Event) -> String?
    /// Follows `event` if it may be appended and returns nil; otherwise
    /// returns why not. A follower may do this in one step (decoding once).
    mutating func admit(_ event: Event) -> String?
    /// Folds a line that is in the log (its envelope already verified).
    mutating func follow(_ line: SealedLine)
    /// ``admit(_:)-(Event)`` for a line being appended.
    mutating func admit(_ line: SealedLine) -> String?
}

extension LogFollower {
    public mutating func admit(_ event: Event) -> String? {
        if let reason = refusal(of: event) { return reason }
        follow(event)
        return nil
    }

    public mutating func follow(_ line: SealedLine) {
        if let event = try? line.event() { follow(event) }
    }

    public mutating func admit(_ line: SealedLine) -> String? {
        do {
            return admit(try line.event())
        } catch {
            return error.reason
        }
    }
}

/// A follower that accepts everything: for tools that only move bytes.
public struct AcceptingFollower: LogFollower {
    public init() {}
    public mutating func follow(_ event: Event) {}
    public func refusal(of event: Event) -> String? { nil }
    public mutating func follow(_ line: SealedLine) {}
    public mutating func admit(_ line: SealedLine) -> String? { nil }
}
