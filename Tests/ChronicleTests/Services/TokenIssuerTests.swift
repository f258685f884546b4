import Chronicle
import ChronicleTesting
import Testing

@Suite struct TokenIssuerTests {
    @Test func issuesATokenWhoseClaimsKidAndExpiryAreThoseItRecords() throws {
        let scenario = try ServiceFixtures.scenario()
        let request = ServiceFixtures.viewRequest(scenario)

        let outcome = scenario
            .when { try $0.issuer.issue(request) }
            .then([.tokenIssued(tokenId: "tok-1", request: request, at: scenario.now)])

        let token = try #require(try outcome.get().token)
        let event = try #require(outcome.appended.first)
        let decoded = try JWT.decode(token.jwt)
        #expect(decoded.header == JWT.header(kid: "key-1@1"))
        #expect(decoded.claimsValue == event.data["claims"])
        #expect(decoded.verifySignature(key: Array(ServiceFixtures.signingValue.utf8)))
        #expect(event.data["kid"] == .string(token.kid))
        #expect(event.data["scopes"] == .strings(token.scopes))
        #expect(event.data["expiresAt"] == .string(token.expiresAt.rfc3339))
        #expect(event.data["tokenHash"] == .string(JWT.tokenHash(token.jwt)))
        #expect(token.scopes == ["Report.Read"])
        #expect(token.expiresAt == scenario.now.adding(milliseconds: 3_600_000))
    }

    @Test func recordsARejectionWithEveryReason() throws {
        let scenario = try ServiceFixtures.scenario()
        let request = JSONValue.issuanceRequest(principal: "sp-unknown", key: "key-missing", workspace: "me",
                                                entraExpiresAt: scenario.now)

        let outcome = scenario
            .when { try $0.issuer.issue(request) }
            .then([.tokenRejected(requestId: "tok-1", request: request,
                                  reasons: ["principal.unknown", "key.unknown", "entra.expired", "workspace.personal"],
                                  at: scenario.now)])

        #expect(try outcome.get() == .rejected(
            requestId: "tok-1", reasons: ["principal.unknown", "key.unknown", "entra.expired", "workspace.personal"]))
    }

    @Test func rejectsARequestOutsideTheDomainsAsInvalid() throws {
        let scenario = try ServiceFixtures.scenario()
        let request = ServiceFixtures.viewRequest(scenario).setting("lifetimeMinutes", 60.5)

        scenario
            .when { try $0.issuer.issue(request) }
            .then([.tokenRejected(requestId: "tok-1", request: request, reasons: ["request.invalid"])])
    }

    @Test func signsWithTheCurrentVersionAfterARotation() throws {
        let scenario = try ServiceFixtures.scenario()
        try scenario.given([scenario.rotateSecret("key-1", value: "second-signing-value")])
        let request = ServiceFixtures.viewRequest(scenario)

        let outcome = scenario
            .when { try $0.issuer.issue(request) }
            .then([.tokenIssued(tokenId: "tok-1", request: request, signingVersion: 2, at: scenario.now)])

        let token = try #require(try outcome.get().token)
        #expect(token.kid == "key-1@2")
        #expect(try JWT.decode(token.jwt).verifySignature(key: Array("second-signing-value".utf8)))
    }

    @Test func refusesWithoutRecordingWhenTheKeyringLacksTheSigningValue() throws {
        let scenario = try ServiceFixtures.scenario()
        scenario.keyring.secrets["key-1"] = nil

        scenario
            .when { try $0.issuer.issue(ServiceFixtures.viewRequest(scenario)) }
            .thenItThrows(ServiceError.signingKeyUnavailable(kid: "key-1@1"))
            .thenNothingIsAppended()
    }

    @Test func decidesAtTheHeadTimeWhenTheClockIsBehindIt() throws {
        let scenario = try ServiceFixtures.scenario()
        let later = scenario.now.adding(milliseconds: 300_000)
        try scenario.given([.groupMemberAdded(group: "grp-eu", user: "bob", at: later)])
        let request = ServiceFixtures.viewRequest(scenario)

        let outcome = scenario
            .when { try $0.issuer.issue(request) }
            .then([.tokenIssued(tokenId: "tok-1", request: request, at: later)])
        #expect(outcome.appended.first?.time == later)
    }

    @Test func recordsTheRequestAndRenewsAsGiven() throws {
        let scenario = try ServiceFixtures.scenario()
        let request = JSONValue.issuanceRequest(
            principal: "sp-1", key: "key-1", workspace: "ws-1", reports: ["rep-cloud"],
            identities: [.identity("ann", roles: ["EU"], datasets: ["ds-cloud"])], access: .edit, allowSaveAs: true,
            lifetimeMinutes: 30, entraExpiresAt: scenario.now.adding(milliseconds: 600_000), renews: "tok-0")

        let outcome = scenario
            .when { try $0.issuer.issue(request) }
            .then([.tokenIssued(tokenId: "tok-1", request: request, at: scenario.now)])

        let token = try #require(try outcome.get().token)
        #expect(token.cappedByEntra)
        #expect(token.scopes == ["Report.ReadWrite", "Workspace.Report.Copy"])
        #expect(outcome.appended.first?.data["renews"] == "tok-0")
        #expect(outcome.appended.first?.data["claims"]?["username"] == "ann")
    }

    @Test func neverShowsTheTokenInADescription() throws {
        let scenario = try ServiceFixtures.scenario()
        let token = try #require(try scenario.services.issuer.issue(ServiceFixtures.viewRequest(scenario)).token)
        var dumped = ""
        dump(token, to: &dumped)
        #expect(!String(describing: token).contains(token.jwt))
        #expect(!String(describing: IssuanceResult.issued(token)).contains(token.jwt))
        #expect(!dumped.contains(token.jwt))
    }
}
