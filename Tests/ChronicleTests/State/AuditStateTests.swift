import Testing
@testable import Chronicle

@Suite struct AuditStateTests {
    /// Events that §3 calls invalid against ``Scenario/standard()``.
    static let invalidEvents: [(String, EventPayload)] = [
        ("secret.created for an existing secretId",
         .secretCreated(SecretCreated(secretId: "key-1", kind: .accessKey, owner: "o", hint: "h", fingerprint: "f",
                                      expiresAt: nil))),
        ("secret.rotated for an unknown secret",
         .secretRotated(SecretRotated(secretId: "nope", version: 2, hint: "h", fingerprint: "f", expiresAt: nil,
                                      previousValidUntil: nil))),
        ("secret.rotated skipping a version",
         .secretRotated(SecretRotated(secretId: "key-1", version: 3, hint: "h", fingerprint: "f", expiresAt: nil,
                                      previousValidUntil: nil))),
        ("secret.rotated repeating the current version",
         .secretRotated(SecretRotated(secretId: "key-1", version: 1, hint: "h", fingerprint: "f", expiresAt: nil,
                                      previousValidUntil: nil))),
        ("secret.revoked for an unknown secret", .secretRevoked(SecretRevoked(secretId: "nope", reason: "r"))),
        ("principal.registered for a known principal",
         .principalRegistered(PrincipalRegistered(principalId: "sp-1", kind: .masterUser, credentialSecretId: "x"))),
        ("token.revoked for a token never issued", .tokenRevoked(TokenRevoked(tokenId: "nope", reason: "r"))),
        ("rls.assigned for a role the dataset does not define",
         .rlsAssigned(RLSAssignment(datasetId: "ds-cloud", role: "APAC", member: "ann"))),
        ("rls.assigned on an unknown dataset",
         .rlsAssigned(RLSAssignment(datasetId: "nope", role: "EU", member: "ann"))),
    ]

    @Test(arguments: invalidEvents)
    func anInvalidEventIsIgnoredCountedAndRejectedByValidate(_ name: String, _ payload: EventPayload) {
        var scenario = Scenario.standard()
        let before = scenario.state.applied
        let candidate = makeEvent(payload, at: .t0, seq: scenario.seq + 1)
        #expect(scenario.state.validate(candidate) != nil, "\(name)")
        let (_, result) = scenario.fold(payload, at: .t0)
        guard case .ignored = result else {
            Issue.record("\(name): \(result)")
            return
        }
        #expect(scenario.state.ignored == 1)
        #expect(scenario.state.applied == before)
        #expect(scenario.state.secret(id: "key-1")?.version == 1)
        #expect(scenario.state.principal(id: "sp-1")?.kind == .servicePrincipal)
    }

    @Test func aRotationOfARevokedSecretIsInvalid() {
        var scenario = Scenario.standard()
        scenario.record(.secretRevoked(SecretRevoked(secretId: "key-1", reason: "leaked")), at: .t0)
        let (_, result) = scenario.fold(
            .secretRotated(SecretRotated(secretId: "key-1", version: 2, hint: "h", fingerprint: "f", expiresAt: nil,
                                         previousValidUntil: nil)), at: .t0)
        #expect(result == .ignored(reason: "secret.rotated: secret key-1 is revoked"))
    }

    @Test func dataThatDoesNotDecodeIsIgnoredWithTheMemberNamed() {
        var scenario = Scenario()
        let result = scenario.fold(type: "secret.revoked", data: ["reason": "r"], at: .t0)
        #expect(result == .ignored(reason: "data.secretId: expected a string, found nothing"))
        #expect(scenario.state.ignored == 1)
        let event = makeEvent(type: "secret.revoked", data: ["secretId": 1, "reason": "r"], at: .t0, seq: 2)
        #expect(scenario.state.validate(event) == "data.secretId: expected a string, found a number")
    }

    @Test func anUnknownTypeIsCountedNotIgnored() {
        var scenario = Scenario()
        #expect(scenario.fold(type: "audit.note", data: ["text": "hi"], at: .t0) == .unknownType)
        #expect(scenario.state.unknownTypes == 1)
        #expect(scenario.state.ignored == 0)
        #expect(scenario.state.lastSeq == 1)
        #expect(scenario.state.validate(makeEvent(type: "audit.note", data: [:], at: .t0, seq: 2)) == nil)
    }

