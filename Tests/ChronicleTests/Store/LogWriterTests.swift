import Foundation
import Testing
@testable import Chronicle

@Suite struct LogWriterTests {
    @Test func aBatchWithARefusedEventInTheMiddleAppendsNothing() throws {
        let scratch = try TemporaryDirectory()
        let log = LogDirectory(path: scratch.file("log"))
        try LogFixtures.makeLog(in: log, count: 5)
        let before = try LogSnapshot(log)
        let writer = try LogWriter(directory: log, follower: RefusingFollower(refusedType: "bad"))
        let batch = [
            LogFixtures.draft(6), LogFixtures.draft(7, type: "bad"), LogFixtures.draft(8),
        ]
        let error = #expect(throws: LogError.self) { try writer.append(batch, now: LogFixtures.start) }
        #expect(error?.kind == .input)
        #expect(error?.line == 2, "the refused event is the batch's second")
        #expect(try LogSnapshot(log) == before, "the log's bytes are identical after a refused batch")
        #expect(writer.head?.seq == 5)
        #expect(writer.follower.followed == 5, "the refused batch was not shown to the follower")
    }

    @Test(arguments: ["repeated id", "earlier time", "other source"])
    func aBatchWithABadEnvelopeInTheMiddleAppendsNothing(problem: String) throws {
        let scratch = try TemporaryDirectory()
        let log = LogDirectory(path: scratch.file("log"))
        let events = try LogFixtures.makeLog(in: log, count: 4)
        let before = try LogSnapshot(log)
        let head = events.last!.time
        var bad = LogFixtures.draft(6, at: head)
        switch problem {
        case "repeated id": bad.id = "event-5"
        case "earlier time": bad.time = head.adding(milliseconds: -1)
        default: bad.source = "/orgs/other"
        }
        let writer = try LogWriter(directory: log, follower: AcceptingFollower())
        let batch = [LogFixtures.draft(5, at: head), bad, LogFixtures.draft(7, at: head)]
        let error = #expect(throws: LogError.self) { try writer.append(batch, now: head) }
        #expect(error?.kind == .input)
        #expect(error?.line == 2)
        #expect(try LogSnapshot(log) == before)
    }

