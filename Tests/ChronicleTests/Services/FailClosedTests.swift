import Chronicle
import ChronicleTesting
import Foundation
import Testing

/// SPEC §6 "Fail closed": no token and no `allow` unless the event is durable.
@Suite struct FailClosedTests {
    static let diskFull = LogError(.io, file: "2026-11-20.jsonl", "write failed: No space left on device")

    @Test func issuingHandsOutNoTokenWhenTheEventCannotBeWritten() throws {
        let scenario = try ServiceFixtures.scenario()
        scenario.log.writeFailure = Self.diskFull

        scenario
            .when { try $0.issuer.issue(ServiceFixtures.viewRequest(scenario)) }
            .thenItThrows(ServiceError.issuanceNotRecorded(Self.diskFull))
            .thenNothingIsAppended()
    }

    @Test func checkingDeniesWhenTheDecisionCannotBeWritten() throws {
        let scenario = try ServiceFixtures.scenario()
        let token = try #require(try scenario.services.issuer.issue(ServiceFixtures.viewRequest(scenario)).token)
        scenario.log.writeFailure = Self.diskFull

        let outcome = scenario
            .when { try $0.checker.check(token: token.jwt, request: .accessRequest(report: "rep-none", workspace: "ws-1")) }
            .thenItThrows(ServiceError.decisionNotRecorded(Self.diskFull))
            .thenNothingIsAppended()
        #expect(outcome.value == nil)
        #expect(outcome.error.map { "\($0)" }?.hasPrefix("access denied: the decision could not be recorded") == true)
    }

    @Test func aLogWhoseWriteFailsAfterTheDecisionGetsNoTokenOut() throws {
        let scenario = try ServiceFixtures.scenario()
        let log = FailingAfterBuildLog(state: scenario.log.state, head: scenario.log.head)
        let issuer = TokenIssuer(log: log, keyring: scenario.keyring, clock: { LogScenario.defaultStart })

        #expect(throws: ServiceError.issuanceNotRecorded(Self.diskFull)) {
            try issuer.issue(ServiceFixtures.viewRequest(scenario))
        }
        // The rules did accept and a token.issued was built: only the write failed.
        #expect(log.builtTypes == ["token.issued"])

        let checker = AccessChecker(log: log, keyring: scenario.keyring, clock: { LogScenario.defaultStart })
        #expect(throws: ServiceError.decisionNotRecorded(Self.diskFull)) {
            try checker.check(token: "a.b.c", request: .accessRequest(report: "rep-none", workspace: "ws-1"))
        }
        #expect(log.builtTypes == ["token.issued", "access.decided"])
    }

    @Test func aFileLogWhoseSegmentCannotBeWrittenGetsNoTokenOutAndStaysIntact() throws {
        let directory = LogDirectory(path: NSTemporaryDirectory() + "chronicle-services-" + UUID().uuidString)
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        let scenario = LogScenario()
        let writer = try LogWriter(directory: directory, follower: AuditState(), source: "/orgs/test")
        try writer.append(ServiceFixtures.tenant(scenario), now: scenario.now)
        let before = ChainVerifier.verify(directory)

        // The next day's segment path is made a directory after the decision, before the write.
        let nextDay = scenario.now.adding(milliseconds: Timestamp.millisecondsPerDay)
        let log = SabotagedFileLog(writer: writer)
        let issuer = TokenIssuer(log: log, keyring: scenario.keyring, clock: { nextDay })
        do {
            let result = try issuer.issue(ServiceFixtures.viewRequest(scenario))
            Issue.record("issued although the segment could not be written: \(result)")
        } catch {
            guard case .issuanceNotRecorded(let cause) = error else { throw error }
            #expect(cause.kind == .io)
        }
        let checker = AccessChecker(log: log, keyring: scenario.keyring, clock: { nextDay })
        #expect(throws: ServiceError.self) {
            try checker.check(token: "a.b.c", request: .accessRequest(report: "rep-none", workspace: "ws-1"))
        }

        try FileManager.default.removeItem(atPath: directory.file(LogDirectory.segmentName(for: nextDay)))
        let after = ChainVerifier.verify(directory)
        #expect(after.isValid)
        #expect(after.head == before.head)
        #expect(after.events == before.events)
    }
}

/// An ``AuditLog`` whose transactions decide (run `build`) and then fail to
/// write, as a full disk would.
final class FailingAfterBuildLog: AuditLog {
    let state: AuditState
    let head: ChainHead?
    private(set) var builtTypes: [String] = []

    init(state: AuditState, head: ChainHead?) {
        self.state = state
        self.head = head
    }

    func transaction<Result>(
        now: Timestamp, _ build: (AuditState, Timestamp) throws(LogError) -> ([EventDraft], Result)
    ) throws(LogError) -> (events: [Event], result: Result) {
        let (drafts, _) = try build(state, max(now, head?.time ?? now))
        builtTypes += drafts.map(\.type)
        throw FailClosedTests.diskFull
    }
}

/// A real file log whose next segment is replaced by a directory right
/// after `build` decided, so that the write itself fails.
final class SabotagedFileLog: AuditLog {
    let writer: LogWriter<AuditState>
    init(writer: LogWriter<AuditState>) { self.writer = writer }

    var head: ChainHead? { writer.head }

    func transaction<Result>(
        now: Timestamp, _ build: (AuditState, Timestamp) throws(LogError) -> ([EventDraft], Result)
    ) throws(LogError) -> (events: [Event], result: Result) {
        let directory = writer.directory
        return try writer.transaction(now: now) { (state, time) throws(LogError) -> ([EventDraft], Result) in
            let decided = try build(state, time)
            let segment = directory.file(LogDirectory.segmentName(for: time))
            try? FileManager.default.createDirectory(atPath: segment, withIntermediateDirectories: false)
            return decided
        }
    }
}
