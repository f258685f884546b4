import Chronicle
import Foundation

/// What a command may touch besides its arguments: streams, environment,
/// working directory and clock. Tests build one in memory.
public struct CommandContext: Sendable {
    public var output: OutputSink
    public var errors: OutputSink
    /// Reads all of standard input.
    public var readInput: @Sendable () -> [UInt8]
    public var environment: [String: String]
    /// Relative paths are resolved against it.
    public var workingDirectory: String
    /// The current time (live issuance and decisions, default `--at`).
    public var now: @Sendable () -> Timestamp

    public init(
        output: OutputSink, errors: OutputSink, readInput: @escaping @Sendable () -> [UInt8],
        environment: [String: String], workingDirectory: String, now: @escaping @Sendable () -> Timestamp
    ) {
        self.output = output
        self.errors = errors
        self.readInput = readInput
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.now = now
    }

    /// The process's real streams, environment and clock.
    public static func process() -> CommandContext {
        CommandContext(
            output: OutputSink(descriptor: 1), errors: OutputSink(descriptor: 2),
            readInput: { Array(FileHandle.standardInput.readDataToEndOfFile()) },
            environment: ProcessInfo.processInfo.environment,
            workingDirectory: FileManager.default.currentDirectoryPath,
            now: { Timestamp(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))) })
    }

    /// `path` made absolute against the working directory.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : (workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/") + path
    }

    /// Writes a warning line `chronicle: warning: …` on stderr.
    public func warn(_ message: String) { errors.line("chronicle: warning: \(message)") }
}
