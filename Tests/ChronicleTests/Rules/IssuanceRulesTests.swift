import Testing
@testable import Chronicle

@Suite struct IssuanceRulesTests {
    let scenario = Scenario.standard()

    // MARK: request.invalid

    static let outOfDomain: [(String, JSONValue)] = [
        ("not an object", ["principalId", "sp-1"]),
        ("unknown accessLevel", issuanceRequest(level: "Owner")),
        ("lifetimeMinutes not an integer literal", issuanceRequest(lifetimeMinutes: 60.0)),
        ("lifetimeMinutes a fraction", issuanceRequest(lifetimeMinutes: 1.5)),
        ("lifetimeMinutes zero", issuanceRequest(lifetimeMinutes: 0)),
        ("lifetimeMinutes negative", issuanceRequest(lifetimeMinutes: -5)),
        ("lifetimeMinutes a string", issuanceRequest(lifetimeMinutes: "60")),
        ("entraTokenExpiresAt missing", issuanceRequest().setting("entraTokenExpiresAt", nil)),
        ("entraTokenExpiresAt empty", issuanceRequest().setting("entraTokenExpiresAt", "")),
        ("entraTokenExpiresAt not a time", issuanceRequest().setting("entraTokenExpiresAt", 1_795_168_800)),
        ("principalId missing", issuanceRequest().setting("principalId", nil)),
        ("principalId an object", issuanceRequest().setting("principalId", ["id": "sp-1"])),
        ("signingSecretId missing", issuanceRequest().setting("signingSecretId", nil)),
        ("workspaceId null", issuanceRequest().setting("workspaceId", .null)),
        ("accessLevel missing", issuanceRequest().setting("accessLevel", nil)),
        ("allowSaveAs null", issuanceRequest().setting("allowSaveAs", .null)),
        ("allowSaveAs a string", issuanceRequest().setting("allowSaveAs", "yes")),
        ("reports not an array", issuanceRequest().setting("reports", "rep-none")),
        ("datasets holding a number", issuanceRequest().setting("datasets", [1])),
        ("targetWorkspaces holding null", issuanceRequest().setting("targetWorkspaces", [nil])),
        ("identities not an array", issuanceRequest().setting("identities", true)),
        ("identity without roles", issuanceRequest(identities: [["username": "ann", "datasets": []]])),
        ("identity with a null dataset", issuanceRequest(identities: [["username": "ann", "roles": [], "datasets": [nil]]])),
        ("identity with an extra member",
         issuanceRequest(identities: [["username": "ann", "roles": [], "datasets": [], "customData": "x"]])),
        ("identity username a number", issuanceRequest(identities: [["username": 1, "roles": [], "datasets": []]])),
        ("renews a number", issuanceRequest().setting("renews", 5)),
    ]

    @Test(arguments: outOfDomain)
    func aRequestOutsideTheDomainsIsInvalidAndNothingElseIsChecked(_ name: String, _ request: JSONValue) {
        // Far later the credential and the Entra token have expired too: only request.invalid is reported.
        #expect(scenario.rejections(request, at: .t0.plus(days: 900)) == ["request.invalid"], "\(name)")
    }

    @Test(arguments: [
        ("lifetimeMinutes absent", issuanceRequest()),
        ("lifetimeMinutes null", issuanceRequest(lifetimeMinutes: .null)),
        ("optional arrays null",
         issuanceRequest().setting("targetWorkspaces", .null).setting("identities", .null).setting("datasets", .null)),
        ("optional members absent",
         issuanceRequest().setting("targetWorkspaces", nil).setting("identities", nil).setting("datasets", nil)
            .setting("allowSaveAs", nil).setting("renews", nil)),
        ("unknown members", issuanceRequest().setting("customData", "x")),
    ] as [(String, JSONValue)])
    func optionalMembersTakeTheirDefaults(_ name: String, _ request: JSONValue) {
        guard case .accepted(let token) = scenario.issue(request) else {
            Issue.record("\(name): rejected")
            return
        }
        #expect(token.expiresAt == .t0.plus(minutes: 60), "\(name)")
        #expect(token.scopes == ["Report.Read"])
        #expect(token.renews == nil)
    }