    @Test func harmlessRepeatsApplyAndChangeNothing() {
        var scenario = Scenario.standard()
        scenario.record(.secretRevoked(SecretRevoked(secretId: "key-1", reason: "first")), at: .t0)
        scenario.record(.secretRevoked(SecretRevoked(secretId: "key-1", reason: "again")), at: .t0.plus(hours: 1))
        #expect(scenario.state.secret(id: "key-1")?.revokedAt == .t0)
        scenario.record(.rlsUnassigned(RLSAssignment(datasetId: "ds-cloud", role: "EU", member: "nobody")), at: .t0)
        scenario.record(.rlsUnassigned(RLSAssignment(datasetId: "nope", role: "EU", member: "ann")), at: .t0)
        scenario.record(.workspaceMemberRemoved(WorkspaceMembership(workspaceId: "ws-9", principalId: "sp-1")), at: .t0)
        scenario.record(.groupMemberRemoved(GroupMembership(groupId: "grp-eu", userId: "zed")), at: .t0)
        scenario.record(.groupMemberRemoved(GroupMembership(groupId: "grp-none", userId: "ann")), at: .t0)
        #expect(!scenario.state.isGroup("grp-none"))
        #expect(scenario.state.dataset(id: "ds-cloud")?.members(ofRole: "EU") == ["grp-eu"])
        #expect(scenario.state.ignored == 0)
    }

    @Test func aRepeatedTokenRevocationKeepsTheFirstTime() {
        var scenario = Scenario.standard()
        scenario.issueAndRecord(issuanceRequest(), tokenId: "tok-1")
        scenario.record(.tokenRevoked(TokenRevoked(tokenId: "tok-1", reason: "r")), at: .t0.plus(minutes: 5))
        scenario.record(.tokenRevoked(TokenRevoked(tokenId: "tok-1", reason: "r")), at: .t0.plus(minutes: 9))
        #expect(scenario.state.tokenInfo(id: "tok-1")?.isRevoked == true)
        #expect(scenario.state.tokenInfo(id: "tok-1")?.revokedAt == .t0.plus(minutes: 5))
    }

