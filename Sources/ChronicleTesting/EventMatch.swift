/// How the appended events must relate to the expected ones.
public enum EventMatch: Sendable, Equatable, CustomStringConvertible {
    /// The same number of events, pairwise equal.
    case exactly
    /// The first appended events equal the expected ones; more may follow.
    case prefix
    /// Every expected event is among the appended ones, in the same order;
    /// others may come before, between and after.
    case containsInOrder

    public var description: String {
        switch self {
        case .exactly: return "exactly"
        case .prefix: return "as a prefix"
        case .containsInOrder: return "contained in order"
        }
    }
}
