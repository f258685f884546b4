/// The access-decision rules (SPEC §5): may this embed token do this operation now?
///
/// Where the SPEC leaves room, these rules decide (the conformance examples
/// agree with every choice they exercise):
/// - a missing `reportId` / `datasetId` reads as `null`; a missing
///   `workspaceId` is `request.invalid`;
/// - `exp` / `nbf` may be any JSON number (compared as `× 1000` ms);
///   non-string `aud`, `type` or `wid` simply mismatch;
/// - `kid` splits at its last `@`; the version is plain decimal digits;
/// - the scope `Dataset.Read` (or `Dataset.ReadWrite`) is not tied to a
///   dataset (rule 12 restricts which ones); `Report.Read` implies it only
///   for datasets of reports the token names; an `scp` that is neither a
///   string nor an array grants nothing;
/// - a request whose dataset cannot be determined (report unregistered, or
///   both ids null) gets `resource.unknown`, and for `create` /
///   `createAndSave` also `resource.not_in_token`;
/// - an empty `username` counts as no identity (rules 14–15); a token whose
///   principal was not registered when it was issued counts as a service
///   principal's, like an unknown token;
/// - `roles` in the outcome are listed only when RLS applies and the token
///   names a user (otherwise `[]`), whatever other reasons apply.
public enum DecisionRules {
    /// The policy these rules implement; recorded in every `access.decided`.
    public static let policyVersion = "2026.11"

    /// How early a token may be used before its `nbf` (clock skew).
    static let notBeforeLeewayMilliseconds: Double = 60_000

    /// Decides an access request.
    ///
    /// A request outside the §5.1 domains gives `[request.invalid]`; then a
    /// token without usable claims gives `[token.malformed]`; both with
    /// roles `[]`. Otherwise every reason of rules 1–15 that applies is
    /// collected in rule order, and the roles are the effective roles.
    ///
    /// - Parameters:
    ///   - request: `{operation, reportId, datasetId, workspaceId}` as presented.
    ///   - token: `{tokenId, tokenHash, kid, signatureValid, claims}` as presented.
    ///   - state: The state before the decision.
    ///   - time: The event `time` t.
    /// - Returns: The effect, the reasons and the effective roles.
    public static func evaluate(
        request: JSONValue, token: JSONValue, in state: AuditState, at time: Timestamp
    ) -> AccessOutcome {
        let (reasons, roles) = evaluate(AccessRequest(request), PresentedToken(token), in: state, at: time)
        return AccessOutcome(reasons: reasons.map(\.rawValue), roles: roles)
    }

    /// Decides a request already read: nil for a request outside the §5.1
    /// domains (`request.invalid`) or a token without usable claims
    /// (`token.malformed`), both with roles `[]`.
    static func evaluate(
        _ request: AccessRequest?, _ token: PresentedToken?, in state: AuditState, at time: Timestamp
    ) -> (reasons: [DecisionReason], roles: [String]) {
        guard let request else { return ([.requestInvalid], []) }
        guard let token else { return ([.tokenMalformed], []) }
        return evaluate(request, token, in: state, at: time)
    }

    static func evaluate(
        _ request: AccessRequest, _ token: PresentedToken, in state: AuditState, at time: Timestamp
    ) -> (reasons: [DecisionReason], roles: [String]) {
        var reasons: [DecisionReason] = []
        let now = Double(time.milliseconds)

        // 1. token.signature_invalid
        if !token.signatureValid { reasons.append(.tokenSignatureInvalid) }
        // 2. key.* and 3. key.superseded, on the secret `kid` names.
        let key = token.kid.flatMap(SigningKeyID.init)
        let secret = key.flatMap { state.secret(id: $0.secretId) }
        if let key, let secret, secret.hasVersion(key.version) {
            if secret.isRevoked {
                reasons.append(.keyRevoked)
            } else if secret.isExpired(at: time) {
                reasons.append(.keyExpired)
            }
            if secret.isSuperseded(version: key.version, at: time) { reasons.append(.keySuperseded) }
        } else {
            reasons.append(.keyUnknown)
        }
        // 4. token.unknown, 5. token.revoked
        let record = token.tokenId.flatMap { state.tokenInfo(id: $0) }
        if let record {
            if record.isRevoked { reasons.append(.tokenRevoked) }
        } else {
            reasons.append(.tokenUnknown)
        }
        // 6. token.expired, 7. token.not_yet_valid
        if now >= token.expiresAtMilliseconds { reasons.append(.tokenExpired) }
        if now < token.notBeforeMilliseconds - notBeforeLeewayMilliseconds { reasons.append(.tokenNotYetValid) }
        // 8. token.audience_mismatch, 9. token.type_unsupported, 10. workspace.mismatch
        if !token.hasPowerBIAudience { reasons.append(.tokenAudienceMismatch) }
        if !token.isEmbed { reasons.append(.tokenTypeUnsupported) }
        if token.workspace != request.workspaceId { reasons.append(.workspaceMismatch) }

        // 11. resource.unknown: the request's dataset is the report's when `reportId` is set.
        let report = request.reportId.flatMap { state.report(id: $0) }
        let datasetId = request.reportId == nil ? request.datasetId : report?.datasetId
        let dataset = datasetId.flatMap { state.dataset(id: $0) }
        if (request.reportId != nil && report == nil) || dataset == nil { reasons.append(.resourceUnknown) }

        // 12. resource.not_in_token (whether or not rule 11 applied).
        let tokenReports = token.reports
        func tokenHoldsReport(of datasetId: String) -> Bool {
            tokenReports.contains { state.report(id: $0)?.datasetId == datasetId }
        }
        let inToken: Bool
        if request.operation.targetsDataset {
            inToken = datasetId.map { token.namesDataset($0) || tokenHoldsReport(of: $0) } ?? false
        } else {
            inToken = request.reportId.map { tokenReports.contains($0) } ?? false
        }
        if !inToken { reasons.append(.resourceNotInToken) }

        // 13. scope.insufficient
        let scopes = token.scopes
        func holdsDatasetRead() -> Bool {
            if scopes.datasetRead { return true }
            guard scopes.reportRead, let datasetId else { return false }
            return tokenHoldsReport(of: datasetId)
        }
        let granted: Bool
        switch request.operation {
        case .view: granted = scopes.reportRead
        case .editAndSave: granted = scopes.reportReadWrite
        case .saveAs: granted = scopes.reportRead && scopes.workspaceReportCopy
        case .create: granted = holdsDatasetRead()
        case .createAndSave: granted = holdsDatasetRead() && scopes.workspaceReportCreate
        }
        if !granted { reasons.append(.scopeInsufficient) }

        // 14–15: row-level security (an unknown dataset counts as `none`).
        var roles: [String] = []
        if let dataset, dataset.rlsType.enforcesRowLevelSecurity {
            if let username = token.username {
                roles = token.narrow(state.assignedRoles(of: username, on: dataset.datasetId)).sortedOrdinally()
                if roles.isEmpty { reasons.append(.rlsUserNotAssociated) }
            } else if record?.principalKind != .masterUser {
                // A master user's token without identity sees the whole model.
                reasons.append(.rlsIdentityRequired)
            }
        }
        return (reasons, roles)
    }
}
