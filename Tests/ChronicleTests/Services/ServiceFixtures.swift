import Chronicle
import ChronicleTesting

/// A tenant for the services tests, set up one hour before the scenario's clock:
/// - `key-1`: the signing access key, its value in the keyring;
/// - `sp-1` (service principal, credential `cred-sp`) and `mu-1` (master
///   user, credential `pwd-mu`), both members of `ws-1`;
/// - `ds-none` (no RLS) with report `rep-none`; `ds-cloud` (cloud RLS, roles
///   EU and US) with report `rep-cloud`; group `grp-eu` = {ann}, EU ← grp-eu.
enum ServiceFixtures {
    static let signingValue = "signing-value-0f3c9a"

    static func tenant(_ scenario: LogScenario) -> [EventDraft] {
        let setup = scenario.now.adding(milliseconds: -3_600_000)
        return [
            scenario.createSecret("key-1", value: signingValue, at: setup),
            .secretCreated(id: "cred-sp", kind: .clientSecret, owner: "sp-1",
                           expiresAt: scenario.now.adding(milliseconds: 365 * Timestamp.millisecondsPerDay)),
            .secretCreated(id: "pwd-mu", kind: .password, owner: "mu-1"),
            .principalRegistered(id: "sp-1", credential: "cred-sp"),
            .principalRegistered(id: "mu-1", kind: .masterUser, credential: "pwd-mu"),
            .workspaceMemberAdded(workspace: "ws-1", principal: "sp-1"),
            .workspaceMemberAdded(workspace: "ws-1", principal: "mu-1"),
            .datasetConfigured(id: "ds-none", workspace: "ws-1"),
            .reportRegistered(id: "rep-none", workspace: "ws-1", dataset: "ds-none"),
            .datasetConfigured(id: "ds-cloud", workspace: "ws-1", rls: .cloud, roles: ["EU", "US"]),
            .reportRegistered(id: "rep-cloud", workspace: "ws-1", dataset: "ds-cloud"),
            .groupMemberAdded(group: "grp-eu", user: "ann"),
            .rlsAssigned(dataset: "ds-cloud", role: "EU", member: "grp-eu"),
        ].map { draft in
            var draft = draft
            draft.time = draft.time ?? setup
            return draft
        }
    }

    /// A scenario with the tenant given.
    static func scenario() throws -> LogScenario {
        let scenario = LogScenario()
        try scenario.given(tenant(scenario))
        return scenario
    }

    /// A View request of `sp-1` for `rep-none`, Entra token valid two hours.
    static func viewRequest(_ scenario: LogScenario, reports: [String] = ["rep-none"],
                            identities: [JSONValue] = []) -> JSONValue {
        .issuanceRequest(principal: "sp-1", key: "key-1", workspace: "ws-1", reports: reports,
                         identities: identities, entraExpiresAt: scenario.now.adding(milliseconds: 7_200_000))
    }
}
