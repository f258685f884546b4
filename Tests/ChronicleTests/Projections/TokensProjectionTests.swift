import Testing
@testable import Chronicle

@Suite struct TokensProjectionTests {
    /// tok-b at t0 (60 min), tok-a at t0 (capped at 30 min), tok-c at t0+10m then revoked.
    static func scenario() -> Scenario {
        var scenario = Scenario.standard()
        scenario.issueAndRecord(issuanceRequest(), tokenId: "tok-b")
        scenario.issueAndRecord(issuanceRequest(entraExpiresAt: .t0.plus(minutes: 30)), tokenId: "tok-a")
        scenario.issueAndRecord(issuanceRequest(principal: "mu-1", renews: "tok-b"), tokenId: "tok-c",
                                at: .t0.plus(minutes: 10))
        scenario.record(.tokenRevoked(TokenRevoked(tokenId: "tok-c", reason: "r")), at: .t0.plus(minutes: 20))
        return scenario
    }

    @Test func allTokensAreSortedByIssuedAtThenTokenId() {
        let projection = TokensProjection(state: Self.scenario().state, asOf: .t0.plus(minutes: 30), seq: 9,
                                          includeAll: true)
        #expect(projection.tokens.map(\.tokenId) == ["tok-a", "tok-b", "tok-c"])
        #expect(projection.tokens.map(\.status) == [.expired, .active, .revoked])
        #expect(projection.tokens.map(\.remainingSeconds) == [0, 1800, 0])
        #expect(projection.tokens.map(\.lifetimeSeconds) == [1800, 3600, 3600])
        #expect(projection.tokens.map(\.cappedByEntra) == [true, false, false])
        #expect(projection.summary == TokensProjection.Summary(active: 1, expired: 1, revoked: 1, cappedByEntra: 1))
    }

    @Test func withoutAllOnlyActiveTokensAreListedButTheSummaryCountsEveryToken() {
        let projection = TokensProjection(state: Self.scenario().state, asOf: .t0.plus(minutes: 30), seq: 9)
        #expect(projection.tokens.map(\.tokenId) == ["tok-b"])
        #expect(projection.summary == TokensProjection.Summary(active: 1, expired: 1, revoked: 1, cappedByEntra: 1))
    }

    @Test func aTokenExpiresOnItsExpiryInstant() {
        let state = Self.scenario().state
        let before = TokensProjection(state: state, asOf: .t0.plus(minutes: 60, milliseconds: -1), seq: 0)
        #expect(before.tokens.map(\.remainingSeconds) == [0])
        #expect(before.tokens.map(\.status) == [.active])
        let on = TokensProjection(state: state, asOf: .t0.plus(minutes: 60), seq: 0, includeAll: true)
        #expect(on.tokens.first { $0.tokenId == "tok-b" }?.status == .expired)
        #expect(on.summary.active == 0)
    }

    @Test func theJSONHasExactlyTheSpecShape() {
        // As the command line does: fold only the events up to asOf.
        let asOf = Timestamp.t0.plus(minutes: 15)
        var state = AuditState()
        for event in Self.scenario().events where event.time <= asOf { state.apply(event) }
        let projection = TokensProjection(state: state, asOf: asOf, seq: 30, includeAll: true)
        let json = projection.json
        #expect(json["asOf"] == "2026-11-20T10:15:00.000Z")
        #expect(json["seq"] == 30)
        #expect(json["summary"] == ["active": 3, "expired": 0, "revoked": 0, "cappedByEntra": 1])
        #expect(json["tokens"]?.arrayValue?.last == [
            "tokenId": "tok-c", "principalId": "mu-1", "kid": "key-1@1", "issuedAt": "2026-11-20T10:10:00.000Z",
            "expiresAt": "2026-11-20T11:10:00.000Z", "lifetimeSeconds": 3600, "remainingSeconds": 3300,
            "cappedByEntra": false, "renews": "tok-b", "status": "active",
        ])
        #expect(json["tokens"]?.arrayValue?.first?["renews"] == .null)
    }

    @Test func theTableMarksCappedAndRevokedTokens() {
        let table = TokensProjection(state: Self.scenario().state, asOf: .t0.plus(minutes: 30), seq: 0,
                                     includeAll: true).table
        #expect(table.rows.map { $0[0] } == ["C", "", "R"])
        #expect(table.rows.map { $0[5] } == ["30m", "1h00m", "1h00m"])
        #expect(table.rows.allSatisfy { $0.count == table.columns.count })
        #expect(table.rows.allSatisfy { $0.joined(separator: "  ").count <= 80 })
    }

    @Test func writesTheSameBytesAsItsJSONTree() {
        for includeAll in [true, false] {
            for minutes: Int64 in [0, 5, 30, 90] {
                let projection = TokensProjection(state: Self.scenario().state, asOf: .t0.plus(minutes: minutes), seq: 9,
                                                  includeAll: includeAll)
                #expect(projection.jsonBytes == JSONWriter.serialize(projection.json))
            }
        }
        // Every conformance instant, with escapes in no id but every status and null renews.
        for organisation in ConformanceFiles.organisations {
            let events = ConformanceEvents.byOrganisation[organisation] ?? []
            var state = AuditState()
            for event in events {
                state.apply(event)
                let projection = TokensProjection(state: state, asOf: event.time, seq: event.seq, includeAll: true)
                if event.seq % 50 == 0 { #expect(projection.jsonBytes == JSONWriter.serialize(projection.json)) }
            }
        }
    }
}
