import Foundation
import Testing
@testable import Chronicle

/// `Replayer.replay(_:from:to:)`: the whole log verified and replayed in one pass.
@Suite struct LogReplayTests {
    /// A private copy of one example log.
    static func copy(of organisation: String) throws -> (TemporaryDirectory, LogDirectory) {
        let directory = try TemporaryDirectory()
        for segment in ConformanceFiles.segments(of: organisation) {
            try FileManager.default.copyItem(atPath: segment.path, toPath: directory.file(segment.lastPathComponent))
        }
        return (directory, LogDirectory(path: directory.path))
    }

    /// Small chunks, so that the examples span many.
    static let options = LinePipelineOptions(workers: 3, chunkSize: 8_000)

    static let windows: [(String?, String?)] = [
        (nil, nil), ("2026-11-21T00:00:00Z", nil), (nil, "2026-11-21T00:00:00Z"),
        ("2026-11-20T12:00:00Z", "2026-11-21T06:00:00Z"), ("2027-01-01T00:00:00Z", "2027-01-02T00:00:00Z"),
    ]

    @Test(arguments: ConformanceFiles.organisations)
    func agreesWithTheReplayerFedDecodedEvents(organisation: String) throws {
        let (directory, log) = try Self.copy(of: organisation)
        _ = directory
        let events = try #require(ConformanceEvents.byOrganisation[organisation])
        for (fromText, toText) in Self.windows {
            let from = fromText.flatMap { Timestamp(rfc3339: $0) }, to = toText.flatMap { Timestamp(rfc3339: $0) }
            var replayer = Replayer(from: from, to: to)
            for event in events { replayer.consume(event) }
            let replay = try Replayer.replay(log, from: from, to: to, pipeline: Self.options)
            #expect(replay.report.json == replayer.finish().json, "\(organisation) \(fromText ?? "-") \(toText ?? "-")")
            #expect(!replay.ignoredTornTail)
        }
    }

    @Test func aDamagedLineAfterTheWindowStillStopsIt() throws {
        let (directory, log) = try Self.copy(of: "contoso-9001")
        let last = try #require(ConformanceFiles.segments(of: "contoso-9001").last).lastPathComponent
        var text = try String(contentsOfFile: directory.file(last), encoding: .utf8)
        let range = try #require(text.range(of: "\"effect\":\"deny\"", options: .backwards))
        text.replaceSubrange(range, with: "\"effect\":\"allow\"")
        try text.write(toFile: directory.file(last), atomically: false, encoding: .utf8)
        let expected = try #require(ChainVerifier.verify(log, allowTornTail: true).failure)
        #expect(throws: expected) {
            _ = try Replayer.replay(log, from: nil, to: Timestamp(rfc3339: "2026-11-21T00:00:00Z"), pipeline: Self.options)
        }
    }

    @Test func ignoresATornTail() throws {
        let (directory, log) = try Self.copy(of: "contoso-9001")
        let clean = try Replayer.replay(log, from: nil, to: nil, pipeline: Self.options)
        let last = try #require(ConformanceFiles.segments(of: "contoso-9001").last).lastPathComponent
        try LogFixtures.appendBytes(Array(#"{"specversion":"1.0","id":"x"#.utf8), to: directory.file(last))
        let torn = try Replayer.replay(log, from: nil, to: nil, pipeline: Self.options)
        #expect(torn.ignoredTornTail)
        #expect(torn.report == clean.report)
    }

    /// A sealed line after the last one of `segment`, with raw `data`.
    static func appendLine(data: String, to path: String, seq: Int64, time: String) throws {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let previous = try #require(lines.last.flatMap { try? JSONParser.parse(String($0)) }?["hash"]?.stringValue)
        let body = #"{"specversion":"1.0","id":"note-\#(seq)","source":"/orgs/contoso","type":"audit.note","time":"\#(time)","subject":"s","seq":\#(seq),"prevhash":"\#(previous)","data":\#(data),"#
        let hash = Array(body.utf8).withUnsafeBytes { SHA256.hash($0) }.hex
        try LogFixtures.appendBytes(Array((body + #""hash":"\#(hash)"}"# + "\n").utf8), to: path)
    }

    @Test func aLineWhoseDataRepeatsANameThroughAnEscapeStopsReplayAtThatLine() throws {
        let (directory, log) = try Self.copy(of: "contoso-9001")
        let last = try #require(ConformanceFiles.segments(of: "contoso-9001").last).lastPathComponent
        let lineCount = try String(contentsOfFile: directory.file(last), encoding: .utf8).split(separator: "\n").count
        // Two names that differ only by an escape: verify and the parser both compare decoded names.
        try Self.appendLine(data: #"{"a":1,"\u0061":2}"#, to: directory.file(last), seq: 751, time: "2026-11-21T23:59:59.999Z")
        let verification = ChainVerifier.verify(log)
        #expect(verification.failure?.file == last)
        #expect(verification.failure?.line == lineCount + 1)
        #expect {
            _ = try Replayer.replay(log, from: nil, to: nil, pipeline: Self.options)
        } throws: { error in
            guard let error = error as? LogError else { return false }
            return error.isIntegrityFailure && error.file == last && error.line == lineCount + 1
        }
        // A line that fails verification later is reported instead: verification comes first.
        try LogFixtures.appendBytes(Array("{}\n".utf8), to: directory.file(last))
        let failure = try #require(ChainVerifier.verify(log).failure)
        #expect(throws: failure) { _ = try Replayer.replay(log, from: nil, to: nil, pipeline: Self.options) }
    }
}
