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
        let query = DecisionQuery(request: AccessRequest(request), token: token, at: time)
        let (reasons, roles) = evaluate(query, in: state, at: time)
        return AccessOutcome(reasons: reasons.reasons.map(\.rawValue), roles: roles)
    }

    /// Decides a query already read from the request and token.
    /// - Parameter assignedRoles: the roles of a dataset (second argument)
    ///   assigned to a user (first), sorted: by default ``AuditState/assignedRoles(of:on:)``;
    ///   a caller deciding many requests on the same state may remember them.
    /// - Parameter tokenStanding: what the state says of a token id: by
    ///   default ``AuditState/tokenStanding(id:)``; a caller that keeps the
    ///   same facts at hand (the replayer) may answer faster.
    static func evaluate(
        _ query: DecisionQuery, in state: AuditState, at time: Timestamp,
        tokenStanding: (TokenReference) -> TokenStanding?, assignedRoles: (String, String) -> [String]
    ) -> (reasons: DecisionReasons, roles: [String]) {
        switch query {
        case .requestInvalid: return (.requestInvalid, [])
        case .tokenMalformed: return (.tokenMalformed, [])
        case .checked(let checks):
            return evaluate(checks, in: state, at: time, tokenStanding: tokenStanding, assignedRoles: assignedRoles)
        }
    }

    static func evaluate(
        _ query: DecisionQuery, in state: AuditState, at time: Timestamp,
        assignedRoles: (String, String) -> [String]
    ) -> (reasons: DecisionReasons, roles: [String]) {
        evaluate(query, in: state, at: time, tokenStanding: { state.tokenStanding(id: $0.string) }, assignedRoles: assignedRoles)
    }

    static func evaluate(
        _ query: DecisionQuery, in state: AuditState, at time: Timestamp
    ) -> (reasons: DecisionReasons, roles: [String]) {
        evaluate(query, in: state, at: time) { state.assignedRoles(of: $0, on: $1).sortedOrdinally() }
    }

    /// Rules 1–15: the reasons `checks` found without the state, and those the state gives.
    static func evaluate(
        _ checks: DecisionChecks, in state: AuditState, at time: Timestamp,
        tokenStanding: (TokenReference) -> TokenStanding?, assignedRoles: (String, String) -> [String]
    ) -> (reasons: DecisionReasons, roles: [String]) {
        var reasons = checks.reasons
        let token = checks.token

        // Records are read in place (``AuditState/withRecord(_:in:_:)``): copying one retains each of its strings.
        // 2. key.* and 3. key.superseded, on the secret `kid` names.
        let keyReasons: DecisionReasons? = token.key.flatMap { key in
            AuditState.withRecord(key.secretId, in: state.secrets) { secret -> DecisionReasons? in
                guard secret.hasVersion(key.version) else { return nil }
                var reasons: DecisionReasons = []
                if secret.isRevoked {
                    reasons.insert(.keyRevoked)
                } else if secret.isExpired(at: time) {
                    reasons.insert(.keyExpired)
                }
                if secret.isSuperseded(version: key.version, at: time) { reasons.insert(.keySuperseded) }
                return reasons
            } ?? nil
        }
        reasons.formUnion(keyReasons ?? .keyUnknown)
        // 4. token.unknown, 5. token.revoked
        let record = token.tokenId.flatMap(tokenStanding)
        if let record {
            if record.isRevoked { reasons.insert(.tokenRevoked) }
        } else {
            reasons.insert(.tokenUnknown)
        }

        // 11. resource.unknown: the request's dataset is the report's when `reportId` is set.
        let request = checks.request
        func datasetOfReport(_ reportId: String) -> String? {
            AuditState.withRecord(reportId, in: state.reports) { $0.datasetId }
        }
        let reportDataset: String?? = request.reportId.map(datasetOfReport)
        let datasetId: String? = request.reportId == nil ? request.datasetId : reportDataset.flatMap { $0 }
        let rlsType = datasetId.flatMap { id in AuditState.withRecord(id, in: state.datasets) { $0.rlsType } }
        if (request.reportId != nil && reportDataset == .some(nil)) || rlsType == nil { reasons.insert(.resourceUnknown) }

        // 12. resource.not_in_token (whether or not rule 11 applied).
        func tokenHoldsReport(of datasetId: String) -> Bool {
            token.reports.contains { datasetOfReport($0) == datasetId }
        }
        let inToken: Bool
        if request.operation.targetsDataset {
            inToken = datasetId.map { token.namesDataset($0) || tokenHoldsReport(of: $0) } ?? false
        } else {
            inToken = token.namesRequestedReport
        }
        if !inToken { reasons.insert(.resourceNotInToken) }

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
        if !granted { reasons.insert(.scopeInsufficient) }

        // 14–15: row-level security (an unknown dataset counts as `none`).
        var roles: [String] = []
        if let datasetId, let rlsType, rlsType.enforcesRowLevelSecurity {
            if let username = token.username {
                roles = token.narrow(assignedRoles(username, datasetId))
                if roles.isEmpty { reasons.insert(.rlsUserNotAssociated) }
            } else if record?.principalKind != .masterUser {
                // A master user's token without identity sees the whole model.
                reasons.insert(.rlsIdentityRequired)
            }
        }
        return (reasons, roles)
    }
}
