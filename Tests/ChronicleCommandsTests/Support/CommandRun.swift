import Chronicle
import ChronicleCommands
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `chronicle <arguments>` run in process, with its streams captured.
struct CommandRun {
    var status: ExitCode
    var stdout: String
    var stderr: String

    init(_ arguments: [String], in directory: String, stdin: [UInt8] = [],
         now: Timestamp = Timestamp(rfc3339: "2030-01-01T12:00:00Z")!)
    {
        let output = OutputSink(), errors = OutputSink()
        let context = CommandContext(output: output, errors: errors, readInput: { stdin }, environment: [:],
                                     workingDirectory: directory, now: { now })
        status = ChronicleCommandLine.run(arguments, in: context)
        stdout = output.text
        stderr = errors.text
    }
}

/// A scratch directory for a test, removed with everything in it when released.
final class ScratchDirectory {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/chronicle-commands-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CocoaError(.fileWriteUnknown)
        }
        path = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    /// Every file under `directory` with its bytes.
    static func contents(of directory: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
        }
        return files
    }
}
