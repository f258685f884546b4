import Testing
@testable import Chronicle

@Suite struct DecisionRulesTests {
    /// The standard tenant with tokens issued at t0 (all live for an hour):
    /// - `tok-view`: sp-1, View on rep-none;
    /// - `tok-ann`: sp-1, Edit on rep-cloud, identity ann with `roles` EU, US, Managers
    ///   (ann holds EU through grp-eu and Managers directly);
    /// - `tok-mu`: mu-1 (master user), View on rep-cloud, no identity;
    /// - `tok-create`: sp-1, Create on ds-none.
    static func world() -> (Scenario, [String: IssuedToken]) {
        var scenario = Scenario.standard()
        var tokens: [String: IssuedToken] = [:]
        let requests: [(String, JSONValue)] = [
            ("tok-view", issuanceRequest(reports: ["rep-none"])),
            ("tok-ann", issuanceRequest(reports: ["rep-cloud"],
                                        identities: [identity("ann", roles: ["EU", "US", "Managers"], datasets: ["ds-cloud"])],
                                        level: "Edit")),
            ("tok-mu", issuanceRequest(principal: "mu-1", reports: ["rep-cloud"])),
            ("tok-create", issuanceRequest(reports: [], datasets: ["ds-none"], level: "Create")),
        ]
        for (id, request) in requests {
            if let token = scenario.issueAndRecord(request, tokenId: id) { tokens[id] = token }
        }
        return (scenario, tokens)
    }

    let scenario: Scenario
    let tokens: [String: IssuedToken]

    init() { (scenario, tokens) = Self.world() }

    func token(_ id: String) -> JSONValue { tokens[id].map { presented($0) } ?? .null }

    func reasons(_ request: JSONValue, _ token: JSONValue, at time: Timestamp = .t0.plus(minutes: 1)) -> [String] {
        scenario.decide(request, token, at: time).reasons
    }

    // MARK: Preconditions

    @Test func aWellFormedRequestWithAGoodTokenIsAllowed() {
        let outcome = scenario.decide(accessRequest(), token("tok-view"), at: .t0.plus(minutes: 1))
        #expect(outcome == AccessOutcome(effect: .allow, reasons: [], roles: []))
        #expect(outcome.json == ["effect": "allow", "reasons": [], "roles": []])
    }

    @Test(arguments: [
        ("an operation outside the table", accessRequest("edit")),
        ("an operation in the wrong case", accessRequest("View")),
        ("an operation that is a number", accessRequest().setting("operation", 3)),
        ("a reportId that is a number", accessRequest().setting("reportId", 7)),
        ("a datasetId that is a boolean", accessRequest().setting("datasetId", true)),
        ("a workspaceId that is null", accessRequest().setting("workspaceId", .null)),
        ("no workspaceId", accessRequest().setting("workspaceId", nil)),
        ("a request that is not an object", ["view"]),
    ] as [(String, JSONValue)])
    func anOutOfDomainRequestIsInvalidEvenWithAMalformedToken(_ name: String, _ request: JSONValue) {
        for token in [token("tok-view"), token("tok-view").setting("claims", .null)] {
            let outcome = scenario.decide(request, token)
            #expect(outcome == AccessOutcome(effect: .deny, reasons: ["request.invalid"], roles: []), "\(name)")
        }
    }

    @Test func aMissingReportIdOrDatasetIdReadsAsNull() {
        let request = accessRequest("create", report: nil, dataset: "ds-none").setting("reportId", nil)
        #expect(reasons(request, token("tok-create")) == [])
    }

    /// (name, member, value): `member` is `claims`, a claim name, or `token` for the whole token.
    @Test(arguments: [
        ("claims null", "claims", JSONValue.null),
        ("claims missing", "claims", nil),
        ("claims a string", "claims", "eyJ"),
        ("exp missing", "exp", nil),
        ("exp a string", "exp", "1795170600"),
        ("exp null", "exp", .null),
        ("nbf missing", "nbf", nil),
        ("nbf a string", "nbf", "1795168800"),
        ("aud missing", "aud", nil),
        ("type null", "type", .null),
        ("wid null", "wid", .null),
        ("wid missing", "wid", nil),
        ("token not an object", "token", "not-a-jwt"),
    ] as [(String, String, JSONValue?)])
    func unusableClaimsMakeTheTokenMalformed(_ name: String, _ member: String, _ value: JSONValue?) {
        let damaged: JSONValue
        switch member {
        case "token": damaged = value ?? .null
        case "claims": damaged = token("tok-view").setting("claims", value)
        default: damaged = token("tok-view").settingClaim(member, value)
        }
        let outcome = scenario.decide(accessRequest(), damaged)
        #expect(outcome == AccessOutcome(effect: .deny, reasons: ["token.malformed"], roles: []), "\(name)")
    }

