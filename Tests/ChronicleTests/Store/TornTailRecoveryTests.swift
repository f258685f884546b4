import Foundation
import Testing
@testable import Chronicle

/// A writer opening a log repairs what a crash can leave behind, and only
/// that (SPEC §6): an incomplete last line, or a last line that fails its
/// hash, moves to `<segment>.torn-<unix time>`; damage anywhere else refuses.
@Suite struct TornTailRecoveryTests {
    let scratch: TemporaryDirectory
    let log: LogDirectory

    init() throws {
        scratch = try TemporaryDirectory()
        log = LogDirectory(path: scratch.file("log"))
    }

    func segmentPath() throws -> String { log.file(try log.segmentNames().last!) }

    /// The bytes of the only quarantine file, after checking there is exactly one.
    func quarantinedBytes() throws -> [UInt8]? {
        let torn = try LogSnapshot(log).tornFiles
        #expect(torn.count == 1, "torn files: \(torn)")
        return try torn.first.map { Array(try Data(contentsOf: URL(fileURLWithPath: log.file($0)))) }
    }

    @Test func quarantinesAnIncompleteLastLineKeepingItsBytes() throws {
        let events = try LogFixtures.makeLog(in: log, count: 6)
        let good = try LogSnapshot(log)
        let torn = Array(#"{"specversion":"1.0","id":"half-writ"#.utf8)
        try LogFixtures.appendBytes(torn, to: try segmentPath())
        let writer = try LogWriter(directory: log, follower: AcceptingFollower())
        let appended = try writer.append([LogFixtures.draft(7, at: events.last!.time)], now: events.last!.time)
        #expect(appended.first?.seq == 7)
        #expect(appended.first?.prevhash == events.last!.hash)
        #expect(try quarantinedBytes() == torn, "the torn bytes are preserved exactly")
        #expect(writer.quarantined.count == 1)
        let segment = try LogSnapshot(log).files[try log.segmentNames().last!]!
        #expect(Array(segment.prefix(good.files.values.map(\.count).max()!)) == good.files[try log.segmentNames().last!]!)
        #expect(ChainVerifier.verify(log).isValid)
    }

    @Test func quarantinesACompleteLastLineThatFailsItsHash() throws {
        try LogFixtures.makeLog(in: log, count: 4)
        let path = try segmentPath()
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let lastLineStart = bytes.dropLast().lastIndex(of: 0x0A)! + 1
        let lastLine = Array(bytes[lastLineStart...])
        bytes[lastLineStart + 30] ^= 0x01  // inside the id
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let writer = try LogWriter(directory: log, follower: AcceptingFollower())
        try writer.refresh()
        #expect(writer.head?.seq == 3)
        var expected = lastLine
        expected[30] ^= 0x01
        #expect(try quarantinedBytes() == expected)
        #expect(ChainVerifier.verify(log).head?.seq == 3)
    }

    @Test func neverOverwritesAnEarlierQuarantineOfTheSameSecond() throws {
        let head = try LogFixtures.makeLog(in: log, count: 2).last!.time
        var kept: [[UInt8]] = []
        for round in 0..<3 {
            let torn = Array("{\"round\":\(round)".utf8)
            kept.append(torn)
            try LogFixtures.appendBytes(torn, to: try segmentPath())
            try LogWriter(directory: log, follower: AcceptingFollower()).append([LogFixtures.draft(10 + round, at: head)], now: head)
        }
        let snapshot = try LogSnapshot(log)
        #expect(snapshot.tornFiles.count == 3)
        #expect(Set(snapshot.tornFiles.map { snapshot.files[$0]! }) == Set(kept))
        #expect(ChainVerifier.verify(log).events == 5)
    }

    @Test(arguments: [1, 3, 5])
    func refusesToAppendWhenALineBeforeTheLastIsDamaged(damagedLine: Int) throws {
        let head = try LogFixtures.makeLog(in: log, count: 6).last!.time
        let path = try segmentPath()
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let lineStarts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }.dropLast()
        bytes[lineStarts[damagedLine - 1] + 40] ^= 0x04
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let before = try LogSnapshot(log)
        let writer = try LogWriter(directory: log, follower: AcceptingFollower())
        let error = #expect(throws: LogError.self) { try writer.append([LogFixtures.draft(7, at: head)], now: head) }
        #expect(error?.kind == .integrity)
        #expect(error?.file == "2030-01-01.jsonl")
        #expect(error?.line == damagedLine)
        #expect(try LogSnapshot(log) == before, "nothing is quarantined or written")
    }

