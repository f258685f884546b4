/// The GenerateToken rules (SPEC §4): who may get an embed token, and what it holds.
///
/// Where the SPEC leaves room, these rules decide (see ``IssuanceRequest``
/// for the request's domains):
/// - rule 6 checks the workspaces of registered reports and datasets only
///   (unregistered ones are rule 7's business);
/// - rules 8–9 look at registered datasets only; any identity with a
///   non-empty `username`, not just the first, may name a dataset for rule 9;
/// - a `lifetimeMinutes` so large that t + lifetime overflows saturates, so
///   the Entra expiry caps it;
/// - `kid` names the signing secret's *current* version at t.
public enum IssuanceRules {
    /// The `aud` of every embed token.
    public static let audience = "https://analysis.windows.net/powerbi/api"

    /// Evaluates a GenerateToken request.
    ///
    /// A request outside the §4.1 domains gives `[request.invalid]` and
    /// nothing else is checked. Otherwise every reason of rules 1–10 that
    /// applies is collected, in rule order.
    ///
    /// - Parameters:
    ///   - request: The request as received (SPEC §4.1).
    ///   - tokenId: The `jti` the token gets if accepted.
    ///   - state: The state built from every earlier event.
    ///   - time: The event `time` t.
    /// - Returns: The token to sign, or the reasons.
    public static func evaluate(
        _ request: JSONValue, tokenId: String, in state: AuditState, at time: Timestamp
    ) -> IssuanceOutcome {
        guard let request = IssuanceRequest(request) else {
            return .rejected(reasons: [IssuanceReason.requestInvalid.rawValue])
        }
        let reasons = self.reasons(for: request, in: state, at: time)
        guard reasons.isEmpty else { return .rejected(reasons: reasons.map(\.rawValue)) }
        // Rule 3 passed, so the signing secret is known.
        let version = state.secret(id: request.signingSecretId)?.version ?? 1
        return .accepted(token(for: request, tokenId: tokenId, signingVersion: version, at: time))
    }

    /// What replay compares (SPEC §10) for a request already read (nil: out
    /// of the §4.1 domains), without building the token.
    static func verdict(for request: IssuanceRequest?, in state: AuditState, at time: Timestamp) -> IssuanceVerdict {
        guard let request else { return .rejected(reasons: [IssuanceReason.requestInvalid.rawValue]) }
        let reasons = self.reasons(for: request, in: state, at: time)
        guard reasons.isEmpty else { return .rejected(reasons: reasons.map(\.rawValue)) }
        return .accepted(
            scopes: scopes(for: request.accessLevel, allowSaveAs: request.allowSaveAs),
            expiresAt: request.expiry(issuedAt: time).expiresAt)
    }

    /// Rules 1–10 on a request inside the domains.
    static func reasons(for request: IssuanceRequest, in state: AuditState, at time: Timestamp) -> [IssuanceReason] {
        var reasons: [IssuanceReason] = []
        let principal = state.principal(id: request.principalId)

        // 1. principal.unknown (then rules 2, 8 and 9 are skipped).
        if principal == nil { reasons.append(.principalUnknown) }
        // 2. credential.*
        if let principal, let problem = state.problem(withSecret: principal.credentialSecretId, at: time) {
            switch problem {
            case .unknown: reasons.append(.credentialUnknown)
            case .revoked: reasons.append(.credentialRevoked)
            case .expired: reasons.append(.credentialExpired)
            }
        }
        // 3. key.*
        if let problem = state.problem(withSecret: request.signingSecretId, at: time) {
            switch problem {
            case .unknown: reasons.append(.keyUnknown)
            case .revoked: reasons.append(.keyRevoked)
            case .expired: reasons.append(.keyExpired)
            }
        }
        // 4. entra.expired
        if request.entraTokenExpiresAt <= time { reasons.append(.entraExpired) }
        // 5. workspace.personal
        if request.workspaceId == personalWorkspace { reasons.append(.workspacePersonal) }
        // 6. workspace.not_member: every workspace the request touches, except `me`.
        if !isMemberOfEveryTouchedWorkspace(request, in: state) { reasons.append(.workspaceNotMember) }
        // 7. resource.unknown
        // Looked up, not copied out: a copied record retains each of its strings.
        if request.reports.contains(where: { state.reports.index(forKey: $0) == nil })
            || request.datasets.contains(where: { state.datasets.index(forKey: $0) == nil })
        {
            reasons.append(.resourceUnknown)
        }
        // 8–9 look at the request's datasets: `datasets` plus the reports' datasets.
        if let principal {
            let datasets = requestDatasets(request, in: state)
            // 8. rdl.master_user
            if principal.kind == .masterUser,
               datasets.contains(where: { AuditState.withRecord($0, in: state.datasets) { $0.rlsType } == .rdl })
            {
                reasons.append(.rdlMasterUser)
            }
            // 9. rls.identity_required
            if principal.kind == .servicePrincipal,
               datasets.contains(where: { id in
                   guard AuditState.withRecord(id, in: state.datasets, { $0.rlsType.enforcesRowLevelSecurity }) == true
                   else { return false }
                   return !request.identities.contains { $0.isPresent && $0.datasets.contains(id) }
               })
            {
                reasons.append(.rlsIdentityRequired)
            }
        }
        // 10. create.dataset_required (the reports' datasets do not count).
        if request.accessLevel == .create, request.datasets.isEmpty { reasons.append(.createDatasetRequired) }
        return reasons
    }

