import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// How a child process ended and what it printed.
struct ProcessResult: Sendable {
    /// The exit status, or nil when a signal ended the process.
    var status: Int32?
    /// The signal that ended the process, if one did.
    var signal: Int32?
    var stdout: String
    var stderr: String

    var wasKilled: Bool { signal != nil }
}

/// Runs the executables the reliability tests drive: the built `chronicle`
/// and this test runner itself (as a helper process, see ``WriterProcess``).
/// Output goes through files, never pipes, so a chatty child cannot block.
final class ChildProcess: @unchecked Sendable {
    let process = Process()
    private let outputPath: String
    private let errorPath: String
    private let inputPath: String

    /// Starts `executable` with `arguments`, `stdin` as its standard input
    /// and `environment` added to this process's environment.
    init(_ executable: String, _ arguments: [String], stdin: [UInt8] = [], environment: [String: String] = [:],
         scratch: TemporaryDirectory) throws
    {
        let token = UUID().uuidString
        outputPath = scratch.file(".out-\(token)")
        errorPath = scratch.file(".err-\(token)")
        inputPath = scratch.file(".in-\(token)")
        _ = FileManager.default.createFile(atPath: inputPath, contents: Data(stdin))
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle(forReadingAtPath: inputPath)
        process.standardOutput = FileHandle(forWritingAtPath: outputPath)
        process.standardError = FileHandle(forWritingAtPath: errorPath)
        try process.run()
    }

    var pid: pid_t { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// Sends SIGKILL (the process may already have ended).
    func kill() { _ = Glibc.kill(pid, SIGKILL) }

    /// Waits for the end and collects the outcome.
    func wait() -> ProcessResult {
        process.waitUntilExit()
        let out = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: outputPath)
        try? FileManager.default.removeItem(atPath: errorPath)
        try? FileManager.default.removeItem(atPath: inputPath)
        if process.terminationReason == .uncaughtSignal {
            return ProcessResult(status: nil, signal: process.terminationStatus, stdout: out, stderr: err)
        }
        return ProcessResult(status: process.terminationStatus, signal: nil, stdout: out, stderr: err)
    }

    /// Runs to the end.
    static func run(_ executable: String, _ arguments: [String], stdin: [UInt8] = [],
                    environment: [String: String] = [:], scratch: TemporaryDirectory) throws -> ProcessResult
    {
        try ChildProcess(executable, arguments, stdin: stdin, environment: environment, scratch: scratch).wait()
    }
}

/// Where the built executables are: beside the running test bundle.
enum TestExecutables {
    /// This test runner (`…/ChroniclePackageTests.xctest`), re-entered as a helper process.
    static var testRunner: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// The `chronicle` executable built with the tests (`swift test` builds every product).
    static func chronicle() throws -> String {
        let path = URL(fileURLWithPath: testRunner).deletingLastPathComponent().appendingPathComponent("chronicle").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestFailure("no chronicle executable at \(path); run `swift build` first")
        }
        return path
    }
}

/// Knobs for the long runs: `Tools/*.sh` raise them, the suite keeps the defaults small.
enum TestScale {
    static func value(_ name: String, default fallback: Int) -> Int {
        ProcessInfo.processInfo.environment[name].flatMap(Int.init) ?? fallback
    }

    /// The seed for randomised tests: `CHRONICLE_SEED`, else a fixed one (reproducible by default).
    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["CHRONICLE_SEED"].flatMap(UInt64.init) ?? 0x5EED_C0FF_EE
    }
}