    // MARK: Rules 1–15, one at a time

    @Test func rule1ASignatureThatDidNotVerifyDenies() {
        #expect(reasons(accessRequest(), token("tok-view").setting("signatureValid", false)) == ["token.signature_invalid"])
        #expect(reasons(accessRequest(), token("tok-view").setting("signatureValid", "true")) == ["token.signature_invalid"])
        #expect(reasons(accessRequest(), token("tok-view").setting("signatureValid", nil)) == ["token.signature_invalid"])
        #expect(reasons(accessRequest(), token("tok-view")) == [])
    }

    @Test(arguments: ["ghost@1", "key-1", "key-1@", "key-1@x", "key-1@0", "key-1@2", "key-1@-1", "@1"])
    func rule2AKidThatNamesNoKnownVersionIsUnknown(_ kid: String) {
        #expect(reasons(accessRequest(), token("tok-view").setting("kid", .string(kid))) == ["key.unknown"], "\(kid)")
    }

    @Test func rule2AMissingKidIsUnknown() {
        #expect(reasons(accessRequest(), token("tok-view").setting("kid", .null)) == ["key.unknown"])
    }

    @Test func rule2ARevokedKeyDenies() {
        var scenario = self.scenario
        scenario.record(.secretRevoked(SecretRevoked(secretId: "key-1", reason: "leaked")), at: .t0)
        #expect(scenario.decide(accessRequest(), token("tok-view"), at: .t0.plus(minutes: 1)).reasons == ["key.revoked"])
        #expect(reasons(accessRequest(), token("tok-view")) == [])
    }

    @Test func rule2AKeyIsExpiredFromItsCurrentExpiresAt() {
        var scenario = self.scenario
        scenario.record(.secretRotated(SecretRotated(secretId: "key-1", version: 2, hint: "h", fingerprint: "f",
                                                     expiresAt: .t0.plus(minutes: 10),
                                                     previousValidUntil: .t0.plus(hours: 5))), at: .t0)
        // The v1 token is judged by the secret's current expiry.
        #expect(scenario.decide(accessRequest(), token("tok-view"), at: .t0.plus(minutes: 10)).reasons == ["key.expired"])
        #expect(scenario.decide(accessRequest(), token("tok-view"), at: .t0.plus(minutes: 9)).reasons == [])
    }

