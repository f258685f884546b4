import Chronicle
import ChronicleTesting
import Testing

/// Your code: asks for an embed token for one report and hands out the JWT,
/// or nil when the request is refused.
func embedToken(for report: String, issuer: TokenIssuer, entraExpiresAt: Timestamp) throws -> String? {
    try issuer.issue(embedRequest(for: report, entraExpiresAt: entraExpiresAt)).token?.jwt
}

func embedRequest(for report: String, entraExpiresAt: Timestamp) -> JSONValue {
    ["principalId": "sp-portal", "entraTokenExpiresAt": .string(entraExpiresAt.rfc3339),
     "signingSecretId": "key-embed", "workspaceId": "ws-sales", "reports": [.string(report)],
     "accessLevel": "View"]
}

@Suite struct EmbedTokenTests {
    /// Given a tenant where `sp-portal` may embed the report `rep-sales`.
    func tenant() throws -> LogScenario {
        let scenario = LogScenario()
        try scenario.given([
            scenario.createSecret("key-embed", value: "embed-signing-value"),
            .secretCreated(id: "cred-portal", kind: .clientSecret),
            .principalRegistered(id: "sp-portal", credential: "cred-portal"),
            .workspaceMemberAdded(workspace: "ws-sales", principal: "sp-portal"),
            .datasetConfigured(id: "ds-sales", workspace: "ws-sales"),
            .reportRegistered(id: "rep-sales", workspace: "ws-sales", dataset: "ds-sales"),
        ])
        return scenario
    }

    @Test func recordsTheTokenItHandsOut() throws {
        let scenario = try tenant()
        let entra = scenario.now.adding(milliseconds: 3_600_000)

        let outcome = scenario
            .when { try embedToken(for: "rep-sales", issuer: $0.issuer, entraExpiresAt: entra) }
            .then([.tokenIssued(tokenId: "tok-1", request: embedRequest(for: "rep-sales", entraExpiresAt: entra),
                                at: scenario.now)])

        let jwt = try #require(try outcome.get())
        let checked = try scenario.services.checker.check(
            token: jwt, request: .accessRequest(.view, report: "rep-sales", workspace: "ws-sales"))
        #expect(checked.effect == .allow)
    }

    @Test func recordsWhyItRefusesAnUnknownReport() throws {
        let scenario = try tenant()
        let entra = scenario.now.adding(milliseconds: 3_600_000)

        scenario
            .when { try embedToken(for: "rep-gone", issuer: $0.issuer, entraExpiresAt: entra) }
            .then([.tokenRejected(requestId: "tok-1", request: embedRequest(for: "rep-gone", entraExpiresAt: entra),
                                  reasons: ["resource.unknown"])])
    }

    @Test func handsOutNothingWhenTheLogCannotBeWritten() throws {
        let scenario = try tenant()
        let entra = scenario.now.adding(milliseconds: 3_600_000)
        scenario.log.writeFailure = LogError(.io, "disk full")

        scenario
            .when { try embedToken(for: "rep-sales", issuer: $0.issuer, entraExpiresAt: entra) }
            .thenItThrows(ServiceError.self)
            .thenNothingIsAppended()
    }
}
