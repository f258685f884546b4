import Chronicle
import ChronicleTesting
import Testing

@Suite struct AccessCheckerTests {
    /// A scenario with the tenant and one token issued to `sp-1` for `reports`.
    private func issued(reports: [String] = ["rep-none"], identities: [JSONValue] = [])
        throws -> (LogScenario, token: SignedToken, record: EventDraft)
    {
        let scenario = try ServiceFixtures.scenario()
        let request = ServiceFixtures.viewRequest(scenario, reports: reports, identities: identities)
        let token = try #require(try scenario.services.issuer.issue(request).token)
        return (scenario, token, .tokenIssued(tokenId: token.tokenId, request: request, at: scenario.now))
    }

    @Test func allowsATokenItIssuedAndRecordsTheDecision() throws {
        let (scenario, token, record) = try issued()
        let request = JSONValue.accessRequest(.view, report: "rep-none", workspace: "ws-1")

        let outcome = scenario
            .when { try $0.checker.check(token: token.jwt, request: request) }
            .then([.accessDecided(decisionId: "dec-1", request: request, token: .presentedToken(of: record))])

        #expect(try outcome.get() == AccessOutcome(effect: .allow, reasons: [], roles: []))
        #expect(outcome.appended.first?.data["token"]?["tokenHash"] == .string(JWT.tokenHash(token.jwt)))
        #expect(outcome.appended.first?.data["policy"] == "2026.11")
    }

    @Test func deniesWithEveryReasonAndRecordsThem() throws {
        let (scenario, token, record) = try issued()
        let request = JSONValue.accessRequest(.editAndSave, report: "rep-cloud", workspace: "ws-2")
        let reasons = ["workspace.mismatch", "resource.not_in_token", "scope.insufficient", "rls.identity_required"]

        let outcome = scenario
            .when { try $0.checker.check(token: token.jwt, request: request) }
            .then([.accessDecided(decisionId: "dec-1", request: request, token: .presentedToken(of: record),
                                  reasons: reasons)])

        #expect(try outcome.get() == AccessOutcome(effect: .deny, reasons: reasons, roles: []))
    }

    @Test func grantsTheEffectiveRolesOfTheIdentity() throws {
        let (scenario, token, record) = try issued(
            reports: ["rep-cloud"], identities: [.identity("ann", roles: ["EU", "US"], datasets: ["ds-cloud"])])
        let request = JSONValue.accessRequest(.view, report: "rep-cloud", workspace: "ws-1")

        scenario
            .when { try $0.checker.check(token: token.jwt, request: request) }
            .then([.accessDecided(decisionId: "dec-1", request: request, token: .presentedToken(of: record),
                                  roles: ["EU"])])
    }

    @Test func deniesAForgedSignatureAsSignatureInvalid() throws {
        let (scenario, token, record) = try issued()
        let claims = try JWT.decode(token.jwt).claimsValue
        let forged = JWT.sign(kid: "key-1@1", claims: claims, key: Array("not-the-signing-value".utf8))
        let request = JSONValue.accessRequest(.view, report: "rep-none", workspace: "ws-1")

        scenario
            .when { try $0.checker.check(token: forged, request: request) }
            .then([.accessDecided(decisionId: "dec-1", request: request,
                                  token: .presentedToken(of: record, signatureValid: false),
                                  reasons: ["token.signature_invalid"])])
    }

    @Test func deniesAnAlgNoneTokenAsSignatureInvalid() throws {
        let (scenario, token, record) = try issued()
        let parts = token.jwt.split(separator: ".")
        let header = Base64URL.encode(JSONWriter.serialize(["alg": "none", "typ": "JWT", "kid": "key-1@1"]))
        let unsigned = header + "." + parts[1] + "."
        let request = JSONValue.accessRequest(.view, report: "rep-none", workspace: "ws-1")

        scenario
            .when { try $0.checker.check(token: unsigned, request: request) }
            .then([.accessDecided(decisionId: "dec-1", request: request,
                                  token: .presentedToken(of: record, signatureValid: false),
                                  reasons: ["token.signature_invalid"])])
    }

    @Test func deniesAnUndecodableTokenAsMalformedWithNullClaims() throws {
        let (scenario, _, _) = try issued()
        let request = JSONValue.accessRequest(.view, report: "rep-none", workspace: "ws-1")
        let presented: JSONValue = ["tokenId": nil, "tokenHash": "", "kid": nil, "signatureValid": false, "claims": nil]

        let outcome = scenario
            .when { try $0.checker.check(token: "not-a.jwt.at-all!", request: request) }
            .then([.accessDecided(decisionId: "dec-1", request: request, token: presented,
                                  reasons: ["token.malformed"])])
        #expect(outcome.appended.first?.data["token"]?["tokenHash"] == .string(JWT.tokenHash("not-a.jwt.at-all!")))
    }

    @Test func checksAKeyVersionTheKeyringStillHoldsAfterARotation() throws {
        let (scenario, token, record) = try issued()
        try scenario.given([scenario.rotateSecret(
            "key-1", value: "second-signing-value", previousValidUntil: scenario.now.adding(milliseconds: 60_000))])
        let request = JSONValue.accessRequest(.view, report: "rep-none", workspace: "ws-1")

        scenario
            .when { try $0.checker.check(token: token.jwt, request: request) }
            .then([.accessDecided(decisionId: "dec-1", request: request, token: .presentedToken(of: record))])

        scenario.now = scenario.now.adding(milliseconds: 60_000)
        scenario
            .when { try $0.checker.check(token: token.jwt, request: request) }
            .then([.accessDecided(decisionId: "dec-2", request: request, token: .presentedToken(of: record),
                                  reasons: ["key.superseded"])])
    }

    @Test func recordsAnOutOfDomainRequestAsInvalid() throws {
        let (scenario, token, record) = try issued()
        let request: JSONValue = ["operation": "print", "reportId": "rep-none", "datasetId": nil, "workspaceId": "ws-1"]

        scenario
            .when { try $0.checker.check(token: token.jwt, request: request) }
            .then([.accessDecided(decisionId: "dec-1", request: request, token: .presentedToken(of: record),
                                  reasons: ["request.invalid"])])
    }

    @Test func inspectsAPresentedTokenAsSection5Records() throws {
        let (scenario, token, _) = try issued()
        let inspected = AccessChecker.inspect(token.jwt, keyring: scenario.keyring)
        #expect(inspected["tokenId"] == .string(token.tokenId))
        #expect(inspected["kid"] == "key-1@1")
        #expect(inspected["signatureValid"] == true)
        #expect(inspected["tokenHash"] == .string(JWT.tokenHash(token.jwt)))
        #expect(inspected["claims"] == (try JWT.decode(token.jwt)).claimsValue)
        #expect(AccessChecker.inspect(token.jwt, keyring: .testing())["signatureValid"] == false)
    }
}
