import Foundation
import Testing
@testable import Chronicle

/// Writers show the state each line with `data` still as text
/// (`SealedLine`); the state must come out exactly as folding the decoded
/// events does, and refuse exactly the same events for the same reasons.
@Suite struct AuditStateLineFollowerTests {
    /// The shipped sample (every story of `simulate`) and the conformance examples.
    static let logs: [[[UInt8]]] = {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { root.deleteLastPathComponent() }
        let sample = root.appendingPathComponent("EventLogs/contoso")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: sample.path)) ?? [])
            .filter { LogDirectory.isSegmentName($0) }.sorted()
        let sampleLines = names.flatMap { name -> [[UInt8]] in
            guard let data = try? Data(contentsOf: sample.appendingPathComponent(name)) else { return [] }
            return data.split(separator: 0x0A).map { Array($0) }
        }
        return [sampleLines] + ConformanceFiles.organisations.map(ConformanceFiles.lines(of:))
    }()

    static func withSealedLine<R>(_ line: [UInt8], tape: JSONTape, _ body: (SealedLine) -> R) throws -> R {
        try line.withUnsafeBytes { bytes in
            let raw = try RawEnvelope.scan(bytes)
            let header = try EventLine.header(from: raw, in: bytes)
            return body(SealedLine(seq: header.seq, time: header.time, type: header.type, line: bytes, data: raw.data,
                                   tape: tape))
        }
    }

    @Test(arguments: 0..<3)
    func followingLinesGivesTheStateOfFollowingEvents(log: Int) throws {
        let lines = Self.logs[log]
        #expect(lines.count > 10)
        var byEvent = AuditState(), byLine = AuditState()
        let tape = JSONTape()
        for line in lines {
            byEvent.follow(try EventLine.decode(line))
            try Self.withSealedLine(line, tape: tape) { byLine.follow($0) }
        }
        #expect(byLine == byEvent)
        #expect(byLine.applied + byLine.ignored + byLine.unknownTypes == lines.count)
    }

    @Test(arguments: 0..<3)
    func admittingLinesRefusesWhatAdmittingEventsRefuses(log: Int) throws {
        let lines = Self.logs[log]
        var byEvent = AuditState(), byLine = AuditState()
        let tape = JSONTape()
        var refusals = 0
        for line in lines {
            let expected = byEvent.admit(try EventLine.decode(line))
            let actual = try Self.withSealedLine(line, tape: tape) { byLine.admit($0) }
            #expect(actual == expected)
            if expected != nil { refusals += 1 }
        }
        #expect(byLine == byEvent)
    }

    @Test func aWriterCatchingUpOnALogFollowsItAsTheEventsWouldFold() throws {
        let scratch = try TemporaryDirectory()
        let log = LogDirectory(path: scratch.file("log"))
        try FileManager.default.createDirectory(atPath: log.path, withIntermediateDirectories: true)
        var expected = AuditState()
        var segments: [String: [UInt8]] = [:]
        for line in Self.logs[0] {
            let event = try EventLine.decode(line)
            expected.follow(event)
            segments[LogDirectory.segmentName(for: event.time), default: []] += line + [0x0A]
        }
        #expect(segments.count == 3)
        for (name, bytes) in segments {
            try Data(bytes).write(to: URL(fileURLWithPath: log.file(name)))
        }
        let writer = try LogWriter(directory: log, follower: AuditState())
        try writer.refresh()
        #expect(writer.follower == expected)
    }
}
