import Foundation

/// Helpers shared by the crypto and token tests, kept in one namespace so
/// they cannot collide with other suites' helpers in this module.
enum CryptoFixtures {
    /// A seeded SplitMix64 generator: the same seed always gives the same
    /// inputs, so a failing differential case can be reproduced.
    struct SeededGenerator: RandomNumberGenerator {
        private var state: UInt64

        init(seed: UInt64) { state = seed }

        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }

        mutating func bytes(count: Int) -> [UInt8] {
            (0..<count).map { _ in UInt8.random(in: 0...255, using: &self) }
        }
    }

    /// Failure to run an external reference tool.
    struct ToolFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `arguments` (the first is looked up on `PATH`) with no input and
    /// returns stdout as text. Throws if it cannot start or exits non-zero.
    /// Callers keep stderr small (it is read after stdout).
    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let stdout = Pipe(), stderr = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolFailure(description: "\(arguments[0]) exited \(process.terminationStatus): \(String(decoding: errors, as: UTF8.self))")
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether `tool` is on `PATH`.
    static func isAvailable(_ tool: String) -> Bool {
        (try? run(["sh", "-c", "command -v \(tool)"])) != nil
    }

    /// A fresh directory under the system temporary directory.
    static func makeTemporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("chronicle-crypto-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
