/// The domain state is what a writer keeps in step with its log: `append`
/// refuses events that §3 calls invalid against the state at the head.
extension AuditState: LogFollower {
    public mutating func follow(_ event: Event) { apply(event) }
    public func refusal(of event: Event) -> String? { validate(event) }
}
