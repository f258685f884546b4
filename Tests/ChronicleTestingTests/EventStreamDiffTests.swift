import Chronicle
import ChronicleTesting
import Testing

@Suite struct EventStreamDiffTests {
    static let start = LogScenario.defaultStart

    /// Three appended events: a secret, a principal, a revocation.
    static func appended() throws -> [Event] {
        let log = InMemoryLog()
        return try log.append([
            .secretCreated(id: "key-1"),
            .principalRegistered(id: "sp-1", credential: "key-1"),
            .secretRevoked(id: "key-1", reason: "leaked"),
        ], now: start)
    }

    @Test func findsNoDifferenceWhenTheStreamsMatchInEveryMode() throws {
        let actual = try Self.appended()
        let all: [EventDraft] = [
            .secretCreated(id: "key-1"), .principalRegistered(id: "sp-1", credential: "key-1"),
            .secretRevoked(id: "key-1", reason: "leaked"),
        ]
        #expect(EventStreamDiff.diff(expected: all, actual: actual) == nil)
        #expect(EventStreamDiff.diff(expected: Array(all.prefix(2)), actual: actual, match: .prefix) == nil)
        #expect(EventStreamDiff.diff(expected: [all[0], all[2]], actual: actual, match: .containsInOrder) == nil)
        #expect(EventStreamDiff.diff(expected: [], actual: [], match: .exactly) == nil)
    }

    @Test func exactlyNamesTheFirstDifferingMember() throws {
        let message = try #require(EventStreamDiff.diff(
            expected: [
                .secretCreated(id: "key-1"), .principalRegistered(id: "sp-1", kind: .masterUser, credential: "key-1"),
                .secretRevoked(id: "key-1", reason: "expired"),
            ],
            actual: try Self.appended()))
        #expect(message.contains(#"first difference: event #2: data.kind: expected "masterUser", actual "servicePrincipal""#))
        #expect(message.contains("  → #2  expected  principal.registered sp-1 "))
        #expect(message.contains(#"↳ data.kind: expected "masterUser", actual "servicePrincipal""#))
        #expect(message.hasSuffix("ignored members: hash, id, prevhash, tokenHash"))
    }

    @Test func exactlyShowsBothStreamsOneEventALine() throws {
        let message = try #require(EventStreamDiff.diff(
            expected: [.secretCreated(id: "key-1"), .secretRevoked(id: "key-1", reason: "expired")],
            actual: try Self.appended()))
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "the appended events differ from the expected ones (exactly)")
        #expect(lines[1] == #"first difference: event #2: type: expected "secret.revoked", actual "principal.registered""#)
        #expect(lines[3].hasPrefix("    #1  expected  secret.created key-1 {\"secretId\":\"key-1\""))
        #expect(lines[4].hasPrefix("          actual  secret.created key-1 {\"secretId\":\"key-1\""))
        #expect(lines.contains { $0.hasPrefix("    #3  expected  (nothing expected here)") })
        #expect(lines.contains { $0.hasPrefix("          actual  secret.revoked key-1 {\"secretId\":\"key-1\",\"reason\":\"leaked\"}") })
    }

    @Test func exactlyNamesAMissingEvent() throws {
        let actual = Array(try Self.appended().prefix(1))
        let message = try #require(EventStreamDiff.diff(
            expected: [.secretCreated(id: "key-1"), .secretRevoked(id: "key-1", reason: "leaked")], actual: actual))
        #expect(message.contains("first difference: event #2 was expected but not appended: secret.revoked key-1"))
        #expect(message.contains("actual  (nothing appended)"))
    }

    @Test func exactlyNamesAnExtraEvent() throws {
        let message = try #require(EventStreamDiff.diff(expected: [], actual: try Self.appended()))
        #expect(message.contains("first difference: event #1 was appended but not expected: secret.created key-1"))
    }

    @Test func prefixComparesOnlyTheFirstEvents() throws {
        let actual = try Self.appended()
        let message = try #require(EventStreamDiff.diff(
            expected: [.secretCreated(id: "key-2")], actual: actual, match: .prefix))
        #expect(message.contains("differ from the expected ones (as a prefix)"))
        #expect(message.contains(#"first difference: event #1: subject: expected "key-2", actual "key-1""#))
        #expect(message.contains("#3  expected  (not compared)"))
    }

    @Test func prefixNamesAStreamTooShort() throws {
        let actual = try Self.appended()
        let expected = actual.map { EventDraft(type: $0.type, subject: $0.subject, data: $0.data) }
            + [.tokenRevoked(tokenId: "tok-1")]
        let message = try #require(EventStreamDiff.diff(expected: expected, actual: actual, match: .prefix))
        #expect(message.contains("first difference: event #4 was expected but not appended: token.revoked tok-1"))
    }

    @Test func containsInOrderNamesTheMissingEventAndItsNearestCandidate() throws {
        let message = try #require(EventStreamDiff.diff(
            expected: [.secretCreated(id: "key-1"), .secretRevoked(id: "key-1", reason: "expired")],
            actual: try Self.appended(), match: .containsInOrder))
        #expect(message.contains(
            "first difference: expected event #2 (secret.revoked key-1) was not found after appended event #1; "
                + #"the nearest candidate, appended event #3: data.reason: expected "expired", actual "leaked""#))
        #expect(message.contains("    #1  = appended #1  secret.created key-1"))
        #expect(message.contains("  → #2  not found      secret.revoked key-1"))
        #expect(message.contains("  → #3  secret.revoked key-1"))
    }

    @Test func containsInOrderNamesAnEventOutOfOrder() throws {
        let message = try #require(EventStreamDiff.diff(
            expected: [.secretRevoked(id: "key-1", reason: "leaked"), .secretCreated(id: "key-1")],
            actual: try Self.appended(), match: .containsInOrder))
        #expect(message.contains("expected event #2 (secret.created key-1) was not found after appended event #3; "
            + "an equal event was appended as #1, before the events matched earlier (out of order)"))
    }

    @Test func containsInOrderNamesATypeNeverAppended() throws {
        let message = try #require(EventStreamDiff.diff(
            expected: [.tokenRevoked(tokenId: "tok-1")], actual: try Self.appended(), match: .containsInOrder))
        #expect(message.contains("was not found among the appended events; no token.revoked event was appended at all"))
    }

    @Test func ignoresVolatileMembersUnlessAskedNotTo() throws {
        let actual = try Self.appended()
        var expected = EventDraft.secretCreated(id: "key-1")
        expected.id = "some-other-id"
        #expect(EventStreamDiff.diff(expected: [expected], actual: actual, match: .prefix) == nil)
        let message = try #require(EventStreamDiff.diff(expected: [expected], actual: actual, match: .prefix, ignoring: []))
        #expect(message.contains(#"first difference: event #1: id: expected "some-other-id", actual "event-1""#))
        #expect(message.hasSuffix("ignored members: none"))
    }

    @Test func comparesTheTimeOnlyWhenTheExpectedEventStatesIt() throws {
        let actual = try Self.appended()
        let later = Self.start.adding(milliseconds: 1)
        #expect(EventStreamDiff.diff(expected: [.secretCreated(id: "key-1")], actual: actual, match: .prefix) == nil)
        let message = try #require(EventStreamDiff.diff(
            expected: [.secretCreated(id: "key-1", at: later)], actual: actual, match: .prefix))
        #expect(message.contains(#"event #1: time: expected "2026-11-20T10:00:00.001Z", actual "2026-11-20T10:00:00.000Z""#))
        #expect(message.contains("expected  secret.created key-1 @2026-11-20T10:00:00.001Z {"))
        #expect(message.contains("actual  secret.created key-1 @2026-11-20T10:00:00.000Z {"))
    }
}

