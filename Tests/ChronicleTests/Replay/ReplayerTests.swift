import Testing
@testable import Chronicle

@Suite struct ReplayerTests {
    /// A consistent log: setup the day before t0, then at t0 an issuance, a
    /// rejection and two decisions, and an unknown-type note.
    static func consistentLog() -> Scenario {
        var scenario = Scenario.standard()
        let token = scenario.issueAndRecord(issuanceRequest(entraExpiresAt: .t0.plus(minutes: 30)), tokenId: "tok-1")
        scenario.record(.tokenRejected(TokenRejected(requestId: "req-2", request: issuanceRequest(key: "ghost"),
                                                     reasons: ["key.unknown"])), at: .t0)
        if let token {
            scenario.decideAndRecord(accessRequest(), presented(token), at: .t0.plus(minutes: 1))
            scenario.decideAndRecord(accessRequest(report: "rep-rdl"), presented(token), at: .t0.plus(minutes: 2))
        }
        scenario.fold(type: "audit.note", data: ["text": "hello"], at: .t0.plus(minutes: 3))
        return scenario
    }

    func replay(_ events: [Event], from: Timestamp? = nil, to: Timestamp? = nil) -> ReplayReport {
        var replayer = Replayer(from: from, to: to)
        for event in events { replayer.consume(event) }
        return replayer.finish()
    }

    @Test func aConsistentLogReplaysWithoutDivergence() {
        let scenario = Self.consistentLog()
        let report = replay(scenario.events)
        #expect(report.events == scenario.events.count)
        #expect(report.checked == 4)
        #expect(report.matched == 4)
        #expect(!report.hasDivergences)
        #expect(report.allowed == 1 && report.denied == 1)
        #expect(report.decisionsByReason == ["resource.not_in_token": 1])
        #expect(report.issuance == ReplayReport.IssuanceCounts(issued: 1, rejected: 1, cappedByEntra: 1))
        #expect(report.issuanceByPrincipal == ["sp-1": ReplayReport.IssuanceCounts(issued: 1, rejected: 1, cappedByEntra: 1)])
        #expect(report.unknownTypeEvents == 1)
        #expect(report.ignoredEvents == 0)
    }

