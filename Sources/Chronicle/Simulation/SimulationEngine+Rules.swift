/// Issuance and decisions through the real rules, on the state before the event.
extension SimulationEngine {
    /// A GenerateToken request evaluated by the rules: the `token.issued`
    /// (with the signed token) or `token.rejected` it gives.
    mutating func issue(
        for session: EmbedSession, renews: String?, lifetimeMinutes: Int64?, entraExpiresAt: Timestamp,
        anomaly: IssuanceAnomaly, signingSecretId: String?, at time: Timestamp
    ) -> (EventPayload, HeldToken?) {
        let app = apps[session.app.rawValue]
        var level = session.grant.level
        var principalId = app.principalId
        var workspaceId = app.workspaceId
        var reports = level == .create ? [] : session.reports
        var datasets = level == .create ? app.datasets : []
        var targetWorkspaces = level == .create ? [app.workspaceId] : []
        var identities: [JSONValue] = []
        if let user = session.user, let datasetId = identityDataset(of: app) {
            var roles = state.assignedRoles(of: user, on: datasetId).sortedOrdinally()
            if roles.isEmpty, let home = session.homeRole { roles = [home] }
            identities = [["username": .string(user), "roles": .strings(roles), "datasets": [.string(datasetId)]]]
        }
        var lifetime: JSONValue = lifetimeMinutes.map { .integer($0) } ?? .null
        let signingKey = signingSecretId
            ?? (app.kind == .authoring && time < schedule.legacyKeyRetiredAt ? "sec-embed-legacy" : app.signingSecretId)
        switch anomaly {
        case .none: break
        case .missingIdentity: identities = []
        case .paginatedByMasterUser:
            (workspaceId, reports, datasets, targetWorkspaces) = ("ws-finance", ["rpt-invoices"], [], [])
            level = .view
        case .personalWorkspace: workspaceId = "me"
        case .staleReport: reports.append("rpt-sales-2019")
        case .createWithoutDataset: datasets = []
        case .invalidLifetime: lifetime = .integer(0)
        case .foreignTargetWorkspace:
            let foreign = ["ws-sales", "ws-finance", "ws-hr"].first { !state.isMember(principalId, ofWorkspace: $0) }
            targetWorkspaces.append(foreign ?? "ws-archive")
        case .unknownPrincipal: principalId = "sp-legacy-integration"
        }
        let request = JSONValue.object(JSONObject(uniqueMembers: [
            (key: "principalId", value: .string(principalId)),
            (key: "entraTokenExpiresAt", value: .string(entraExpiresAt.rfc3339)),
            (key: "signingSecretId", value: .string(signingKey)),
            (key: "workspaceId", value: .string(workspaceId)),
            (key: "reports", value: .strings(reports)),
            (key: "datasets", value: .strings(datasets)),
            (key: "targetWorkspaces", value: .strings(targetWorkspaces)),
            (key: "identities", value: .array(identities)),
            (key: "accessLevel", value: .string(level.rawValue)),
            (key: "allowSaveAs", value: .bool(session.grant.allowSaveAs)),
            (key: "lifetimeMinutes", value: lifetime),
            (key: "renews", value: .string(renews)),
        ]))
        let id = identifiers.uuid()
        switch IssuanceRules.evaluate(request, tokenId: id, in: state, at: time) {
        case .rejected(let reasons):
            return (.tokenRejected(TokenRejected(requestId: id, request: request, reasons: reasons)), nil)
        case .accepted(let issued):
            let kid = SigningKeyID(secretId: issued.signingSecretId, version: issued.signingVersion)
            let signed = vault.key(for: kid).flatMap {
                HeldToken(issued, key: $0, level: level, allowSaveAs: session.grant.allowSaveAs,
                            workspaceId: workspaceId, reports: reports, datasets: datasets)
            }
            guard let signed else {
                preconditionFailure("the simulated keyring lacks the signing key \(issued.kid)")
            }
            let payload = TokenIssued(
                tokenId: issued.tokenId, request: request, kid: issued.kid, scopes: issued.scopes,
                claims: issued.claims, expiresAt: issued.expiresAt, tokenHash: signed.tokenHash, renews: issued.renews)
            return (.tokenIssued(payload), signed)
        }
    }

    /// The dataset an app's effective identity is for.
    func identityDataset(of app: EmbedApp) -> String? {
        switch app.identity {
        case .none: return nil
        case .sales: return "ds-sales"
        case .hr: return "ds-hr"
        }
    }

