import Chronicle
import Foundation
import Testing

/// The `source` a writer is given only names a new log: an existing log
/// keeps the source of its lines, whatever its directory is called.
@Suite struct LogWriterSourceTests {
    static let start = Timestamp(milliseconds: 1_795_168_800_000)

    private func withDirectory(_ body: (LogDirectory) throws -> Void) throws {
        let directory = LogDirectory(path: NSTemporaryDirectory() + "chronicle-source-" + UUID().uuidString)
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        try body(directory)
    }

    private func note(_ number: Int, source: String? = nil) -> EventDraft {
        EventDraft(type: "note", subject: "n\(number)", data: ["n": .integer(Int64(number))], source: source)
    }

    @Test func anExistingLogKeepsItsOwnSource() throws {
        try withDirectory { directory in
            try LogWriter(directory: directory, follower: AuditState(), source: "/orgs/contoso")
                .append([note(1)], now: Self.start)
            let writer = try LogWriter(directory: directory, follower: AuditState(), source: "/orgs/other")
            let events = try writer.append([note(2)], now: Self.start)
            #expect(events.map(\.source) == ["/orgs/contoso"])
            #expect(writer.source == "/orgs/contoso")
            #expect(ChainVerifier.verify(directory).isValid)
        }
    }

    @Test func theFirstEventOfANewLogMaySetItsSource() throws {
        try withDirectory { directory in
            let writer = try LogWriter(directory: directory, follower: AuditState(), source: "/orgs/default")
            #expect(writer.source == "/orgs/default")
            let events = try writer.append([note(1, source: "/orgs/contoso"), note(2)], now: Self.start)
            #expect(events.map(\.source) == ["/orgs/contoso", "/orgs/contoso"])
            #expect(throws: LogError.self) { try writer.append([note(3, source: "/orgs/default")], now: Self.start) }
        }
    }
}
