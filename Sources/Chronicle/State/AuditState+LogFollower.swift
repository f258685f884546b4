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

    /// Folds a line read in place: decisions and rejections are only
    /// checked, never built (the same result as ``apply(_:)`` on the event).
    public mutating func follow(_ line: SealedLine) {
        apply(Self.step(of: line), seq: line.seq, time: line.time)
    }

    /// ``admit(_:)-(Event)`` for a line read in place.
    public mutating func admit(_ line: SealedLine) -> String? {
        if case .ignored(let reason) = apply(Self.step(of: line), seq: line.seq, time: line.time) { return reason }
        return nil
    }

    /// What folding `line` does, read from its `data` in place.
    private static func step(of line: SealedLine) -> FoldStep {
        if let step = line.checkedStep { return step }
        let known = EventType.named(line.type)
        func step<Source: JSONReading>(_ data: Source) -> FoldStep {
            FoldStep(type: line.type, known: known, data: data, time: line.time)
        }
        do {
            return try line.read(inPlace: step, parsed: step)
        } catch {
            return .undecodable(reason: error.reason)
        }
    }
}
