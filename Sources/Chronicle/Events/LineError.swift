/// Why one line of a log (or of an `append` batch) was rejected. The reader
/// that knows the file and line number wraps it into a ``LogError``.
public struct LineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the line, in words for a person.
    public var reason: String

    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}
