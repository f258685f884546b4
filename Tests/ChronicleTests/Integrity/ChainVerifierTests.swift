import Foundation
import Testing
@testable import Chronicle

/// `ChainVerifier.verify` through the line pipeline: chunks split anywhere
/// and several threads give what a line-by-line check (`LineChecker`) gives.
@Suite struct ChainVerifierTests {
    /// Small chunks (a few lines each), three threads.
    static let options = LinePipelineOptions(workers: 3, chunkSize: 6_000)

    /// The first failure a line-by-line check finds, as `file:line: reason`; nil for a good log.
    static func checkLineByLine(_ directory: LogDirectory) throws -> String? {
        var checker = LineChecker()
        for name in try directory.segmentNames() {
            let bytes = try #require(FileManager.default.contents(atPath: directory.file(name)))
            let day = Array(name.utf8.prefix(10))
            for (index, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().enumerated() {
                do {
                    try Array(line).withUnsafeBytes { line in
                        try day.withUnsafeBytes { day in _ = try checker.check(line, segmentDay: day) }
                    }
                } catch let error as LineError {
                    return "\(name):\(index + 1): \(error.reason)"
                }
            }
        }
        return nil
    }

    /// A copy of the simulated log with `edit` applied to the bytes of its one segment.
    static func copy(editing edit: (inout [UInt8]) -> Void) throws -> (TemporaryDirectory, LogDirectory) {
        let simulated = SimulatedLog.shared
        try #require(simulated.failure == nil)
        let directory = try TemporaryDirectory()
        let log = LogDirectory(path: directory.path)
        for name in try simulated.directory.segmentNames() {
            var bytes = try #require(FileManager.default.contents(atPath: simulated.directory.file(name))).map { $0 }
            edit(&bytes)
            try Data(bytes).write(to: URL(fileURLWithPath: log.file(name)))
        }
        return (directory, log)
    }

    @Test func aGoodLogVerifiesWithTheHeadAndHashesAsked() throws {
        let (directory, log) = try Self.copy { _ in }
        _ = directory
        let events = try SimulatedLog.shared.events()
        let verification = ChainVerifier.verify(log, capturingHashesAt: [1, 777, Int64(events.count)], pipeline: Self.options)
        #expect(verification.failure == nil)
        #expect(verification.events == events.count)
        #expect(verification.head == ChainHead(seq: events.last!.seq, hash: events.last!.hash, time: events.last!.time))
        #expect(verification.capturedHashes == [1: events[0].hash, 777: events[776].hash, Int64(events.count): events.last!.hash])
        #expect(try Self.checkLineByLine(log) == nil)
    }

    /// One byte changed in line `line` (1-based) at `offset` from its start.
    @Test(arguments: [(2, 40), (900, 10), (900, 300), (1_733, 700), (2_499, 5)])
    func aChangedByteIsReportedWhereALineByLineCheckReportsIt(line: Int, offset: Int) throws {
        let (directory, log) = try Self.copy { bytes in
            var start = 0
            for _ in 1..<line { start = bytes[start...].firstIndex(of: 0x0A)! + 1 }
            bytes[start + offset] ^= 0x01
        }
        _ = directory
        let expected = try #require(try Self.checkLineByLine(log))
        let failure = try #require(ChainVerifier.verify(log, pipeline: Self.options).failure)
        #expect("\(failure.file ?? ""):\(failure.line ?? 0): \(failure.reason)" == expected)
    }

    @Test func aTornTailIsReportedOrAllowed() throws {
        let (directory, log) = try Self.copy { bytes in bytes.removeLast(40) }
        _ = directory
        let strict = ChainVerifier.verify(log, pipeline: Self.options)
        #expect(strict.failure?.reason == "torn tail")
        let allowing = ChainVerifier.verify(log, allowTornTail: true, pipeline: Self.options)
        #expect(allowing.failure == nil)
        #expect(allowing.hasTornTail)
        #expect(allowing.head?.seq == Int64(try SimulatedLog.shared.events().count - 1))
    }
}