    /// "My workspace", which cannot embed and is never checked for membership.
    static let personalWorkspace = "me"

    private static func isMemberOfEveryTouchedWorkspace(_ request: IssuanceRequest, in state: AuditState) -> Bool {
        func isMember(_ workspaceId: String) -> Bool {
            workspaceId == personalWorkspace || state.isMember(request.principalId, ofWorkspace: workspaceId)
        }
        guard isMember(request.workspaceId) else { return false }
        for reportId in request.reports {
            if let workspaceId = AuditState.withRecord(reportId, in: state.reports, { $0.workspaceId }), !isMember(workspaceId) {
                return false
            }
        }
        for datasetId in request.datasets {
            if let workspaceId = AuditState.withRecord(datasetId, in: state.datasets, { $0.workspaceId }), !isMember(workspaceId) {
                return false
            }
        }
        return request.targetWorkspaces.allSatisfy(isMember)
    }

    /// `datasets` plus the registered datasets of the registered `reports`.
    private static func requestDatasets(_ request: IssuanceRequest, in state: AuditState) -> [String] {
        var datasets = request.datasets
        for reportId in request.reports {
            if let datasetId = AuditState.withRecord(reportId, in: state.reports, { $0.datasetId }) { datasets.append(datasetId) }
        }
        return datasets
    }

    /// The scopes an access level grants, sorted (SPEC §4.2).
    static func scopes(for level: AccessLevel, allowSaveAs: Bool) -> [String] {
        switch (level, allowSaveAs) {
        case (.view, false): return viewScopes
        case (.view, true): return viewScopesWithSaveAs
        case (.edit, false): return editScopes
        case (.edit, true): return editScopesWithSaveAs
        case (.create, false): return createScopes
        case (.create, true): return createScopesWithSaveAs
        }
    }

    // Every request of a level gets the same scopes: worked out once (``scopesWorkedOut(for:allowSaveAs:)``).
    private static let viewScopes = scopesWorkedOut(for: .view, allowSaveAs: false)
    private static let viewScopesWithSaveAs = scopesWorkedOut(for: .view, allowSaveAs: true)
    private static let editScopes = scopesWorkedOut(for: .edit, allowSaveAs: false)
    private static let editScopesWithSaveAs = scopesWorkedOut(for: .edit, allowSaveAs: true)
    private static let createScopes = scopesWorkedOut(for: .create, allowSaveAs: false)
    private static let createScopesWithSaveAs = scopesWorkedOut(for: .create, allowSaveAs: true)

    /// The scopes of `level`, plus `Workspace.Report.Copy` with `allowSaveAs`, sorted ordinally.
    private static func scopesWorkedOut(for level: AccessLevel, allowSaveAs: Bool) -> [String] {
        var scopes: [String]
        switch level {
        case .view: scopes = [Scope.reportRead.description]
        case .edit: scopes = [Scope.reportReadWrite.description]
        case .create: scopes = [Scope.datasetRead.description, Scope.workspaceReportCreate.description]
        }
        if allowSaveAs { scopes.append(Scope.workspaceReportCopy.description) }
        return scopes.sortedOrdinally()
    }

    /// The token §4.2 gives `request` at `time` if the rules accept it,
    /// whatever the state says: for the test kit's `token.issued` builders.
    /// Nil when the request is outside the §4.1 domains.
    package static func token(
        for request: JSONValue, tokenId: String, signingVersion: Int64, at time: Timestamp
    ) -> IssuedToken? {
        IssuanceRequest(request).map { token(for: $0, tokenId: tokenId, signingVersion: signingVersion, at: time) }
    }

    private static func token(
        for request: IssuanceRequest, tokenId: String, signingVersion: Int64, at time: Timestamp
    ) -> IssuedToken {
        let scopes = scopes(for: request.accessLevel, allowSaveAs: request.allowSaveAs)
        let (expiresAt, capped) = request.expiry(issuedAt: time)
        let kid = "\(request.signingSecretId)@\(signingVersion)"

        var claims = PayloadWriter(capacity: 14)
        claims.add("ver", "0.2.0")
        claims.add("aud", audience)
        claims.add("iss", request.principalId)
        claims.add("type", "embed")
        claims.add("wid", request.workspaceId)
        claims.add("rid", .string(request.reports.first))
        claims.add("reports", .strings(request.reports))
        claims.add("datasets", .strings(request.datasets))
        if let identity = request.claimedIdentity {
            claims.add("username", identity.username)
            claims.add("roles", .strings(identity.roles))
        }
        claims.add("scp", scopes.joined(separator: " "))
        claims.add("nbf", .integer(time.unixSeconds))
        claims.add("exp", .integer(expiresAt.unixSeconds))
        claims.add("jti", tokenId)

        return IssuedToken(
            tokenId: tokenId, kid: kid, signingSecretId: request.signingSecretId, signingVersion: signingVersion,
            scopes: scopes, issuedAt: time, expiresAt: expiresAt, cappedByEntra: capped, renews: request.renews,
            header: ["alg": "HS256", "typ": "JWT", "kid": .string(kid)], claims: claims.json)
    }
}
