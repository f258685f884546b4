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
    public static let policyVersion = policyVersionLiteral.description
    /// ``policyVersion`` as a literal, for comparing bytes with it.
    static let policyVersionLiteral: StaticString = "2026.11"

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
    /// - Parameter lookups: where to read `state`: by default straight from
    ///   it; a caller deciding many requests (the replayer) may keep answers at hand.
    static func evaluate<Lookups: DecisionLookups>(
        _ query: DecisionQuery, in state: AuditState, at time: Timestamp, lookups: inout Lookups
    ) -> (reasons: DecisionReasons, roles: [String]) {
        switch query {
        case .requestInvalid: return (.requestInvalid, [])
        case .tokenMalformed: return (.tokenMalformed, [])
        case .checked(let checks): return evaluate(checks, in: state, at: time, lookups: &lookups)
        }
    }

    static func evaluate(
        _ query: DecisionQuery, in state: AuditState, at time: Timestamp
    ) -> (reasons: DecisionReasons, roles: [String]) {
        var lookups = StateLookups()
        return evaluate(query, in: state, at: time, lookups: &lookups)
    }

    /// Rules 1–15: the reasons `checks` found without the state, and those the state gives.
    ///
    /// No closure here captures `state`: one that did would copy it (and
    /// retain every dictionary in it) on every decision.
    static func evaluate<Lookups: DecisionLookups>(
        _ checks: DecisionChecks, in state: AuditState, at time: Timestamp, lookups: inout Lookups
    ) -> (reasons: DecisionReasons, roles: [String]) {
        var reasons = checks.reasons
        let token = checks.token

        // Records are read in place (``DecisionLookups/withSecret(_:in:_:)``): copying one retains each of its strings.
        // 2. key.* and 3. key.superseded, on the secret `kid` names.
        var keyReasons: DecisionReasons?
        if let key = token.key {
            keyReasons = lookups.withSecret(key.secretId, in: state) { secret -> DecisionReasons? in
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
        var record: TokenStanding?
        if let tokenId = token.tokenId { record = lookups.tokenStanding(tokenId, in: state) }
        if let record {
            if record.isRevoked { reasons.insert(.tokenRevoked) }
        } else {
            reasons.insert(.tokenUnknown)
        }

        // 11. resource.unknown: the request's dataset is the report's when `reportId` is set.
        let request = checks.request
        var reportDataset: String??
        if let reportId = request.reportId { reportDataset = .some(lookups.datasetOfReport(reportId, in: state)) }
        let datasetId: String? = request.reportId == nil ? request.datasetId : reportDataset.flatMap { $0 }
        var rlsType: RLSType?
        if let datasetId { rlsType = lookups.rlsType(ofDataset: datasetId, in: state) }
        if (request.reportId != nil && reportDataset == .some(nil)) || rlsType == nil { reasons.insert(.resourceUnknown) }

        // 12. resource.not_in_token (whether or not rule 11 applied).
        let inToken: Bool
        if request.operation.targetsDataset {
            if let datasetId {
                inToken = token.namesDataset(datasetId) || holdsReport(ofDataset: datasetId, token, in: state, &lookups)
            } else {
                inToken = false
            }
        } else {
            inToken = token.namesRequestedReport
        }
        if !inToken { reasons.insert(.resourceNotInToken) }

        // 13. scope.insufficient
        let scopes = token.scopes
        let granted: Bool
        switch request.operation {
        case .view: granted = scopes.reportRead
        case .editAndSave: granted = scopes.reportReadWrite
        case .saveAs: granted = scopes.reportRead && scopes.workspaceReportCopy
        case .create, .createAndSave:
            // `Dataset.Read`, held or implied by `Report.Read` on a report of the dataset.
            var holdsDatasetRead = scopes.datasetRead
            if !holdsDatasetRead, scopes.reportRead, let datasetId {
                holdsDatasetRead = holdsReport(ofDataset: datasetId, token, in: state, &lookups)
            }
            granted = holdsDatasetRead && (request.operation == .create || scopes.workspaceReportCreate)
        }
        if !granted { reasons.insert(.scopeInsufficient) }

        // 14–15: row-level security (an unknown dataset counts as `none`).
        var roles: [String] = []
        if let datasetId, let rlsType, rlsType.enforcesRowLevelSecurity {
            if let username = token.username {
                roles = token.narrow(lookups.assignedRoles(of: username, on: datasetId, in: state))
                if roles.isEmpty { reasons.insert(.rlsUserNotAssociated) }
            } else if record?.principalKind != .masterUser {
                // A master user's token without identity sees the whole model.
                reasons.insert(.rlsIdentityRequired)
            }
        }
        return (reasons, roles)
    }

    /// Whether `token` names a report of the dataset `datasetId`.
    private static func holdsReport<Lookups: DecisionLookups>(
        ofDataset datasetId: String, _ token: PresentedToken, in state: AuditState, _ lookups: inout Lookups
    ) -> Bool {
        for reportId in token.reports where lookups.datasetOfReport(reportId, in: state) == datasetId { return true }
        return false
    }
}
