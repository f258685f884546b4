import Chronicle

/// A failure a command reports as `chronicle: <message>` plus a hint, with
/// an exit code; never a stack trace.
public struct CommandError: Error, Sendable, CustomStringConvertible {
    public var exitCode: ExitCode
    public var message: String
    /// What to try instead, printed on a second line.
    public var hint: String?

    public init(_ exitCode: ExitCode, _ message: String, hint: String? = nil) {
        self.exitCode = exitCode
        self.message = message
        self.hint = hint
    }

    public static func usage(_ message: String, hint: String? = nil) -> CommandError {
        CommandError(.usage, message, hint: hint)
    }

    public var description: String { message }

    /// Maps a log failure to its exit code: integrity 3, everything else 2.
    init(_ error: LogError) {
        switch error.kind {
        case .integrity: self.init(.integrity, error.description, hint: "run `chronicle verify` to see the first damaged line")
        case .input: self.init(.usage, error.description)
        case .io: self.init(.usage, error.description)
        }
    }
}