    @Test func refusesAnEventEarlierThanTheHeadAndAcceptsOneAtTheSameMillisecond() throws {
        let scratch = try TemporaryDirectory()
        let log = LogDirectory(path: scratch.file("log"))
        let head = try LogFixtures.makeLog(in: log, count: 3).last!.time
        let writer = try LogWriter(directory: log, follower: AcceptingFollower())
        let error = #expect(throws: LogError.self) {
            try writer.append([LogFixtures.draft(4, at: head.adding(milliseconds: -1))], now: head)
        }
        #expect(error?.kind == .input)
        #expect(error?.reason.contains("earlier than the previous event") == true, "\(String(describing: error))")
        let appended = try writer.append([LogFixtures.draft(5, at: head)], now: head)
        #expect(appended.map(\.seq) == [4])
    }

    @Test func anEventWithoutTimeGetsTheHeadTimeWhenTheClockIsBehind() throws {
        let scratch = try TemporaryDirectory()
        let log = LogDirectory(path: scratch.file("log"))
        let head = try LogFixtures.makeLog(in: log, count: 2).last!.time
        let writer = try LogWriter(directory: log, follower: AcceptingFollower())
        let appended = try writer.append([LogFixtures.draft(3)], now: head.adding(milliseconds: -60_000))
        #expect(appended.first?.time == head)
    }

    @Test func writesOneSegmentPerUTCDayAndRunsTheChainOnAcrossThem() throws {
        let scratch = try TemporaryDirectory()
        let log = LogDirectory(path: scratch.file("log"))
        let writer = try LogWriter(directory: log, follower: AcceptingFollower(), source: "/orgs/test")
        let times = ["2030-01-01T23:59:59.999Z", "2030-01-02T00:00:00.000Z", "2030-01-02T23:00:00.000Z",
                     "2030-01-04T00:00:00.001Z"].map { Timestamp(rfc3339: $0)! }
        // One batch spanning three days, then one more event on the third.
        try writer.append(times.dropLast().enumerated().map { LogFixtures.draft($0.offset + 1, at: $0.element) },
                          now: times[0])
        try writer.append([LogFixtures.draft(4, at: times[3])], now: times[3])
        #expect(try log.segmentNames() == ["2030-01-01.jsonl", "2030-01-02.jsonl", "2030-01-04.jsonl"])
        for line in try LogContents.lines(in: log) {
            let event = try EventLine.decode(line.bytes)
            #expect(LogDirectory.segmentName(for: event.time) == line.segment)
        }
        #expect(try LogContents.events(in: log).map(\.seq) == [1, 2, 3, 4])
        let verification = ChainVerifier.verify(log)
        #expect(verification.isValid, "\(String(describing: verification.failure))")
        #expect(verification.segments == 3)
    }

    @Test func createsEveryFileReadableByItsOwnerOnly() throws {
        let scratch = try TemporaryDirectory()
        let log = LogDirectory(path: scratch.file("log"))
        let writer = try LogWriter(directory: log, follower: AcceptingFollower(), source: "/orgs/test",
                                   checkpointMAC: { seq, hash in String(repeating: "0", count: 64) })
        let day1 = LogFixtures.start
        try writer.append([LogFixtures.draft(1, at: day1)], now: day1)
        // A new UTC day closes the previous one with a checkpoint (SPEC §6).
        try writer.append([LogFixtures.draft(2, at: day1.adding(milliseconds: Timestamp.millisecondsPerDay))], now: day1)
        try LogFixtures.appendBytes(Array("{\"torn".utf8), to: log.file("2030-01-02.jsonl"))
        try writer.append([LogFixtures.draft(3, at: day1.adding(milliseconds: Timestamp.millisecondsPerDay))], now: day1)
        let snapshot = try LogSnapshot(log)
        #expect(snapshot.tornFiles.count == 1)
        #expect(Set(snapshot.files.keys).isSuperset(of: [".lock", "checkpoints.jsonl", "2030-01-01.jsonl", "2030-01-02.jsonl"]))
        for name in snapshot.files.keys {
            #expect(try LogFixtures.mode(of: log.file(name)) == 0o600, "\(name) must be mode 0600")
        }
        #expect(try LogFixtures.mode(of: log.path) == 0o700, "a new log directory is mode 0700")
    }

    @Test func anExistingLogKeepsItsOwnSourceWhateverSourceTheWriterIsGiven() throws {
        let scratch = try TemporaryDirectory()
        let log = LogDirectory(path: scratch.file("log"))
        let head = try LogFixtures.makeLog(in: log, count: 2).last!.time
        let writer = try LogWriter(directory: log, follower: AcceptingFollower(), source: "/orgs/log")
        var draft = LogFixtures.draft(3, at: head)
        draft.source = nil
        let appended = try writer.append([draft], now: head)
        #expect(appended.first?.source == "/orgs/test")
        #expect(writer.source == "/orgs/test")
        #expect(ChainVerifier.verify(log).isValid)
        var other = LogFixtures.draft(4, at: head)
        other.source = "/orgs/log"
        #expect(throws: LogError(.input, line: 1, "source \"/orgs/log\" differs from the log's \"/orgs/test\"")) {
            try writer.append([other], now: head)
        }
    }

    @Test func aNewLogTakesItsSourceFromItsFirstEventElseTheGivenOne() throws {
        let scratch = try TemporaryDirectory()
        for (given, first, expected) in [("/orgs/given", "/orgs/event", "/orgs/event"), ("/orgs/given", nil, "/orgs/given")] {
            let log = LogDirectory(path: scratch.file(UUID().uuidString))
            let writer = try LogWriter(directory: log, follower: AcceptingFollower(), source: given)
            var draft = LogFixtures.draft(1, at: LogFixtures.start)
            draft.source = first
            var second = LogFixtures.draft(2, at: LogFixtures.start)
            second.source = nil
            let events = try writer.append([draft, second], now: LogFixtures.start)
            #expect(events.map(\.source) == [expected, expected])
        }
    }
}
