/// A failure reading or writing a log, with where it happened.
///
/// ``isIntegrityFailure`` separates damage to the log (exit 3) from bad
/// input or a bad environment (exit 2). Descriptions never contain secret
/// values: lines are named by file and number, not quoted.
public struct LogError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The log is damaged: a line fails its checks, the chain is broken, a tail is torn.
        case integrity
        /// The input (an `append` batch, an argument) is wrong; the log is untouched.
        case input
        /// The file system refused (missing directory, permission, disk full).
        case io
    }

    public var kind: Kind
    /// The file the problem is in (a segment name, `checkpoints.jsonl`, `<stdin>`), if any.
    public var file: String?
    /// The 1-based line in that file, if any.
    public var line: Int?
    /// What is wrong.
    public var reason: String

    public init(_ kind: Kind, file: String? = nil, line: Int? = nil, _ reason: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var isIntegrityFailure: Bool { kind == .integrity }

    /// `<file>:<line>: <reason>` (SPEC §6), or as much of it as is known.
    public var description: String {
        switch (file, line) {
        case let (file?, line?): return "\(file):\(line): \(reason)"
        case let (file?, nil): return "\(file): \(reason)"
        default: return reason
        }
    }
}
