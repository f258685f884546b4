/// What ``AuditState/apply(_:)`` did with one event.
public enum FoldResult: Sendable, Equatable {
    /// The event changed the state (or was a harmless repeat, SPEC §3).
    case applied
    /// The event is invalid against the state (SPEC §3) or its `data` does
    /// not decode; it was skipped and counted in ``AuditState/ignored``.
    case ignored(reason: String)
    /// The event's `type` is not one §3 defines; it was counted in
    /// ``AuditState/unknownTypes``.
    case unknownType
}
