/// Why a JSON text was rejected, with the byte offset where the problem was found.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Zero-based byte offset into the text.
    public var offset: Int
    /// What is wrong, in words for a person.
    public var reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "\(reason) at byte \(offset + 1)" }
}
