import Chronicle
import ChronicleTesting
import Testing

/// Every assertion of the kit fails on purpose here, and the issue it
/// records must name the first difference.
@Suite struct ScenarioOutcomeTests {
    /// A scenario in which one secret exists and the step revokes it.
    private func revoking() throws -> (LogScenario, ScenarioOutcome<Void>) {
        let scenario = LogScenario()
        try scenario.given([.secretCreated(id: "key-1")])
        let outcome = scenario.when { services in
            try services.log.append([.secretRevoked(id: "key-1", reason: "leaked")], now: services.now)
            return ()
        }
        return (scenario, outcome)
    }

    private func issue(_ issue: Issue, mentions text: String) -> Bool {
        issue.comments.contains { $0.rawValue.contains(text) }
    }

    @Test func passesWhenTheAppendedEventsMatch() throws {
        let (_, outcome) = try revoking()
        outcome
            .then([.secretRevoked(id: "key-1", reason: "leaked")])
            .then([.secretRevoked(id: "key-1", reason: "leaked")], .prefix)
            .then([.secretRevoked(id: "key-1", reason: "leaked")], .containsInOrder)
        #expect(outcome.appended.count == 1)
    }

    @Test func thenExactlyReportsTheFirstDifferingMember() throws {
        let (_, outcome) = try revoking()
        withKnownIssue {
            outcome.then([.secretRevoked(id: "key-1", reason: "expired")])
        } matching: { issue in
            self.issue(issue, mentions: #"first difference: event #1: data.reason: expected "expired", actual "leaked""#)
        }
    }

    @Test func thenAsAPrefixReportsAMissingEvent() throws {
        let (_, outcome) = try revoking()
        withKnownIssue {
            outcome.then([.secretRevoked(id: "key-1", reason: "leaked"), .secretCreated(id: "key-2")], .prefix)
        } matching: { issue in
            self.issue(issue, mentions: "first difference: event #2 was expected but not appended: secret.created key-2")
        }
    }

    @Test func thenContainsInOrderReportsTheEventNotFound() throws {
        let (_, outcome) = try revoking()
        withKnownIssue {
            outcome.then([.secretRevoked(id: "key-2")], .containsInOrder)
        } matching: { issue in
            self.issue(issue, mentions: #"the nearest candidate, appended event #1: subject: expected "key-2", actual "key-1""#)
        }
    }

    @Test func thenNothingIsAppendedReportsWhatWas() throws {
        let (_, outcome) = try revoking()
        withKnownIssue {
            outcome.thenNothingIsAppended()
        } matching: { issue in
            self.issue(issue, mentions: "first difference: event #1 was appended but not expected: secret.revoked key-1")
        }
    }

    @Test func thenItThrowsReportsAStepThatReturned() throws {
        let (_, outcome) = try revoking()
        withKnownIssue {
            outcome.thenItThrows(LogError.self)
        } matching: { issue in
            self.issue(issue, mentions: "expected the step to throw LogError, but it returned")
        }
        withKnownIssue {
            outcome.thenItThrows(LogError(.io, "disk full"))
        } matching: { issue in
            self.issue(issue, mentions: "expected the step to throw disk full, but it returned")
        }
    }

    @Test func thenItThrowsReportsADifferentError() throws {
        let scenario = LogScenario()
        let outcome = scenario.when { services in
            try services.log.append([.secretRevoked(id: "unknown")], now: services.now)
        }
        outcome.thenItThrows(LogError.self) { $0.kind == .input }.thenNothingIsAppended()
        withKnownIssue {
            outcome.thenItThrows(LogError(.io, "disk full"))
        } matching: { issue in
            self.issue(issue, mentions: "but it threw secret.revoked: unknown secret unknown")
        }
        withKnownIssue {
            outcome.thenItThrows(LogError.self) { $0.kind == .io }
        } matching: { issue in
            self.issue(issue, mentions: "the step threw LogError secret.revoked: unknown secret unknown, which does not match")
        }
    }

    @Test func thenReportsAStepThatThrewUnexpectedly() throws {
        let scenario = LogScenario()
        let outcome = scenario.when { services in
            try services.log.append([.secretRevoked(id: "unknown")], now: services.now)
        }
        withKnownIssue {
            outcome.then([])
        } matching: { issue in
            self.issue(issue, mentions: "the step threw secret.revoked: unknown secret unknown; use thenItThrows")
        }
    }

    @Test func reportsAtTheCallersSourceLocation() throws {
        let (_, outcome) = try revoking()
        let line = #line + 2
        withKnownIssue {
            outcome.then([])
        } matching: { issue in
            issue.sourceLocation?.line == line && issue.sourceLocation?.fileName == "ScenarioOutcomeTests.swift"
        }
    }

    @Test func expectEventsReportsTheFirstDifference() throws {
        let log = InMemoryLog()
        try log.append([.secretCreated(id: "key-1")], now: LogScenario.defaultStart)
        #expect(expectEvents(log.events, [.secretCreated(id: "key-1")]))
        withKnownIssue {
            expectEvents(log.events, [.secretCreated(id: "key-1", kind: .password)])
        } matching: { issue in
            self.issue(issue, mentions: #"data.kind: expected "password", actual "accessKey""#)
        }
    }

    @Test func givenRefusesAnInvalidEvent() {
        let scenario = LogScenario()
        #expect(throws: LogError.self) { try scenario.given([.secretRevoked(id: "never-created")]) }
        #expect(scenario.log.events.isEmpty)
    }

    @Test func createSecretKeepsTheValueInTheKeyringAndOnlyItsFingerprintInTheLog() throws {
        let scenario = LogScenario()
        try scenario.given([scenario.createSecret("key-1", value: "value-abc")])
        try scenario.given([scenario.rotateSecret("key-1", value: "value-def")])
        #expect(scenario.keyring.secret("key-1", version: 1) == Array("value-abc".utf8))
        #expect(scenario.keyring.secret("key-1", version: 2) == Array("value-def".utf8))
        #expect(scenario.log.events[0].data["hint"] == "abc")
        #expect(scenario.log.events[1].data["fingerprint"]
            == .string(scenario.keyring.fingerprint(of: Array("value-def".utf8))))
        #expect(!scenario.log.text.contains("value-abc") && !scenario.log.text.contains("value-def"))
    }
}