    @Test func theReportHasExactlyTheSpecShape() {
        let json = replay(Self.consistentLog().events, from: .t0, to: .t0.plus(minutes: 2)).json
        #expect(json == [
            "window": ["from": "2026-11-20T10:00:00.000Z", "to": "2026-11-20T10:02:00.000Z"],
            "events": 3, "checked": 3, "matched": 3, "divergences": [],
            "decisions": ["allow": 1, "deny": 0, "byReason": [:]],
            "tokens": ["issued": 1, "rejected": 1, "cappedByEntra": 1,
                       "byPrincipal": ["sp-1": ["issued": 1, "rejected": 1, "cappedByEntra": 1]]],
            "integrity": "ok",
        ])
        #expect(replay([]).json["window"] == ["from": nil, "to": nil])
    }

    @Test func aDecisionThatDoesNotFollowThePolicyDiverges() {
        var scenario = Scenario.standard()
        guard let token = scenario.issueAndRecord(issuanceRequest(), tokenId: "tok-1") else { return }
        let forged = AccessOutcome(effect: .allow, reasons: [], roles: [])
        scenario.record(.accessDecided(AccessDecided(decisionId: "d1", request: accessRequest(report: "rep-rdl"),
                                                     token: presented(token), outcome: forged, policy: "2026.11")),
                        at: .t0.plus(minutes: 1))
        let report = replay(scenario.events)
        #expect(report.checked == 2 && report.matched == 1)
        #expect(report.divergences == [
            ReplayReport.Divergence(
                seq: scenario.seq, type: "access.decided", id: "event-\(scenario.seq)",
                recorded: ["effect": "allow", "reasons": [], "roles": []],
                replayed: ["effect": "deny", "reasons": ["resource.not_in_token"], "roles": []]),
        ])
        // What was recorded is what is counted.
        #expect(report.allowed == 1 && report.denied == 0)
    }

    @Test func aDivergingRoleListIsADivergence() {
        var scenario = Scenario.standard()
        let request = issuanceRequest(reports: ["rep-cloud"], identities: [identity("ann", roles: ["EU", "Managers"],
                                                                                   datasets: ["ds-cloud"])])
        guard let token = scenario.issueAndRecord(request, tokenId: "tok-1") else { return }
        let recorded = AccessOutcome(effect: .allow, reasons: [], roles: ["EU"])
        scenario.record(.accessDecided(AccessDecided(decisionId: "d1", request: accessRequest(report: "rep-cloud"),
                                                     token: presented(token), outcome: recorded, policy: "2026.11")),
                        at: .t0)
        #expect(replay(scenario.events).divergences.first?.replayed == ["effect": "allow", "reasons": [],
                                                                         "roles": ["EU", "Managers"]])
    }

    @Test func anIssuanceThePolicyWouldHaveRejectedDiverges() {
        var scenario = Scenario.standard()
        scenario.record(.secretRevoked(SecretRevoked(secretId: "key-1", reason: "leaked")), at: .t0)
        scenario.record(.tokenIssued(TokenIssued(tokenId: "tok-1", request: issuanceRequest(), kid: "key-1@1",
                                                 scopes: ["Report.Read"], claims: [:], expiresAt: .t0.plus(hours: 1),
                                                 tokenHash: "h", renews: nil)), at: .t0)
        let divergence = replay(scenario.events).divergences.first
        #expect(divergence?.type == "token.issued")
        #expect(divergence?.recorded == ["accepted": true, "reasons": [], "scopes": ["Report.Read"],
                                         "expiresAt": "2026-11-20T11:00:00.000Z"])
        #expect(divergence?.replayed == ["accepted": false, "reasons": ["key.revoked"], "scopes": nil, "expiresAt": nil])
    }

    @Test func anIssuanceWithTheWrongExpiryOrScopesDiverges() {
        var scenario = Scenario.standard()
        scenario.record(.tokenIssued(TokenIssued(tokenId: "tok-1", request: issuanceRequest(), kid: "key-1@1",
                                                 scopes: ["Report.Read"], claims: [:], expiresAt: .t0.plus(hours: 2),
                                                 tokenHash: "h", renews: nil)), at: .t0)
        scenario.record(.tokenIssued(TokenIssued(tokenId: "tok-2", request: issuanceRequest(), kid: "key-1@1",
                                                 scopes: ["Report.ReadWrite"], claims: [:], expiresAt: .t0.plus(hours: 1),
                                                 tokenHash: "h", renews: nil)), at: .t0)
        scenario.record(.tokenRejected(TokenRejected(requestId: "r-3", request: issuanceRequest(),
                                                     reasons: ["key.unknown"])), at: .t0)
        let report = replay(scenario.events)
        #expect(report.divergences.map(\.seq) == [scenario.seq - 2, scenario.seq - 1, scenario.seq])
        #expect(report.divergences.last?.replayed["accepted"] == true)
    }

    @Test func aDecisionUnderAnUnknownPolicyIsCheckedButNeverMatched() {
        var scenario = Scenario.standard()
        guard let token = scenario.issueAndRecord(issuanceRequest(), tokenId: "tok-1") else { return }
        // The outcome agrees with today's rules, but the policy is not one this project knows.
        let outcome = scenario.decideAndRecord(accessRequest(), presented(token), at: .t0, policy: "2025.04")
        let report = replay(scenario.events)
        #expect(report.checked == 2 && report.matched == 1)
        #expect(report.divergences.first?.recorded == outcome.json)
        #expect(report.divergences.first?.replayed == ["effect": nil, "reasons": ["policy.unknown"], "roles": nil])
        #expect(report.allowed == 1)
        #expect(report.hasDivergences)
    }

    @Test func eventsBeforeTheWindowBuildStateButAreNotCounted() {
        var scenario = Scenario.standard()
        guard let token = scenario.issueAndRecord(issuanceRequest(), tokenId: "tok-1") else { return }
        scenario.record(.tokenRevoked(TokenRevoked(tokenId: "tok-1", reason: "r")), at: .t0.plus(minutes: 1))
        scenario.decideAndRecord(accessRequest(), presented(token), at: .t0.plus(minutes: 2))
        let report = replay(scenario.events, from: .t0.plus(minutes: 2), to: .t0.plus(minutes: 3))
        #expect(report.events == 1)
        #expect(report.checked == 1 && report.matched == 1)
        #expect(report.decisionsByReason == ["token.revoked": 1])
        #expect(report.issuance == ReplayReport.IssuanceCounts())
    }

    @Test func theWindowIncludesFromAndExcludesTo() {
        let events = Self.consistentLog().events
        // The issuance and the rejection happen exactly at t0.
        #expect(replay(events, from: .t0).checked == 4)
        #expect(replay(events, to: .t0).checked == 0)
        #expect(replay(events, from: .t0.plus(milliseconds: 1)).checked == 2)
        #expect(replay(events, to: .t0.plus(minutes: 2)).checked == 3)
    }

    @Test func invalidEventsAreFoldedAsIgnoredAndCounted() {
        var scenario = Scenario.standard()
        scenario.fold(.secretRevoked(SecretRevoked(secretId: "ghost", reason: "r")), at: .t0)
        scenario.fold(type: "secret.created", data: ["secretId": 5], at: .t0)
        var replayer = Replayer(from: nil, to: nil)
        for event in scenario.events { replayer.consume(event) }
        #expect(replayer.ignoredEvents == 2)
        #expect(replayer.unknownTypeEvents == 0)
        #expect(replayer.finish().ignoredEvents == 2)
    }

    @Test func anUndecodableCheckedEventStillGetsCompared() {
        var scenario = Scenario.standard()
        scenario.fold(type: "token.issued", data: ["request": issuanceRequest()], at: .t0)
        let report = replay(scenario.events)
        #expect(report.checked == 1)
        #expect(report.divergences.first?.recorded == ["accepted": true, "reasons": [], "scopes": nil, "expiresAt": nil])
    }

    @Test func aRequestWithoutAStringPrincipalIsCountedUnderItsJSONText() {
        var scenario = Scenario.standard()
        let request = issuanceRequest().setting("principalId", ["id": "sp-1"])
        scenario.record(.tokenRejected(TokenRejected(requestId: "r", request: request, reasons: ["request.invalid"])),
                        at: .t0)
        let report = replay(scenario.events)
        #expect(report.matched == 1)
        #expect(report.issuanceByPrincipal.keys.sorted() == [#"{"id":"sp-1"}"#])
    }
}
