import Chronicle
import ChronicleTesting
import Foundation
import Testing

@Suite struct InMemoryLogTests {
    static let start = LogScenario.defaultStart

    static let drafts: [EventDraft] = [
        .secretCreated(id: "key-1", at: start),
        .principalRegistered(id: "sp-1", credential: "key-1", at: start.adding(milliseconds: 5)),
        .datasetConfigured(id: "ds-1", workspace: "ws-1", rls: .cloud, roles: ["EU"],
                           at: start.adding(milliseconds: Timestamp.millisecondsPerDay)),
    ]

    @Test func writesTheSameBytesAsTheFileStore() throws {
        let directory = LogDirectory(path: NSTemporaryDirectory() + "chronicle-memory-" + UUID().uuidString)
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        let ids = SequentialIDs(prefix: "event-")
        let writer = try LogWriter(directory: directory, follower: AuditState(), source: "/orgs/test", makeID: ids.next)
        try writer.append(Self.drafts, now: Self.start)
        var fileBytes: [UInt8] = []
        for name in try directory.segmentNames() {
            fileBytes += Array(try Data(contentsOf: URL(fileURLWithPath: directory.file(name))))
        }

        let log = InMemoryLog()
        try log.append(Self.drafts, now: Self.start)
        #expect(log.bytes == fileBytes)
        #expect(log.head == writer.head)
        #expect(log.events.map(\.seq) == [1, 2, 3])
        #expect(log.events[1].prevhash == log.events[0].hash)
        #expect(log.events[0].prevhash == Event.genesisHash)
    }

    @Test func refusesAnEventInvalidAgainstTheStateAndAppendsNothingOfTheBatch() throws {
        let log = InMemoryLog()
        try log.append([.secretCreated(id: "key-1")], now: Self.start)
        #expect(throws: LogError(.input, line: 2, "secret.created: secret key-1 already exists")) {
            try log.append([.secretRevoked(id: "key-1"), .secretCreated(id: "key-1")], now: Self.start)
        }
        #expect(log.events.count == 1)
        #expect(log.state.secret(id: "key-1")?.isRevoked == false)
    }

    @Test func refusesTimeGoingBackwardsAndARepeatedIDInABatch() throws {
        let log = InMemoryLog()
        try log.append([.secretCreated(id: "key-1", at: Self.start)], now: Self.start)
        #expect(throws: LogError.self) {
            try log.append([.secretCreated(id: "key-2", at: Self.start.adding(milliseconds: -1))], now: Self.start)
        }
        var first = EventDraft.secretCreated(id: "key-2")
        first.id = "same"
        var second = EventDraft.secretCreated(id: "key-3")
        second.id = "same"
        #expect(throws: LogError(.input, line: 2, #"id "same" is repeated in the batch"#)) {
            try log.append([first, second], now: Self.start)
        }
    }

    @Test func appendsAtTheHeadTimeWhenNowIsEarlier() throws {
        let log = InMemoryLog()
        try log.append([.secretCreated(id: "key-1", at: Self.start)], now: Self.start)
        let events = try log.append([.secretCreated(id: "key-2")], now: Self.start.adding(milliseconds: -60_000))
        #expect(events.first?.time == Self.start)
    }

    @Test func appendsJSONLinesAndNamesABadLine() throws {
        let log = InMemoryLog()
        try log.append(jsonLines: """
            {"type":"secret.created","subject":"key-1","data":{"secretId":"key-1","kind":"accessKey","owner":"a","version":1,"hint":"abc","fingerprint":"hmac-sha256:00","expiresAt":null}}

            {"type":"secret.revoked","subject":"key-1","data":{"secretId":"key-1","reason":"leaked"}}
            """, now: Self.start)
        #expect(log.events.map(\.type) == ["secret.created", "secret.revoked"])
        #expect(throws: LogError.self) {
            try log.append(jsonLines: "\n{\"type\":\"x\",\"subject\":\"s\",\"data\":{},\"seq\":1}", now: Self.start)
        }
        do {
            try log.append(jsonLines: "\n\n{\"type\":\"secret.revoked\",\"subject\":\"k\",\"data\":{\"secretId\":\"nope\",\"reason\":\"r\"}}",
                           now: Self.start)
            Issue.record("an invalid event was appended")
        } catch {
            #expect(error.line == 3)
        }
    }

    @Test func takesTheFirstEventsSourceAndHoldsEveryLaterOneToIt() throws {
        let log = InMemoryLog(source: "/orgs/default")
        var first = EventDraft.secretCreated(id: "key-1")
        first.source = "/orgs/contoso"
        try log.append([first, .secretCreated(id: "key-2")], now: Self.start)
        #expect(log.events.map(\.source) == ["/orgs/contoso", "/orgs/contoso"])
        var other = EventDraft.secretCreated(id: "key-3")
        other.source = "/orgs/default"
        #expect(throws: LogError(.input, line: 1, #"source "/orgs/default" differs from the log's "/orgs/contoso""#)) {
            try log.append([other], now: Self.start)
        }
    }

    @Test func failsAfterTheDecisionWhenAWriteFailureIsSet() throws {
        let log = InMemoryLog()
        log.writeFailure = LogError(.io, "disk full")
        var built = false
        #expect(throws: LogError(.io, "disk full")) {
            try log.transaction(now: Self.start) { _, _ in
                built = true
                return ([EventDraft.secretCreated(id: "key-1")], ())
            }
        }
        #expect(built)
        #expect(log.events.isEmpty && log.bytes.isEmpty && log.head == nil)
    }
}
