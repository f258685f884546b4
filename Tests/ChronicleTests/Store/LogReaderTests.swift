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
        try #require(events.count > 749, "the conformance examples are beside the project")
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

            // Each projection needs only its own events.
            let reader = Chronicle.LogReader(directory: log)
            let secrets = try reader.state(at: asOf, folding: SecretsProjection.eventTypes, pipeline: LogReplayTests.options)
            #expect(SecretsProjection(state: secrets.state, asOf: asOf, seq: secrets.seq) == SecretsProjection(state: state, asOf: asOf, seq: seq))
            let tokens = try reader.state(at: asOf, folding: TokensProjection.eventTypes, pipeline: LogReplayTests.options)
            #expect(TokensProjection(state: tokens.state, asOf: asOf, seq: tokens.seq, includeAll: true)
                == TokensProjection(state: state, asOf: asOf, seq: seq, includeAll: true))
            let rls = try reader.state(at: asOf, folding: RLSProjection.eventTypes, pipeline: LogReplayTests.options)
            #expect(RLSProjection(state: rls.state, asOf: asOf, seq: rls.seq) == RLSProjection(state: state, asOf: asOf, seq: seq))
            #expect(rls.state.unknownTypes == state.unknownTypes)
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
        try text.write(toFile: directory.file(first), atomically: false, encoding: .utf8)
        #expect {
            _ = try Chronicle.LogReader(directory: log).state(at: end, pipeline: LogReplayTests.options)
        } throws: { error in
            (error as? LogError).map { $0.isIntegrityFailure && $0.file == first && $0.reason.contains("duplicate member") } ?? false
        }
    }
}
