import Foundation
import Testing
@testable import Chronicle

/// `LogWriter.append(batches:now:)` seals batch k + 1 while batch k is
/// written: each batch must still be all or nothing and durable on its own,
/// and the first refused or failed batch must stop the rest.
@Suite struct PipelinedAppendTests {
    static func drafts(_ range: ClosedRange<Int>, type: (Int) -> String = { _ in "audit.note" }) -> [EventDraft] {
        range.map { LogFixtures.draft($0, at: LogFixtures.start.adding(milliseconds: Int64($0)), type: type($0)) }
    }

    @Test func writesTheSameBytesAsOneBatchAtATime() throws {
        let scratch = try TemporaryDirectory()
        let pipelined = LogDirectory(path: scratch.file("pipelined"))
        let oneByOne = LogDirectory(path: scratch.file("one-by-one"))
        let drafts = Self.drafts(1...250)
        let writer = try LogWriter(directory: pipelined, follower: AuditState(), source: "/orgs/test")
        let outcome = writer.append(drafts, batchSize: 7, now: LogFixtures.start)
        #expect(outcome.failure == nil)
        #expect(outcome.appended == 250)
        #expect(outcome.head == writer.head)
        let reference = try LogWriter(directory: oneByOne, follower: AuditState(), source: "/orgs/test")
        for start in stride(from: 0, to: drafts.count, by: 7) {
            try reference.append(Array(drafts[start..<min(start + 7, drafts.count)]), now: LogFixtures.start)
        }
        #expect(try LogSnapshot(pipelined).files == LogSnapshot(oneByOne).files)
        #expect(writer.follower == reference.follower)
        #expect(ChainVerifier.verify(pipelined).isValid)
    }

    @Test func aRefusedBatchStopsTheRestAndKeepsTheBatchesBeforeIt() throws {
        let scratch = try TemporaryDirectory()
        let log = LogDirectory(path: scratch.file("log"))
        let writer = try LogWriter(directory: log, follower: RefusingFollower(refusedType: "bad"), source: "/orgs/test")
        let drafts = Self.drafts(1...40) { $0 == 23 ? "bad" : "audit.note" }
        var taken = 0
        let batches = stride(from: 0, to: 40, by: 10).lazy.map { start -> [EventDraft] in
            taken += 1
            return Array(drafts[start..<(start + 10)])
        }
        let outcome = writer.append(batches: batches, now: LogFixtures.start)
        #expect(outcome.appended == 20, "the two batches before the refused one stay")
        #expect(outcome.failure?.kind == .input)
        #expect(outcome.failure?.line == 23, "the refused event's position among all the drafts")
        #expect(taken == 3, "no batch is taken after the refused one")
        #expect(writer.head?.seq == 20)
        #expect(try LogContents.events(in: log).map(\.seq) == Array(1...20))
        #expect(ChainVerifier.verify(log).isValid)
        // The writer goes on from the last appended batch.
        let next = writer.append(Self.drafts(41...45), batchSize: 2, now: LogFixtures.start)
        #expect(next.failure == nil)
        #expect(writer.head?.seq == 25)
        #expect(ChainVerifier.verify(log).isValid)
    }

    @Test func aFailedWriteStopsTheRestAndLeavesTheLogAtTheLastDurableBatch() throws {
        let scratch = try TemporaryDirectory()
        let log = LogDirectory(path: scratch.file("log"))
        let writer = try LogWriter(directory: log, follower: AuditState(), source: "/orgs/test")
        // The third batch starts a new UTC day whose segment path is made a
        // directory once the writer has caught up (when it takes that batch).
        let nextSegment = log.file("2030-01-02.jsonl")
        let day = Timestamp.millisecondsPerDay
        let drafts = (1...40).map { number in
            LogFixtures.draft(number, at: LogFixtures.start.adding(milliseconds: number > 20 ? day + Int64(number) : Int64(number)))
        }
        var taken = 0
        let batches = stride(from: 0, to: 40, by: 10).lazy.map { start -> [EventDraft] in
            taken += 1
            if start == 20 { try? FileManager.default.createDirectory(atPath: nextSegment, withIntermediateDirectories: true) }
            return Array(drafts[start..<(start + 10)])
        }
        let outcome = writer.append(batches: batches, now: LogFixtures.start)
        #expect(outcome.appended == 20)
        #expect(outcome.failure?.kind == .io, "\(String(describing: outcome.failure))")
        #expect(taken <= 4, "at most the batch after the failed one was sealed")
        #expect(writer.head?.seq == 20)
        try FileManager.default.removeItem(atPath: nextSegment)
        #expect(try LogContents.events(in: log).map(\.seq) == Array(1...20))
        #expect(ChainVerifier.verify(log).isValid)
    }

    @Test func refusesAnEventWhoseSealedLineWouldExceedOneMebibyte() throws {
        let scratch = try TemporaryDirectory()
        let log = LogDirectory(path: scratch.file("log"))
        let writer = try LogWriter(directory: log, follower: AcceptingFollower(), source: "/orgs/test")
        let huge = LogFixtures.draft(1, at: LogFixtures.start, padding: 1 << 20)
        let error = #expect(throws: LogError.self) { try writer.append([huge], now: LogFixtures.start) }
        #expect(error?.kind == .input)
        #expect(error?.reason.contains("longer than 1 MiB") == true)
        #expect(writer.head == nil)
    }
}
