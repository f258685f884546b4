import Foundation
import Testing
@testable import Chronicle

/// A full disk, simulated with a file-size limit (`ulimit -f` in a child
/// shell, SIGXFSZ ignored so that writes fail with EFBIG): the append fails
/// with a clear `chronicle: …` error, nothing of it is visible, and once the
/// limit is lifted appends go on.
@Suite struct DiskFullTests {
    let scratch: TemporaryDirectory
    let log: LogDirectory
    let chronicle: String

    init() throws {
        scratch = try TemporaryDirectory("disk-full")
        log = LogDirectory(path: scratch.file("log"))
        chronicle = try TestExecutables.chronicle()
        try LogFixtures.makeLog(in: log, count: 5)
    }

    /// JSON lines for `chronicle append`, about 400 bytes each once sealed.
    static func batch(_ count: Int, from first: Int, time: String? = nil) -> [UInt8] {
        let lines = (first..<(first + count)).map { index in
            let time = time.map { #","time":"\#($0)""# } ?? ""
            return #"{"id":"full-\#(index)","type":"audit.note","subject":"s","data":{"pad":"\#(String(repeating: "x", count: 200))"}\#(time)}"#
        }
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// Runs `chronicle append` under a file-size limit of `kilobytes` KiB.
    func appendUnderLimit(_ input: [UInt8], kilobytes: Int, ignoringSIGXFSZ: Bool = true) throws -> ProcessResult {
        // Without the trap, SIGXFSZ is set back to its default (ending the process), even if
        // this test runner ignores it: a shell cannot undo an inherited ignore, env can.
        let script = ignoringSIGXFSZ
            ? "trap '' XFSZ; ulimit -f \(kilobytes); exec \"$0\" \"$@\""
            : "ulimit -f \(kilobytes); exec env --default-signal=XFSZ \"$0\" \"$@\""
        return try ChildProcess.run("/bin/bash", ["-c", script, chronicle, "append", "--format", "json", "--log", log.path],
                                    stdin: input, scratch: scratch)
    }

    func append(_ input: [UInt8]) throws -> ProcessResult {
        try ChildProcess.run(chronicle, ["append", "--format", "json", "--log", log.path], stdin: input, scratch: scratch)
    }

    /// The limit that leaves about `room` bytes in the current segment.
    func limit(leaving room: Int) throws -> Int {
        let size = try LogSnapshot(log).files["2030-01-01.jsonl"]!.count
        return (size + room) / 1024
    }

    @Test func anAppendPastTheLimitFailsCleanlyAndTheNextOneSucceeds() throws {
        let before = try LogSnapshot(log)
        let head = ChainVerifier.verify(log).head
        let refused = try appendUnderLimit(Self.batch(100, from: 1), kilobytes: limit(leaving: 2048))
        #expect(refused.status == 2, "exit \(String(describing: refused.status)), signal \(String(describing: refused.signal))")
        #expect(refused.stderr.hasPrefix("chronicle: 2030-01-01.jsonl: write failed: File too large"), "\(refused.stderr)")
        #expect(refused.stdout.isEmpty)
        #expect(try LogSnapshot(log) == before, "nothing of the batch is left in the log")
        let verification = ChainVerifier.verify(log)
        #expect(verification.isValid)
        #expect(verification.head == head)

        let accepted = try append(Self.batch(100, from: 1))
        #expect(accepted.status == 0, "\(accepted.stderr)")
        let after = ChainVerifier.verify(log)
        #expect(after.isValid)
        #expect(after.head?.seq == 105)
    }

    /// A batch across midnight: the first day's part fits, the new day's
    /// segment does not; both are rolled back and the new segment removed.
    @Test func aBatchWhoseNewDaySegmentHitsTheLimitLeavesNoSegmentBehind() throws {
        let before = try LogSnapshot(log)
        let input = Self.batch(1, from: 1, time: "2030-01-01T23:59:59.999Z") + Self.batch(60, from: 2, time: "2030-01-02T00:00:00.000Z")
        let refused = try appendUnderLimit(input, kilobytes: limit(leaving: 4096))
        #expect(refused.status == 2)
        #expect(refused.stderr.hasPrefix("chronicle: 2030-01-02.jsonl: write failed: File too large"), "\(refused.stderr)")
        #expect(try LogSnapshot(log) == before)
        #expect(try log.segmentNames() == ["2030-01-01.jsonl"])

        let accepted = try append(input)
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(try log.segmentNames() == ["2030-01-01.jsonl", "2030-01-02.jsonl"])
        #expect(ChainVerifier.verify(log).head?.seq == 66)
    }

    /// Without the trap, the kernel's SIGXFSZ would end the writer in the
    /// middle of its write; chronicle ignores the signal itself, so the
    /// limit is an error like any other and the batch is rolled back.
    @Test func theLimitIsAnErrorEvenWhenTheShellLeavesSIGXFSZAlone() throws {
        let before = try LogSnapshot(log)
        let refused = try appendUnderLimit(Self.batch(100, from: 1), kilobytes: limit(leaving: 2048), ignoringSIGXFSZ: false)
        #expect(refused.signal == nil, "killed by signal \(String(describing: refused.signal))")
        #expect(refused.status == 2)
        #expect(try LogSnapshot(log) == before)
        #expect(ChainVerifier.verify(log).isValid)
    }
}
