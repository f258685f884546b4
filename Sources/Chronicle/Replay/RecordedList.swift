/// A recorded member that writers fill with an array of strings (an
/// issuance's `scopes` or `reasons`): kept as those strings when it is one,
/// so that no tree is built for it, else as the value found.
enum RecordedList: Sendable {
    case strings([String])
    case other(JSONValue)

    init<Source: JSONReading>(_ value: Source) {
        if let strings = value.stringArrayValue { self = .strings(strings) } else { self = .other(value.json) }
    }

    /// The value as recorded.
    var json: JSONValue {
        switch self {
        case .strings(let strings): return .strings(strings)
        case .other(let value): return value
        }
    }
}

extension Optional<RecordedList> {
    /// Whether this is an array of exactly these strings, in this order.
    func isArray(ofExactly strings: [String]) -> Bool {
        switch self {
        case .strings(let recorded)?: return recorded == strings
        case .other(let value)?: return Optional<JSONValue>.some(value).isArray(ofExactly: strings)
        case nil: return false
        }
    }
}