    // MARK: Rules 1–10, one at a time

    @Test func principalUnknownSkipsTheCredentialAndRLSRulesButNotMembership() {
        // rdl + cloud datasets, no identity: rules 8 and 9 would apply to a known principal.
        let request = issuanceRequest(principal: "ghost", reports: ["rep-rdl", "rep-cloud"])
        #expect(scenario.rejections(request) == ["principal.unknown", "workspace.not_member"])
        #expect(!scenario.rejections(issuanceRequest(principal: "sp-1")).contains("principal.unknown"))

        var withMembership = scenario
        withMembership.record(.workspaceMemberAdded(WorkspaceMembership(workspaceId: "ws-1", principalId: "ghost")),
                              at: .t0)
        #expect(withMembership.rejections(request) == ["principal.unknown"])
    }

    @Test(arguments: [
        ("credential.unknown", "ghost-secret", nil as Timestamp?, false),
        ("credential.revoked", "cred-x", nil, true),
        ("credential.expired", "cred-x", Timestamp.t0, false),
        ("credential.revoked", "cred-x", Timestamp.t0, true),
    ])
    func theCredentialMustBeKnownUnrevokedAndUnexpired(
        _ reason: String, _ credential: String, _ expiresAt: Timestamp?, _ revoked: Bool
    ) {
        var scenario = Scenario.standard()
        scenario.record(.secretCreated(SecretCreated(secretId: "cred-x", kind: .clientSecret, owner: "sp-2", hint: "h",
                                                     fingerprint: "f", expiresAt: expiresAt)), at: .t0.plus(days: -1))
        if revoked { scenario.record(.secretRevoked(SecretRevoked(secretId: "cred-x", reason: "r")), at: .t0) }
        scenario.record(.principalRegistered(PrincipalRegistered(principalId: "sp-2", kind: .servicePrincipal,
                                                                 credentialSecretId: credential)), at: .t0)
        scenario.record(.workspaceMemberAdded(WorkspaceMembership(workspaceId: "ws-1", principalId: "sp-2")), at: .t0)
        #expect(scenario.rejections(issuanceRequest(principal: "sp-2")) == [reason])
        #expect(scenario.rejections(issuanceRequest(principal: "sp-2"), at: .t0.plus(milliseconds: -1))
                    == (reason == "credential.expired" ? [] : [reason]))
    }

    @Test func theSeedCaseAnExpiredClientSecretStopsEverything() {
        // cred-sp expires a year after t0.
        let later = Timestamp.t0.plus(days: 365)
        #expect(scenario.rejections(issuanceRequest(entraExpiresAt: later.plus(hours: 1)), at: later)
                    == ["credential.expired"])
    }

    @Test func theSigningKeyMustBeKnownUnrevokedAndUnexpired() {
        var scenario = Scenario.standard()
        #expect(scenario.rejections(issuanceRequest(key: "ghost")) == ["key.unknown"])
        scenario.record(.secretCreated(SecretCreated(secretId: "key-exp", kind: .accessKey, owner: "o", hint: "h",
                                                     fingerprint: "f", expiresAt: .t0)), at: .t0.plus(days: -1))
        #expect(scenario.rejections(issuanceRequest(key: "key-exp")) == ["key.expired"])
        #expect(scenario.rejections(issuanceRequest(key: "key-exp"), at: .t0.plus(milliseconds: -1)) == [])
        scenario.record(.secretRevoked(SecretRevoked(secretId: "key-exp", reason: "r")), at: .t0)
        #expect(scenario.rejections(issuanceRequest(key: "key-exp")) == ["key.revoked"])
        #expect(scenario.rejections(issuanceRequest(key: "key-1")) == [])
    }

    @Test func anExpiredEntraTokenIsRejected() {
        #expect(scenario.rejections(issuanceRequest(entraExpiresAt: .t0)) == ["entra.expired"])
        #expect(scenario.rejections(issuanceRequest(entraExpiresAt: .t0.plus(milliseconds: 1))) == [])
    }

    @Test func myWorkspaceCannotEmbedAndIsNeverCheckedForMembership() {
        #expect(scenario.rejections(issuanceRequest(workspace: "me", reports: [])) == ["workspace.personal"])
        #expect(scenario.rejections(issuanceRequest(reports: [], targetWorkspaces: ["me"])) == [])
    }

    @Test(arguments: [
        ("the request's workspace", issuanceRequest(principal: "mu-1", workspace: "ws-2", reports: [])),
        ("a report's workspace", issuanceRequest(principal: "mu-1", reports: ["rep-other"], identities: [])),
        ("a dataset's workspace", issuanceRequest(principal: "mu-1", reports: [], datasets: ["ds-other"])),
        ("a target workspace", issuanceRequest(principal: "mu-1", reports: [], targetWorkspaces: ["ws-2"])),
    ] as [(String, JSONValue)])
    func everyWorkspaceTheRequestTouchesNeedsMembership(_ name: String, _ request: JSONValue) {
        #expect(scenario.rejections(request) == ["workspace.not_member"], "\(name)")
        // sp-1 is a member of ws-2 (rule 9 aside).
        let asMember = request.setting("principalId", "sp-1")
            .setting("identities", [identity("ann", datasets: ["ds-other"])])
        #expect(!scenario.rejections(asMember).contains("workspace.not_member"), "\(name)")
    }

    @Test func unregisteredReportsAndDatasetsAreUnknownResources() {
        #expect(scenario.rejections(issuanceRequest(reports: ["rep-ghost"])) == ["resource.unknown"])
        #expect(scenario.rejections(issuanceRequest(reports: [], datasets: ["ds-ghost"])) == ["resource.unknown"])
        #expect(scenario.rejections(issuanceRequest(reports: ["rep-none"], datasets: ["ds-none"])) == [])
    }

    @Test func aMasterUserCannotEmbedAnRDLDataset() {
        #expect(scenario.rejections(issuanceRequest(principal: "mu-1", reports: ["rep-rdl"])) == ["rdl.master_user"])
        #expect(scenario.rejections(issuanceRequest(principal: "mu-1", reports: [], datasets: ["ds-rdl"]))
                    == ["rdl.master_user"])
        // A service principal may, and RDL needs no identity.
        #expect(scenario.rejections(issuanceRequest(principal: "sp-1", reports: ["rep-rdl"])) == [])
    }

    @Test func aServicePrincipalNeedsAnIdentityNamingEveryRLSDataset() {
        let identities = [identity("ann", roles: ["EU"], datasets: ["ds-cloud"])]
        #expect(scenario.rejections(issuanceRequest(reports: ["rep-cloud"])) == ["rls.identity_required"])
        #expect(scenario.rejections(issuanceRequest(reports: [], datasets: ["ds-cloud"])) == ["rls.identity_required"])
        #expect(scenario.rejections(issuanceRequest(reports: ["rep-cloud"], identities: identities)) == [])
        // Any identity may name it, not only the first.
        let second = [identity("bob", datasets: ["ds-none"]), identity("ann", datasets: ["ds-cloud"])]
        #expect(scenario.rejections(issuanceRequest(reports: ["rep-cloud"], identities: second)) == [])
        // An identity with an empty username counts as none.
        let empty = [identity("", datasets: ["ds-cloud"])]
        #expect(scenario.rejections(issuanceRequest(reports: ["rep-cloud"], identities: empty))
                    == ["rls.identity_required"])
        // A master user needs none.
        #expect(scenario.rejections(issuanceRequest(principal: "mu-1", reports: ["rep-cloud"])) == [])
    }

    @Test func createNeedsADatasetOfItsOwn() {
        #expect(scenario.rejections(issuanceRequest(reports: ["rep-none"], level: "Create"))
                    == ["create.dataset_required"])
        #expect(scenario.rejections(issuanceRequest(reports: [], datasets: ["ds-none"], level: "Create")) == [])
        #expect(scenario.rejections(issuanceRequest(reports: ["rep-none"], level: "Edit")) == [])
    }

    @Test func everyReasonThatAppliesIsReportedInRuleOrder() {
        var scenario = Scenario.standard()
        scenario.record(.secretRevoked(SecretRevoked(secretId: "pwd-mu", reason: "r")), at: .t0)
        let request = issuanceRequest(
            principal: "mu-1", key: "ghost", workspace: "me", reports: ["rep-other", "rep-ghost"],
            datasets: [], level: "Create", entraExpiresAt: .t0)
        #expect(scenario.rejections(request) == [
            "credential.revoked", "key.unknown", "entra.expired", "workspace.personal", "workspace.not_member",
            "resource.unknown", "create.dataset_required",
        ])
        let servicePrincipal = request.setting("principalId", "sp-1").setting("reports", ["rep-rdl", "rep-cloud"])
        #expect(scenario.rejections(servicePrincipal) == [
            "key.unknown", "entra.expired", "workspace.personal", "rls.identity_required", "create.dataset_required",
        ])
        let masterUser = request.setting("reports", ["rep-rdl"])
        #expect(scenario.rejections(masterUser) == [
            "credential.revoked", "key.unknown", "entra.expired", "workspace.personal", "rdl.master_user",
            "create.dataset_required",
        ])
    }

    // MARK: Accepted tokens

    @Test(arguments: [
        ("View", false, ["Report.Read"]),
        ("View", true, ["Report.Read", "Workspace.Report.Copy"]),
        ("Edit", false, ["Report.ReadWrite"]),
        ("Edit", true, ["Report.ReadWrite", "Workspace.Report.Copy"]),
        ("Create", false, ["Dataset.Read", "Workspace.Report.Create"]),
        ("Create", true, ["Dataset.Read", "Workspace.Report.Copy", "Workspace.Report.Create"]),
    ])
    func scopesFollowTheAccessLevelSorted(_ level: String, _ allowSaveAs: Bool, _ scopes: [String]) {
        let request = issuanceRequest(reports: [], datasets: ["ds-none"], level: level, allowSaveAs: allowSaveAs)
        guard case .accepted(let token) = scenario.issue(request) else {
            Issue.record("rejected")
            return
        }
        #expect(token.scopes == scopes)
        #expect(token.claims["scp"] == .string(scopes.joined(separator: " ")))
    }

    @Test func theClaimsFollowSection4Point2() {
        let request = issuanceRequest(
            reports: ["rep-cloud", "rep-none"], datasets: ["ds-none"],
            identities: [identity("ann", roles: ["EU"], datasets: ["ds-cloud"]), identity("bob", datasets: [])],
            lifetimeMinutes: 30, entraExpiresAt: .t0.plus(hours: 5), renews: "tok-0")
        let at = Timestamp.t0.plus(milliseconds: 999)
        guard case .accepted(let token) = scenario.issue(request, tokenId: "tok-9", at: at) else {
            Issue.record("rejected")
            return
        }
        let expected: JSONValue = [
            "ver": "0.2.0", "aud": "https://analysis.windows.net/powerbi/api", "iss": "sp-1", "type": "embed",
            "wid": "ws-1", "rid": "rep-cloud", "reports": ["rep-cloud", "rep-none"], "datasets": ["ds-none"],
            "username": "ann", "roles": ["EU"], "scp": "Report.Read", "nbf": 1_795_168_800, "exp": 1_795_170_600,
            "jti": "tok-9",
        ]
        #expect(token.claims == expected)
        #expect(token.claims.objectValue?.keys == expected.objectValue?.keys)
        #expect(token.kid == "key-1@1")
        #expect(token.header == ["alg": "HS256", "typ": "JWT", "kid": "key-1@1"])
        #expect(token.expiresAt == at.plus(minutes: 30))
        #expect(!token.cappedByEntra)
        #expect(token.renews == "tok-0")
    }

    @Test func withoutAnIdentityTheClaimsCarryNeitherUsernameNorRoles() {
        for identities in [[], [identity("", roles: ["EU"], datasets: [])]] as [[JSONValue]] {
            guard case .accepted(let token) = scenario.issue(issuanceRequest(reports: [], identities: identities)) else {
                Issue.record("rejected")
                continue
            }
            #expect(token.claims["username"] == nil)
            #expect(token.claims["roles"] == nil)
            #expect(token.claims["rid"] == .null)
        }
    }

    @Test func theKidNamesTheSigningKeysCurrentVersion() {
        var scenario = Scenario.standard()
        scenario.record(.secretRotated(SecretRotated(secretId: "key-1", version: 2, hint: "h", fingerprint: "f",
                                                     expiresAt: nil, previousValidUntil: nil)), at: .t0)
        guard case .accepted(let token) = scenario.issue(issuanceRequest()) else {
            Issue.record("rejected")
            return
        }
        #expect(token.kid == "key-1@2")
        #expect(token.signingVersion == 2)
    }

    @Test func twoTokensFromOneEntraTokenTheSecondLivesShorter() {
        var scenario = Scenario.standard()
        let entra = Timestamp.t0.plus(minutes: 75)
        let first = scenario.issueAndRecord(issuanceRequest(entraExpiresAt: entra), tokenId: "tok-1")
        let second = scenario.issueAndRecord(issuanceRequest(entraExpiresAt: entra, renews: "tok-1"), tokenId: "tok-2",
                                             at: .t0.plus(minutes: 40))
        #expect(first?.expiresAt == .t0.plus(minutes: 60))
        #expect(first?.cappedByEntra == false)
        #expect(second?.expiresAt == entra)
        #expect(second?.cappedByEntra == true)
        #expect(second?.claims["exp"] == .integer(entra.unixSeconds))
        #expect(scenario.state.tokenInfo(id: "tok-2")?.cappedByEntra == true)
        #expect(scenario.state.tokenInfo(id: "tok-2")?.renews == "tok-1")
        // The renewed token stays valid.
        #expect(scenario.state.tokenInfo(id: "tok-1")?.isRevoked == false)
    }

    @Test func anEntraExpiryEqualToTheRequestedLifetimeIsNotACap() {
        guard case .accepted(let token) = scenario.issue(issuanceRequest(entraExpiresAt: .t0.plus(minutes: 60))) else {
            Issue.record("rejected")
            return
        }
        #expect(!token.cappedByEntra)
        #expect(token.expiresAt == .t0.plus(minutes: 60))
    }

    @Test func aHugeLifetimeDoesNotOverflow() {
        guard case .accepted(let token) = scenario.issue(issuanceRequest(lifetimeMinutes: .integer(Int64.max))) else {
            Issue.record("rejected")
            return
        }
        #expect(token.cappedByEntra)
        #expect(token.expiresAt == .t0.plus(hours: 2))
    }

    @Test func theOutcomeJSONIsWhatReplayCompares() {
        #expect(IssuanceOutcome.rejected(reasons: ["key.unknown"]).json
                    == ["accepted": false, "reasons": ["key.unknown"], "scopes": nil, "expiresAt": nil])
        guard case .accepted(let token) = scenario.issue(issuanceRequest()) else {
            Issue.record("rejected")
            return
        }
        #expect(IssuanceOutcome.accepted(token).json
                    == ["accepted": true, "reasons": [], "scopes": ["Report.Read"],
                        "expiresAt": "2026-11-20T11:00:00.000Z"])
    }
}
