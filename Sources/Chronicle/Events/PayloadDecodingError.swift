/// Why an event's `data` does not decode into its typed payload.
///
/// The description names the member by its path from `data`, for example
/// `data.secretId: expected a string, found a number`, so that `append` can
/// point at the mistake and readers can say why they skipped a line.
public struct PayloadDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The member's path, e.g. `data.secretId` or `data.outcome.effect`.
    public var path: String
    /// What the member should have been, e.g. `a string`.
    public var expected: String
    /// What was there instead, e.g. `a number`, or `nothing` for a missing member.
    public var found: String

    public init(path: String, expected: String, found: String) {
        self.path = path
        self.expected = expected
        self.found = found
    }

    public var description: String { "\(path): expected \(expected), found \(found)" }
}

extension JSONValue {
    /// A short phrase naming the kind of value, for error messages.
    var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .integer, .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