@Suite struct MemberDifferenceTests {
    @Test func pointsIntoNestedObjectsAndArrays() {
        let difference = MemberDifference.between(
            ["outcome": ["effect": "allow", "roles": ["EU", "US"]]],
            ["outcome": ["effect": "allow", "roles": ["EU", "FR"]]], path: "data", ignoring: [])
        #expect(difference == MemberDifference(path: "data.outcome.roles[1]", expected: #""US""#, actual: #""FR""#))
    }

    @Test func namesMissingAndUnexpectedMembers() {
        #expect(MemberDifference.between(["a": 1, "b": 2], ["a": 1], path: "data", ignoring: [])
            == MemberDifference(path: "data.b", expected: "2", actual: "(missing)"))
        #expect(MemberDifference.between(["a": 1], ["a": 1, "c": nil], path: "data", ignoring: [])
            == MemberDifference(path: "data.c", expected: "(missing)", actual: "null"))
        #expect(MemberDifference.between(["r": [1]], ["r": [1, 2]], path: "data", ignoring: [])
            == MemberDifference(path: "data.r[1]", expected: "(missing)", actual: "2"))
    }

    @Test func skipsIgnoredMembersAtAnyDepthAndIgnoresMemberOrder() {
        #expect(MemberDifference.between(
            ["token": ["tokenHash": "aa", "kid": "k@1"], "x": 1], ["x": 1, "token": ["kid": "k@1", "tokenHash": "bb"]],
            path: "data", ignoring: ["tokenHash"]) == nil)
    }
}