    @Test func refusesToAppendWhenTheLastLineOfAnEarlierSegmentIsIncomplete() throws {
        try LogFixtures.makeLog(in: log, count: 6, days: 2)
        let first = log.file(try log.segmentNames().first!)
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: first)))
        bytes.removeLast(10)
        try Data(bytes).write(to: URL(fileURLWithPath: first))
        let before = try LogSnapshot(log)
        let error = #expect(throws: LogError.self) { try LogWriter(directory: log, follower: AcceptingFollower()).refresh() }
        #expect(error?.kind == .integrity)
        #expect(error?.file == "2030-01-01.jsonl")
        #expect(try LogSnapshot(log) == before)
    }

    /// A writer killed after creating a new day's segment and before writing
    /// to it leaves an empty file; a second crash can then tear the line a
    /// later batch was writing to the earlier day.
    @Test func quarantinesATornTailFollowedOnlyByAnEmptySegment() throws {
        let head = try LogFixtures.makeLog(in: log, count: 4).last!
        _ = FileManager.default.createFile(atPath: log.file("2030-01-05.jsonl"), contents: nil)
        let torn = Array(#"{"specversion":"1.0","id":"cut"#.utf8)
        try LogFixtures.appendBytes(torn, to: log.file("2030-01-01.jsonl"))
        let writer = try LogWriter(directory: log, follower: AcceptingFollower())
        let appended = try writer.append([LogFixtures.draft(5, at: head.time)], now: head.time)
        #expect(appended.first?.prevhash == head.hash)
        #expect(try quarantinedBytes() == torn)
        #expect(ChainVerifier.verify(log).isValid)
    }

    /// An empty later segment must not make a writer skip lines another
    /// writer appends to the head's segment: it would fork the chain.
    @Test func seesLinesAnotherWriterAppendsBeforeAnEmptyLaterSegment() throws {
        let head = try LogFixtures.makeLog(in: log, count: 3).last!
        _ = FileManager.default.createFile(atPath: log.file("2030-01-05.jsonl"), contents: nil)
        let first = try LogWriter(directory: log, follower: AcceptingFollower())
        try first.refresh()
        let second = try LogWriter(directory: log, follower: AcceptingFollower())
        try second.append([LogFixtures.draft(4, at: head.time)], now: head.time)
        let appended = try first.append([LogFixtures.draft(5, at: head.time)], now: head.time)
        #expect(appended.first?.seq == 5)
        let verification = ChainVerifier.verify(log)
        #expect(verification.isValid, "\(String(describing: verification.failure))")
        #expect(verification.events == 5)
    }

    @Test func verifyCallsAnIncompleteLineFollowedOnlyByEmptySegmentsATornTail() throws {
        try LogFixtures.makeLog(in: log, count: 2)
        _ = FileManager.default.createFile(atPath: log.file("2030-01-05.jsonl"), contents: nil)
        try LogFixtures.appendBytes(Array("{\"x".utf8), to: log.file("2030-01-01.jsonl"))
        #expect(ChainVerifier.verify(log).failure?.description == "2030-01-01.jsonl:3: torn tail")
        let tolerant = ChainVerifier.verify(log, allowTornTail: true)
        #expect(tolerant.isValid && tolerant.hasTornTail && tolerant.head?.seq == 2)
    }
}
