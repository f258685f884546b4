import Testing
@testable import Chronicle

@Suite struct RLSProjectionTests {
    @Test func rolesListTheirDirectMembersAndResolvedUsers() {
        var scenario = Scenario.standard()
        scenario.record(.rlsAssigned(RLSAssignment(datasetId: "ds-cloud", role: "EU", member: "zoe")), at: .t0)
        let projection = RLSProjection(state: scenario.state, asOf: .t0, seq: scenario.seq)
        #expect(projection.datasets.map(\.datasetId) == ["ds-cloud", "ds-none", "ds-other", "ds-rdl"])
        let cloud = projection.datasets.first
        #expect(cloud?.roles.map(\.role) == ["EU", "Managers", "US"])
        #expect(cloud?.roles.first == RLSProjection.Role(role: "EU", members: ["grp-eu", "zoe"], users: ["ann", "bob", "zoe"]))
        #expect(projection.datasets[1].roles.isEmpty)
        #expect(projection.datasets[2].roles == [RLSProjection.Role(role: "EU", members: [], users: [])])
    }

    @Test func groupChangesShowInTheUsers() {
        var scenario = Scenario.standard()
        scenario.record(.groupMemberRemoved(GroupMembership(groupId: "grp-eu", userId: "ann")), at: .t0)
        scenario.record(.groupMemberAdded(GroupMembership(groupId: "grp-eu", userId: "Ann")), at: .t0)
        let eu = RLSProjection(state: scenario.state, asOf: .t0, seq: 0).datasets.first?.roles.first
        #expect(eu?.users == ["Ann", "bob"])
    }

    @Test func droppedRolesAreNotListedAndComeBackEmpty() {
        var scenario = Scenario.standard()
        scenario.record(.datasetConfigured(DatasetConfigured(datasetId: "ds-cloud", workspaceId: "ws-1", rlsType: .sso,
                                                             roles: ["US"])), at: .t0)
        var cloud = RLSProjection(state: scenario.state, asOf: .t0, seq: 0).datasets.first
        #expect(cloud?.rlsType == .sso)
        #expect(cloud?.roles == [RLSProjection.Role(role: "US", members: ["carl"], users: ["carl"])])
        scenario.record(.datasetConfigured(DatasetConfigured(datasetId: "ds-cloud", workspaceId: "ws-1", rlsType: .sso,
                                                             roles: ["US", "EU"])), at: .t0)
        cloud = RLSProjection(state: scenario.state, asOf: .t0, seq: 0).datasets.first
        #expect(cloud?.roles.map(\.members) == [[], ["carl"]])
    }

    @Test func theJSONHasExactlyTheSpecShape() {
        var scenario = Scenario()
        scenario.record(.datasetConfigured(DatasetConfigured(datasetId: "d", workspaceId: "w", rlsType: .cloud,
                                                             roles: ["R"])), at: .t0)
        #expect(RLSProjection(state: scenario.state, asOf: .t0, seq: 1).json == [
            "asOf": "2026-11-20T10:00:00.000Z", "seq": 1,
            "datasets": [["datasetId": "d", "workspaceId": "w", "rlsType": "cloud",
                          "roles": [["role": "R", "members": [], "users": []]]]],
        ])
    }

    @Test func theTableHasOneRowPerDatasetAndRole() {
        let table = RLSProjection(state: Scenario.standard().state, asOf: .t0, seq: 0).table
        #expect(table.rows.map { $0[0] + "/" + $0[2] } == [
            "ds-cloud/EU", "ds-cloud/Managers", "ds-cloud/US", "ds-none/-", "ds-other/EU", "ds-rdl/EU",
        ])
        #expect(table.rows.first?[3] == "grp-eu")
        #expect(table.rows.first?[4] == "2")
    }
}
