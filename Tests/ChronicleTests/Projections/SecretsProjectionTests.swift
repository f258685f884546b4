import Testing
@testable import Chronicle

@Suite struct SecretsProjectionTests {
    static func secret(_ id: String, expiresAt: Timestamp?) -> EventPayload {
        .secretCreated(SecretCreated(secretId: id, kind: .accessKey, owner: "admin", hint: "xyz", fingerprint: "fp-\(id)",
                                     expiresAt: expiresAt))
    }

    func project(_ scenario: Scenario, at asOf: Timestamp) -> SecretsProjection {
        SecretsProjection(state: scenario.state, asOf: asOf, seq: scenario.seq)
    }

    @Test(arguments: [
        (Timestamp.t0.plus(days: 31), SecretStatus.active, 31 as Int64?),
        (Timestamp.t0.plus(days: 30), .expiring, 30),
        (Timestamp.t0.plus(days: 30, milliseconds: 1), .active, 30),
        (Timestamp.t0.plus(milliseconds: 1), .expiring, 0),
        (Timestamp.t0, .expired, 0),
        (Timestamp.t0.plus(milliseconds: -1), .expired, -1),
        (Timestamp.t0.plus(days: -2, hours: -1), .expired, -3),
    ])
    func statusAndDaysLeftFollowTheExpiry(_ expiresAt: Timestamp, _ status: SecretStatus, _ daysLeft: Int64?) {
        var scenario = Scenario()
        scenario.record(Self.secret("s", expiresAt: expiresAt), at: .t0.plus(days: -10))
        let row = project(scenario, at: .t0).secrets.first
        #expect(row?.status == status)
        #expect(row?.daysLeft == daysLeft)
    }

    @Test func aSecretWithoutExpiryIsActiveWithNullDaysLeft() {
        var scenario = Scenario()
        scenario.record(Self.secret("s", expiresAt: nil), at: .t0)
        let json = project(scenario, at: .t0).json
        #expect(json["secrets"]?.arrayValue?.first?["daysLeft"] == .null)
        #expect(json["secrets"]?.arrayValue?.first?["expiresAt"] == .null)
        #expect(json["secrets"]?.arrayValue?.first?["rotatedAt"] == .null)
        #expect(json["secrets"]?.arrayValue?.first?["status"] == "active")
    }

    @Test func revokedTakesPrecedenceAndStillCountsDaysLeft() {
        var scenario = Scenario()
        scenario.record(Self.secret("s", expiresAt: .t0.plus(days: -1)), at: .t0.plus(days: -5))
        scenario.record(.secretRevoked(SecretRevoked(secretId: "s", reason: "leaked")), at: .t0.plus(days: -4))
        let row = project(scenario, at: .t0).secrets.first
        #expect(row?.status == .revoked)
        #expect(row?.daysLeft == -1)
    }

    @Test func theJSONHasExactlyTheSpecShape() {
        var scenario = Scenario()
        scenario.record(Self.secret("s", expiresAt: .t0.plus(days: 90)), at: .t0.plus(days: -1))
        scenario.record(.secretRotated(SecretRotated(secretId: "s", version: 2, hint: "new", fingerprint: "fp-2",
                                                     expiresAt: .t0.plus(days: 10), previousValidUntil: nil)),
                        at: .t0.plus(hours: -1))
        let json = SecretsProjection(state: scenario.state, asOf: .t0, seq: 7).json
        #expect(json == [
            "asOf": "2026-11-20T10:00:00.000Z", "seq": 7,
            "secrets": [[
                "secretId": "s", "kind": "accessKey", "owner": "admin", "version": 2, "hint": "new",
                "fingerprint": "fp-2", "createdAt": "2026-11-19T10:00:00.000Z", "rotatedAt": "2026-11-20T09:00:00.000Z",
                "expiresAt": "2026-11-30T10:00:00.000Z", "status": "expiring", "daysLeft": 10,
            ]],
        ])
    }

    @Test func secretsAreSortedByCodePoint() {
        var scenario = Scenario()
        for id in ["b", "å", "B", "a-2", "a"] { scenario.record(Self.secret(id, expiresAt: nil), at: .t0) }
        #expect(project(scenario, at: .t0).secrets.map(\.secretId) == ["B", "a", "a-2", "b", "å"])
    }

    @Test func anEmptyStateProjectsAnEmptyList() {
        #expect(SecretsProjection(state: AuditState(), asOf: .t0, seq: 0).json
                    == ["asOf": "2026-11-20T10:00:00.000Z", "seq": 0, "secrets": []])
    }

    @Test func theTableFlagsSecretsThatNeedAttention() {
        var scenario = Scenario()
        scenario.record(Self.secret("ok", expiresAt: nil), at: .t0)
        scenario.record(Self.secret("soon", expiresAt: .t0.plus(days: 3)), at: .t0)
        scenario.record(Self.secret("gone", expiresAt: .t0), at: .t0)
        let table = project(scenario, at: .t0).table
        #expect(table.columns.count == table.rows.first?.count)
        #expect(table.rows.map { $0[0] + $0[1] } == ["!gone", "ok", "!soon"])
        #expect(table.rows.map { $0[5] } == ["2026-11-20", "never", "2026-11-23"])
        #expect(table.rows.allSatisfy { $0.joined(separator: "  ").count <= 80 })
    }
}
