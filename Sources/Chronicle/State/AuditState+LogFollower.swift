/// The domain state is what a writer keeps in step with its log: `append`
/// refuses events that §3 calls invalid against the state at the head.
extension AuditState: LogFollower {
    public mutating func follow(_ event: Event) { apply(event) }
    public func refusal(of event: Event) -> String? { validate(event) }

    /// Decodes the payload once, checks it and applies it. A refused event
    /// leaves only the fold's counters changed; writers admit into a scratch
    /// copy of the state and drop it when a batch is refused.
    public mutating func admit(_ event: Event) -> String? {
        if case .ignored(let reason) = apply(event) { return reason }
        return nil
    }
}