    @Test func aReportRegisteredAgainReplacesTheFirst() {
        var scenario = Scenario.standard()
        scenario.record(.reportRegistered(ReportRegistered(reportId: "rep-none", workspaceId: "ws-2", datasetId: "ds-other")),
                        at: .t0)
        #expect(scenario.state.report(id: "rep-none") == ReportRecord(reportId: "rep-none", workspaceId: "ws-2",
                                                                      datasetId: "ds-other"))
    }

    @Test func reconfiguringADatasetKeepsTheAssignmentsOfRolesItStillDefines() {
        var scenario = Scenario.standard()
        scenario.record(.datasetConfigured(DatasetConfigured(datasetId: "ds-cloud", workspaceId: "ws-2", rlsType: .sso,
                                                             roles: ["US", "APAC", "US"])), at: .t0)
        let dataset = scenario.state.dataset(id: "ds-cloud")
        #expect(dataset?.workspaceId == "ws-2")
        #expect(dataset?.rlsType == .sso)
        #expect(dataset?.roles == ["US", "APAC"])
        #expect(dataset?.members(ofRole: "US") == ["carl"])
        #expect(dataset?.members(ofRole: "APAC") == [])
        #expect(dataset?.defines(role: "EU") == false)
    }

    @Test func aRoleDefinedAgainStartsWithoutAssignments() {
        var scenario = Scenario.standard()
        scenario.record(.datasetConfigured(DatasetConfigured(datasetId: "ds-cloud", workspaceId: "ws-1", rlsType: .cloud,
                                                             roles: ["US"])), at: .t0)
        scenario.record(.datasetConfigured(DatasetConfigured(datasetId: "ds-cloud", workspaceId: "ws-1", rlsType: .cloud,
                                                             roles: ["US", "EU"])), at: .t0.plus(minutes: 1))
        #expect(scenario.state.dataset(id: "ds-cloud")?.members(ofRole: "EU") == [])
        #expect(scenario.state.assignedRoles(of: "ann", on: "ds-cloud") == [])
    }

    @Test func rotationsKeepTheirPreviousValidUntil() {
        var scenario = Scenario.standard()
        scenario.record(.secretRotated(SecretRotated(secretId: "key-1", version: 2, hint: "new", fingerprint: "f2",
                                                     expiresAt: .t0.plus(days: 90),
                                                     previousValidUntil: .t0.plus(hours: 1))), at: .t0)
        scenario.record(.secretRotated(SecretRotated(secretId: "key-1", version: 3, hint: "nxt", fingerprint: "f3",
                                                     expiresAt: nil, previousValidUntil: nil)), at: .t0.plus(hours: 2))
        let secret = scenario.state.secret(id: "key-1")
        #expect(secret?.version == 3)
        #expect(secret?.hint == "nxt")
        #expect(secret?.expiresAt == nil)
        #expect(secret?.createdAt == Timestamp.t0.plus(days: -1))
        #expect(secret?.rotatedAt == Timestamp.t0.plus(hours: 2))
        #expect(secret?.rotations.map(\.previousValidUntil) == [Timestamp.t0.plus(hours: 1), nil])
        // Version 1 passes until the grace period of the rotation that created 2 ends.
        #expect(secret?.isSuperseded(version: 1, at: .t0.plus(minutes: 59)) == false)
        #expect(secret?.isSuperseded(version: 1, at: .t0.plus(hours: 1)) == true)
        // Version 2 was superseded at once (previousValidUntil null).
        #expect(secret?.isSuperseded(version: 2, at: .t0.plus(hours: 2)) == true)
        #expect(secret?.isSuperseded(version: 3, at: .t0.plus(days: 400)) == false)
    }

    @Test func aGroupStaysAGroupWhenItEmpties() {
        var scenario = Scenario.standard()
        scenario.record(.groupMemberRemoved(GroupMembership(groupId: "grp-eu", userId: "ann")), at: .t0)
        scenario.record(.groupMemberRemoved(GroupMembership(groupId: "grp-eu", userId: "bob")), at: .t0)
        #expect(scenario.state.isGroup("grp-eu"))
        #expect(scenario.state.users(inGroup: "grp-eu").isEmpty)
        #expect(scenario.state.groups(ofUser: "ann").isEmpty)
        #expect(scenario.state.resolvedUsers(of: ["grp-eu", "dan"]) == ["dan"])
    }

    @Test func assignedRolesCountDirectAndGroupAssignments() {
        let state = Scenario.standard().state
        #expect(Set(state.assignedRoles(of: "ann", on: "ds-cloud")) == ["EU", "Managers"])
        #expect(state.assignedRoles(of: "bob", on: "ds-cloud") == ["EU"])
        #expect(state.assignedRoles(of: "carl", on: "ds-cloud") == ["US"])
        #expect(state.assignedRoles(of: "zed", on: "ds-cloud") == [])
        #expect(state.assignedRoles(of: "ann", on: "nope") == [])
    }

    @Test func aTokenRemembersItsPrincipalsKindAtIssuanceAndItsEntraCap() {
        var scenario = Scenario.standard()
        scenario.issueAndRecord(issuanceRequest(principal: "mu-1", entraExpiresAt: .t0.plus(minutes: 30)), tokenId: "tok-mu")
        let token = scenario.state.tokenInfo(id: "tok-mu")
        #expect(token?.principalId == "mu-1")
        #expect(token?.principalKind == .masterUser)
        #expect(token?.kid == "key-1@1")
        #expect(token?.issuedAt == .t0)
        #expect(token?.expiresAt == .t0.plus(minutes: 30))
        #expect(token?.cappedByEntra == true)
        #expect(token?.isRevoked == false)
    }

    @Test func workspaceMembershipsAreRecordedForUnregisteredPrincipalsToo() {
        var scenario = Scenario()
        scenario.record(.workspaceMemberAdded(WorkspaceMembership(workspaceId: "ws-1", principalId: "ghost")), at: .t0)
        #expect(scenario.state.isMember("ghost", ofWorkspace: "ws-1"))
        scenario.record(.workspaceMemberRemoved(WorkspaceMembership(workspaceId: "ws-1", principalId: "ghost")), at: .t0)
        #expect(!scenario.state.isMember("ghost", ofWorkspace: "ws-1"))
    }
}
