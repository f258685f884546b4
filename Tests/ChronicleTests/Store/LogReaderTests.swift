import Foundation
import Testing
@testable import Chronicle

/// `LogReader.state(at:)`: the fold behind `chronicle project`.
@Suite struct LogReaderTests {
    @Test(arguments: ConformanceFiles.organisations)
    func foldsWhatTheStateFoldsFromDecodedEvents(organisation: String) throws {
        let (directory, log) = try LogReplayTests.copy(of: organisation)
        _ = directory
        let events = try #require(ConformanceEvents.byOrganisation[organisation])
        let instants = [events[0].time.adding(milliseconds: -1), events[374].time, events[375].time, events[749].time]
        for asOf in instants {
            var state = AuditState()
            var seq: Int64 = 0
            for event in events where event.time <= asOf {
                state.apply(event)
                seq = event.seq
            }
            let folded = try Chronicle.LogReader(directory: log).state(at: asOf, pipeline: LogReplayTests.options)
            #expect(folded.seq == seq)
            #expect(SecretsProjection(state: folded.state, asOf: asOf, seq: seq) == SecretsProjection(state: state, asOf: asOf, seq: seq))
            #expect(TokensProjection(state: folded.state, asOf: asOf, seq: seq, includeAll: true)
                == TokensProjection(state: state, asOf: asOf, seq: seq, includeAll: true))
            #expect(RLSProjection(state: folded.state, asOf: asOf, seq: seq) == RLSProjection(state: state, asOf: asOf, seq: seq))
            #expect(folded.state.unknownTypes == state.unknownTypes)
            #expect(folded.summary.stoppedEarly == (asOf < events[749].time))
        }
    }

    @Test func ignoresATornTailAndStopsAtAMalformedLine() throws {
        let (directory, log) = try LogReplayTests.copy(of: "contoso-9001")
        let last = try #require(ConformanceFiles.segments(of: "contoso-9001").last).lastPathComponent
        let end = try #require(Timestamp(rfc3339: "2030-01-01T00:00:00Z"))
        try LogFixtures.appendBytes(Array(#"{"specversion":"1.0","id":"x"#.utf8), to: directory.file(last))
        let folded = try Chronicle.LogReader(directory: log).state(at: end, pipeline: LogReplayTests.options)
        #expect(folded.summary.ignoredTornTail)
        #expect(folded.seq == 750)

        let first = try #require(ConformanceFiles.segments(of: "contoso-9001").first).lastPathComponent
        var text = try String(contentsOfFile: directory.file(first), encoding: .utf8)
        let range = try #require(text.range(of: "\"type\":\"secret.created\""))
        text.replaceSubrange(range, with: "\"type\":\"secret.created\",\"type\":\"x\"")
        try text.write(toFile: directory.file(first), atomically: true, encoding: .utf8)
        #expect {
            _ = try Chronicle.LogReader(directory: log).state(at: end, pipeline: LogReplayTests.options)
        } throws: { error in
            (error as? LogError).map { $0.isIntegrityFailure && $0.file == first && $0.reason.contains("duplicate member") } ?? false
        }
    }
}