    @Test func rule3AKeyIsSupersededWhenThePreviousValidUntilOfTheNextVersionHasPassed() {
        var scenario = self.scenario
        scenario.record(.secretRotated(SecretRotated(secretId: "key-1", version: 2, hint: "h", fingerprint: "f",
                                                     expiresAt: nil, previousValidUntil: .t0.plus(minutes: 30))),
                        at: .t0.plus(minutes: 1))
        #expect(scenario.decide(accessRequest(), token("tok-view"), at: .t0.plus(minutes: 29)).reasons == [])
        #expect(scenario.decide(accessRequest(), token("tok-view"), at: .t0.plus(minutes: 30)).reasons
                    == ["key.superseded"])
        // A token naming the current version is never superseded.
        let current = token("tok-view").setting("kid", "key-1@2")
        #expect(scenario.decide(accessRequest(), current, at: .t0.plus(minutes: 30)).reasons == [])
    }

    @Test func rule3ARotationWithoutPreviousValidUntilSupersedesAtOnce() {
        var scenario = self.scenario
        scenario.record(.secretRotated(SecretRotated(secretId: "key-1", version: 2, hint: "h", fingerprint: "f",
                                                     expiresAt: nil, previousValidUntil: nil)), at: .t0.plus(minutes: 1))
        #expect(scenario.decide(accessRequest(), token("tok-view"), at: .t0.plus(minutes: 1)).reasons
                    == ["key.superseded"])
    }

    @Test func rule3ARevokedKeyCanAlsoBeSuperseded() {
        var scenario = self.scenario
        scenario.record(.secretRotated(SecretRotated(secretId: "key-1", version: 2, hint: "h", fingerprint: "f",
                                                     expiresAt: nil, previousValidUntil: nil)), at: .t0)
        scenario.record(.secretRevoked(SecretRevoked(secretId: "key-1", reason: "r")), at: .t0)
        #expect(scenario.decide(accessRequest(), token("tok-view"), at: .t0.plus(minutes: 1)).reasons
                    == ["key.revoked", "key.superseded"])
    }

    @Test func rule4ATokenNeverIssuedBeforeTheDecisionIsUnknown() {
        #expect(reasons(accessRequest(), token("tok-view").setting("tokenId", "tok-ghost")) == ["token.unknown"])
        #expect(reasons(accessRequest(), token("tok-view").setting("tokenId", .null)) == ["token.unknown"])
        // Issued, but not before the decision.
        var early = Scenario.standard()
        let outcome = early.decide(accessRequest(), token("tok-view"), at: .t0)
        #expect(outcome.reasons == ["token.unknown"])
    }

    @Test func rule5ARevokedTokenDenies() {
        var scenario = self.scenario
        scenario.record(.tokenRevoked(TokenRevoked(tokenId: "tok-view", reason: "r")), at: .t0.plus(minutes: 1))
        #expect(scenario.decide(accessRequest(), token("tok-view"), at: .t0.plus(minutes: 1)).reasons
                    == ["token.revoked"])
        #expect(reasons(accessRequest(), token("tok-view")) == [])
    }

    @Test func rule6ATokenExpiresOnItsExpInstant() {
        #expect(reasons(accessRequest(), token("tok-view"), at: .t0.plus(minutes: 60)) == ["token.expired"])
        #expect(reasons(accessRequest(), token("tok-view"), at: .t0.plus(minutes: 60, milliseconds: -1)) == [])
        // exp may be any JSON number; it compares in milliseconds.
        let fractional = token("tok-view").settingClaim("exp", .number(1_795_168_860.5))
        #expect(reasons(accessRequest(), fractional, at: .t0.plus(seconds: 60, milliseconds: 499)) == [])
        #expect(reasons(accessRequest(), fractional, at: .t0.plus(seconds: 60, milliseconds: 500)) == ["token.expired"])
    }

    @Test func rule7ATokenIsNotYetValidMoreThanAMinuteBeforeItsNbf() {
        let future = token("tok-view").settingClaim("nbf", .integer(Timestamp.t0.plus(minutes: 10).unixSeconds))
        #expect(reasons(accessRequest(), future, at: .t0.plus(minutes: 8, seconds: 59, milliseconds: 999))
                    == ["token.not_yet_valid"])
        #expect(reasons(accessRequest(), future, at: .t0.plus(minutes: 9)) == [])
    }

    @Test func rule8TheAudienceMustBePowerBI() {
        #expect(reasons(accessRequest(), token("tok-view").settingClaim("aud", "https://example.com"))
                    == ["token.audience_mismatch"])
        #expect(reasons(accessRequest(), token("tok-view").settingClaim("aud", 5)) == ["token.audience_mismatch"])
    }

    @Test func rule9TheTypeMustBeEmbed() {
        #expect(reasons(accessRequest(), token("tok-view").settingClaim("type", "aad")) == ["token.type_unsupported"])
    }

    @Test func rule10TheTokensWorkspaceMustBeTheRequests() {
        #expect(reasons(accessRequest(), token("tok-view").settingClaim("wid", "ws-2")) == ["workspace.mismatch"])
        #expect(reasons(accessRequest(workspace: "ws-2"), token("tok-view")) == ["workspace.mismatch"])
    }

    @Test func rule11UnregisteredReportsAndDatasetsAreUnknownResources() {
        let tokenWithGhost = token("tok-view").settingClaim("reports", ["rep-ghost"]).settingClaim("rid", "rep-ghost")
        #expect(reasons(accessRequest(report: "rep-ghost"), tokenWithGhost) == ["resource.unknown"])
        // reportId null: the dataset is datasetId.
        let createGhost = token("tok-create").settingClaim("datasets", ["ds-ghost"])
        #expect(reasons(accessRequest("create", report: nil, dataset: "ds-ghost"), createGhost)
                    == ["resource.unknown"])
        #expect(reasons(accessRequest("create", report: nil, dataset: nil), token("tok-create"))
                    == ["resource.unknown", "resource.not_in_token"])
        // A registered report whose dataset was never configured.
        var scenario = self.scenario
        scenario.record(.reportRegistered(ReportRegistered(reportId: "rep-orphan", workspaceId: "ws-1",
                                                           datasetId: "ds-ghost")), at: .t0)
        let orphan = token("tok-view").settingClaim("reports", ["rep-orphan"])
        #expect(scenario.decide(accessRequest(report: "rep-orphan"), orphan, at: .t0.plus(minutes: 1)).reasons
                    == ["resource.unknown"])
    }

    @Test func rule11TheReportsDatasetWinsOverDatasetId() {
        // datasetId names an unknown dataset, but reportId is set and registered.
        #expect(reasons(accessRequest(report: "rep-none", dataset: "ds-ghost"), token("tok-view")) == [])
    }

    @Test func rule12AReportOperationNeedsTheReportInTheToken() {
        #expect(reasons(accessRequest(report: "rep-rdl"), token("tok-view")) == ["resource.not_in_token"])
        #expect(reasons(accessRequest(report: nil, dataset: "ds-none"), token("tok-view")) == ["resource.not_in_token"])
        // `rid` counts as well as `reports`.
        let ridOnly = token("tok-view").settingClaim("reports", []).settingClaim("rid", "rep-none")
        #expect(reasons(accessRequest(report: "rep-none"), ridOnly) == [])
    }

    @Test func rule12ADatasetOperationNeedsTheDatasetOrOneOfItsReportsInTheToken() {
        #expect(reasons(accessRequest("create", report: nil, dataset: "ds-none"), token("tok-create")) == [])
        // (the scope Dataset.Read itself is not tied to a dataset: rule 12 does that).
        #expect(reasons(accessRequest("create", report: nil, dataset: "ds-rdl"), token("tok-create"))
                    == ["resource.not_in_token"])
        // A report of the dataset in the token grants both the dataset and Dataset.Read.
        let viaReport = token("tok-view").settingClaim("datasets", [])
        #expect(reasons(accessRequest("create", report: nil, dataset: "ds-none"), viaReport) == [])
    }

    @Test func rule12IsCheckedWhetherOrNotRule11Applied() {
        #expect(reasons(accessRequest(report: "rep-ghost"), token("tok-view"))
                    == ["resource.unknown", "resource.not_in_token"])
    }

    @Test(arguments: [
        ("view", "Report.Read", true), ("view", "Report.ReadWrite", true), ("view", "Dataset.Read", false),
        ("editAndSave", "Report.ReadWrite", true), ("editAndSave", "Report.Read", false),
        ("saveAs", "Report.Read Workspace.Report.Copy", true), ("saveAs", "Report.ReadWrite Workspace.Report.Copy", true),
        ("saveAs", "Report.Read", false), ("saveAs", "Workspace.Report.Copy", false),
        ("create", "Dataset.Read", true), ("create", "Dataset.ReadWrite", true),
        ("create", "Report.Read", true), ("create", "Report.ReadWrite", true), ("create", "Workspace.Report.Create", false),
        ("createAndSave", "Dataset.Read Workspace.Report.Create", true),
        ("createAndSave", "Report.Read Workspace.Report.Create", true),
        ("createAndSave", "Dataset.Read", false), ("createAndSave", "", false),
    ])
    func rule13TheScopesMustGrantTheOperation(_ operation: String, _ scp: String, _ granted: Bool) {
        // The token names rep-none (dataset ds-none) and ds-none, so Report.Read implies Dataset.Read on ds-none.
        let request = operation.hasPrefix("create")
            ? accessRequest(operation, report: nil, dataset: "ds-none") : accessRequest(operation)
        let presented = token("tok-view").settingClaim("datasets", ["ds-none"]).settingClaim("scp", .string(scp))
        #expect(reasons(request, presented) == (granted ? [] : ["scope.insufficient"]))
        // scp may also be an array.
        let asArray = presented.settingClaim("scp", .strings(scp.split(separator: " ").map(String.init)))
        #expect(reasons(request, asArray) == (granted ? [] : ["scope.insufficient"]))
    }

    @Test func rule13ReportReadImpliesDatasetReadOnlyForItsOwnReportsDataset() {
        // The token names ds-rdl but holds no report of it: Report.Read does not imply Dataset.Read there.
        let presented = token("tok-view").settingClaim("datasets", ["ds-rdl"])
        #expect(reasons(accessRequest("create", report: nil, dataset: "ds-rdl"), presented) == ["scope.insufficient"])
        #expect(reasons(accessRequest("view"), token("tok-view").settingClaim("scp", 42)) == ["scope.insufficient"])
    }

    @Test func rule14AServicePrincipalsTokenWithoutIdentityCannotReadAnRLSDataset() {
        // tok-mu's claims, but claiming to be a token nobody issued: counts as a service principal's.
        let unknown = token("tok-mu").setting("tokenId", "tok-ghost")
        #expect(reasons(accessRequest(report: "rep-cloud"), unknown) == ["token.unknown", "rls.identity_required"])
        // The same claims from a service principal's recorded token.
        var scenario = self.scenario
        scenario.issueAndRecord(issuanceRequest(reports: ["rep-cloud"], identities: [identity("ann", datasets: ["ds-cloud"])]),
                                tokenId: "tok-sp")
        let stripped = token("tok-mu").setting("tokenId", "tok-sp")
        #expect(scenario.decide(accessRequest(report: "rep-cloud"), stripped, at: .t0.plus(minutes: 1)).reasons
                    == ["rls.identity_required"])
    }

    @Test func aMasterUserWithoutIdentitySeesTheWholeModel() {
        let outcome = scenario.decide(accessRequest(report: "rep-cloud"), token("tok-mu"), at: .t0.plus(minutes: 1))
        #expect(outcome == AccessOutcome(effect: .allow, reasons: [], roles: []))
    }

    @Test func anRDLDatasetNeedsNoIdentityAndHasNoRoles() {
        var scenario = self.scenario
        scenario.issueAndRecord(issuanceRequest(reports: ["rep-rdl"]), tokenId: "tok-rdl")
        let presented: JSONValue = token("tok-view").setting("tokenId", "tok-rdl").settingClaim("reports", ["rep-rdl"])
            .settingClaim("username", "ann").settingClaim("roles", ["EU"])
        #expect(scenario.decide(accessRequest(report: "rep-rdl"), presented, at: .t0.plus(minutes: 1))
                    == AccessOutcome(effect: .allow, reasons: [], roles: []))
        // A master user cannot get such a token in the first place.
        #expect(scenario.rejections(issuanceRequest(principal: "mu-1", reports: ["rep-rdl"])) == ["rdl.master_user"])
    }

    @Test func rule15AUserWithoutEffectiveRolesIsNotAssociated() {
        let zed = token("tok-ann").settingClaim("username", "zed")
        #expect(reasons(accessRequest(report: "rep-cloud"), zed) == ["rls.user_not_associated"])
        #expect(scenario.decide(accessRequest(report: "rep-cloud"), token("tok-ann"), at: .t0.plus(minutes: 1))
                    == AccessOutcome(effect: .allow, reasons: [], roles: ["EU", "Managers"]))
    }

    @Test func effectiveRolesComeThroughGroups() {
        let bob = token("tok-ann").settingClaim("username", "bob")
        #expect(scenario.decide(accessRequest(report: "rep-cloud"), bob, at: .t0.plus(minutes: 1)).roles == ["EU"])
        var scenario = self.scenario
        scenario.record(.groupMemberRemoved(GroupMembership(groupId: "grp-eu", userId: "bob")), at: .t0.plus(minutes: 1))
        #expect(scenario.decide(accessRequest(report: "rep-cloud"), bob, at: .t0.plus(minutes: 2)).reasons
                    == ["rls.user_not_associated"])
    }

    @Test(arguments: [
        ("missing", nil as JSONValue?, ["EU", "Managers"]),
        ("null", JSONValue.null, ["EU", "Managers"]),
        ("an array", ["Managers", "US"], ["Managers"]),
        ("an empty array", [], []),
        ("a string", "EU", []),
    ] as [(String, JSONValue?, [String])])
    func theRolesClaimNarrowsButNeverWidens(_ name: String, _ claim: JSONValue?, _ expected: [String]) {
        let presented = token("tok-ann").settingClaim("roles", claim)
        let outcome = scenario.decide(accessRequest(report: "rep-cloud"), presented, at: .t0.plus(minutes: 1))
        #expect(outcome.roles == expected, "\(name)")
        #expect(outcome.reasons == (expected.isEmpty ? ["rls.user_not_associated"] : []), "\(name)")
    }

    @Test func anAssignmentRemovedWhileATokenIsLiveTakesEffectAtOnce() {
        var scenario = self.scenario
        scenario.record(.rlsUnassigned(RLSAssignment(datasetId: "ds-cloud", role: "Managers", member: "ann")),
                        at: .t0.plus(minutes: 5))
        #expect(scenario.decide(accessRequest(report: "rep-cloud"), token("tok-ann"), at: .t0.plus(minutes: 5)).roles
                    == ["EU"])
        scenario.record(.rlsUnassigned(RLSAssignment(datasetId: "ds-cloud", role: "EU", member: "grp-eu")),
                        at: .t0.plus(minutes: 6))
        #expect(scenario.decide(accessRequest(report: "rep-cloud"), token("tok-ann"), at: .t0.plus(minutes: 6))
                    == AccessOutcome(effect: .deny, reasons: ["rls.user_not_associated"], roles: []))
    }

    @Test func aRoleTheDatasetNoLongerDefinesGrantsNothing() {
        var scenario = self.scenario
        scenario.record(.datasetConfigured(DatasetConfigured(datasetId: "ds-cloud", workspaceId: "ws-1", rlsType: .cloud,
                                                             roles: ["US", "Managers"])), at: .t0.plus(minutes: 5))
        #expect(scenario.decide(accessRequest(report: "rep-cloud"), token("tok-ann"), at: .t0.plus(minutes: 5)).roles
                    == ["Managers"])
    }

    @Test func everyReasonThatAppliesIsReportedInRuleOrder() {
        var scenario = self.scenario
        scenario.record(.secretRevoked(SecretRevoked(secretId: "key-1", reason: "r")), at: .t0)
        scenario.record(.tokenRevoked(TokenRevoked(tokenId: "tok-ann", reason: "r")), at: .t0)
        let presented = token("tok-ann").setting("signatureValid", false)
            .settingClaim("aud", "x").settingClaim("type", "x").settingClaim("scp", "Dataset.Read")
            .settingClaim("username", "zed").settingClaim("nbf", .integer(Timestamp.t0.plus(hours: 3).unixSeconds))
        let outcome = scenario.decide(accessRequest("saveAs", report: "rep-cloud", workspace: "ws-2"), presented,
                                      at: .t0.plus(hours: 1))
        #expect(outcome.reasons == [
            "token.signature_invalid", "key.revoked", "token.revoked", "token.expired", "token.not_yet_valid",
            "token.audience_mismatch", "token.type_unsupported", "workspace.mismatch", "scope.insufficient",
            "rls.user_not_associated",
        ])
        #expect(outcome.effect == .deny)
        let elsewhere = scenario.decide(accessRequest(report: "rep-ghost"), token("tok-view"), at: .t0.plus(minutes: 1))
        #expect(elsewhere.reasons == ["key.revoked", "resource.unknown", "resource.not_in_token"])
    }

    @Test func aKidParsesAtItsLastAt() {
        #expect(SigningKeyID("a@b@12") == SigningKeyID(secretId: "a@b", version: 12))
        #expect(SigningKeyID("key-1@") == nil)
        #expect(SigningKeyID("key-1@+1") == nil)
        #expect(SigningKeyID("key-1@1").map(\.description) == "key-1@1")
    }
}