    /// An access request on `token`'s own resources.
    mutating func accessRequest(_ operation: Operation, for token: HeldToken, workspaceId: String? = nil) -> JSONValue {
        let workspace = workspaceId ?? token.workspaceId
        if operation.targetsDataset || token.reports.isEmpty {
            return accessRequest(operation, reportId: nil, datasetId: token.datasets.first, workspaceId: workspace)
        }
        let reportId = token.reports.count == 1 ? token.reports[0] : random.element(of: token.reports)
        return accessRequest(operation, reportId: reportId, datasetId: organisation.report(reportId)?.datasetId,
                             workspaceId: workspace)
    }

    /// `{operation, reportId, datasetId, workspaceId}` (SPEC §5.1).
    func accessRequest(_ operation: Operation, reportId: String?, datasetId: String?, workspaceId: String) -> JSONValue {
        .object(JSONObject(uniqueMembers: [
            (key: "operation", value: .string(operation.rawValue)), (key: "reportId", value: .string(reportId)),
            (key: "datasetId", value: .string(datasetId)), (key: "workspaceId", value: .string(workspaceId)),
        ]))
    }

    /// A token as handed to the access checker: the `token` object it
    /// records, and that object's JSON text when it is known in advance.
    struct Presentation {
        var envelope: JSONValue
        var text: [UInt8]?
    }

    /// What the access checker records about a token the simulation issued:
    /// `signatureValid` is a real HS256 check with the key its `kid` names.
    func presentation(of token: HeldToken) -> Presentation {
        let valid = token.keyID.flatMap(vault.key(for:)).map(token.decoded.verifySignature(key:)) ?? false
        return valid ? Presentation(envelope: token.envelopes.valid, text: token.envelopeTexts.valid)
            : Presentation(envelope: token.envelopes.invalid, text: token.envelopeTexts.invalid)
    }

    /// The same for an arbitrary presented string (forgeries), exactly as
    /// the live ``AccessChecker`` records it: decoded, then checked; an
    /// undecodable one has null claims.
    func presentation(of presented: String) -> Presentation {
        Presentation(envelope: AccessChecker.inspect(presented, keyring: vault.keyring), text: nil)
    }

    /// An `access.decided` by the rules on the state before it. Its `data`
    /// text is assembled from the presented token's ready-made text; in
    /// debug builds it is checked against a full serialisation.
    mutating func decision(request: JSONValue, presented: Presentation, at time: Timestamp) -> EventDraft {
        let outcome = DecisionRules.evaluate(request: request, token: presented.envelope, in: state, at: time)
        let decided = AccessDecided(
            decisionId: identifiers.uuid(), request: request, token: presented.envelope, outcome: outcome,
            policy: DecisionRules.policyVersion)
        let payload = EventPayload.accessDecided(decided)
        let data = payload.data
        fold(payload, at: time)
        var text: [UInt8] = []
        text.reserveCapacity(1_200)
        text.append(contentsOf: #"{"decisionId":"#.utf8)
        JSONWriter.appendString(decided.decisionId, to: &text)
        text.append(contentsOf: #","request":"#.utf8)
        JSONWriter.append(request, to: &text)
        text.append(contentsOf: #","token":"#.utf8)
        if let ready = presented.text { text.append(contentsOf: ready) } else { JSONWriter.append(presented.envelope, to: &text) }
        text.append(contentsOf: #","outcome":{"effect":"#.utf8)
        JSONWriter.appendString(outcome.effect.rawValue, to: &text)
        for (name, strings) in [(#","reasons":["#, outcome.reasons), (#"],"roles":["#, outcome.roles)] {
            text.append(contentsOf: name.utf8)
            for (index, string) in strings.enumerated() {
                if index > 0 { text.append(UInt8(ascii: ",")) }
                JSONWriter.appendString(string, to: &text)
            }
        }
        text.append(contentsOf: "]}".utf8)
        text.append(contentsOf: #","policy":"#.utf8)
        JSONWriter.appendString(decided.policy, to: &text)
        text.append(UInt8(ascii: "}"))
        assert(text == JSONWriter.serialize(data), "the assembled access.decided text differs from its data")
        return EventDraft(type: payload.type, subject: decided.decisionId, data: data, dataBytes: text, time: time)
    }
}
