import Chronicle
import Foundation
@testable import ChronicleCommands

/// Runs `chronicle` in-process with captured streams.
struct InProcessRun {
    var exitCode: ExitCode
    var stdout: String
    var stderr: String

    init(_ arguments: [String], in directory: String, stdin: [UInt8] = [], environment: [String: String] = [:],
         now: Timestamp = Timestamp(milliseconds: 1_795_300_000_000)) {
        let output = OutputSink(), errors = OutputSink()
        let context = CommandContext(
            output: output, errors: errors, readInput: { stdin }, environment: environment,
            workingDirectory: directory, now: { now })
        exitCode = ChronicleCommandLine.run(arguments, in: context)
        stdout = output.text
        stderr = errors.text
    }

    /// stdout parsed as one JSON value.
    var json: JSONValue? { try? JSONParser.parse(stdout) }
}

/// A fresh temporary directory, removed by the caller with ``remove()``.
struct TemporaryDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "chronicle-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
