import Chronicle

/// Terse builders for every §3 event, with sensible defaults, for the
/// `given` and `then` of a test. Each sets the subject §3 gives the type;
/// `at` sets the event `time` (nil: the append's time when given, not
/// compared when expected).
///
/// ```swift
/// try scenario.given([
///     .secretCreated(id: "cred-1", kind: .clientSecret),
///     .principalRegistered(id: "sp-1", credential: "cred-1"),
///     .workspaceMemberAdded(workspace: "ws-1", principal: "sp-1"),
/// ])
/// ```
extension EventDraft {
    /// A placeholder fingerprint (64 zero digits); ``LogScenario/createSecret(_:value:kind:owner:expiresAt:at:)``
    /// computes real ones.
    public static let placeholderFingerprint = "hmac-sha256:" + String(repeating: "0", count: 64)

    public static func secretCreated(
        id: String, kind: SecretKind = .accessKey, owner: String = "admin", hint: String = "xyz",
        fingerprint: String = placeholderFingerprint, expiresAt: Timestamp? = nil, description: String? = nil,
        at time: Timestamp? = nil
    ) -> EventDraft {
        EventDraft(.secretCreated(SecretCreated(secretId: id, kind: kind, owner: owner, hint: hint,
                                                fingerprint: fingerprint, expiresAt: expiresAt,
                                                description: description)), time: time)
    }

    public static func secretRotated(
        id: String, version: Int64, hint: String = "xyz", fingerprint: String = placeholderFingerprint,
        expiresAt: Timestamp? = nil, previousValidUntil: Timestamp? = nil, at time: Timestamp? = nil
    ) -> EventDraft {
        EventDraft(.secretRotated(SecretRotated(secretId: id, version: version, hint: hint, fingerprint: fingerprint,
                                                expiresAt: expiresAt, previousValidUntil: previousValidUntil)),
                   time: time)
    }

    public static func secretRevoked(id: String, reason: String = "revoked in a test", at time: Timestamp? = nil)
        -> EventDraft
    {
        EventDraft(.secretRevoked(SecretRevoked(secretId: id, reason: reason)), time: time)
    }

    public static func principalRegistered(
        id: String, kind: PrincipalKind = .servicePrincipal, credential: String, at time: Timestamp? = nil
    ) -> EventDraft {
        EventDraft(.principalRegistered(PrincipalRegistered(principalId: id, kind: kind, credentialSecretId: credential)),
                   time: time)
    }

    public static func workspaceMemberAdded(workspace: String, principal: String, at time: Timestamp? = nil)
        -> EventDraft
    {
        EventDraft(.workspaceMemberAdded(WorkspaceMembership(workspaceId: workspace, principalId: principal)), time: time)
    }

    public static func workspaceMemberRemoved(workspace: String, principal: String, at time: Timestamp? = nil)
        -> EventDraft
    {
        EventDraft(.workspaceMemberRemoved(WorkspaceMembership(workspaceId: workspace, principalId: principal)),
                   time: time)
    }

    public static func datasetConfigured(
        id: String, workspace: String, rls: RLSType = .none, roles: [String] = [], at time: Timestamp? = nil
    ) -> EventDraft {
        EventDraft(.datasetConfigured(DatasetConfigured(datasetId: id, workspaceId: workspace, rlsType: rls,
                                                        roles: roles)), time: time)
    }

    public static func reportRegistered(id: String, workspace: String, dataset: String, at time: Timestamp? = nil)
        -> EventDraft
    {
        EventDraft(.reportRegistered(ReportRegistered(reportId: id, workspaceId: workspace, datasetId: dataset)),
                   time: time)
    }

    public static func groupMemberAdded(group: String, user: String, at time: Timestamp? = nil) -> EventDraft {
        EventDraft(.groupMemberAdded(GroupMembership(groupId: group, userId: user)), time: time)
    }

    public static func groupMemberRemoved(group: String, user: String, at time: Timestamp? = nil) -> EventDraft {
        EventDraft(.groupMemberRemoved(GroupMembership(groupId: group, userId: user)), time: time)
    }

    public static func rlsAssigned(dataset: String, role: String, member: String, at time: Timestamp? = nil)
        -> EventDraft
    {
        EventDraft(.rlsAssigned(RLSAssignment(datasetId: dataset, role: role, member: member)), time: time)
    }

    public static func rlsUnassigned(dataset: String, role: String, member: String, at time: Timestamp? = nil)
        -> EventDraft
    {
        EventDraft(.rlsUnassigned(RLSAssignment(datasetId: dataset, role: role, member: member)), time: time)
    }

    /// The `token.issued` that accepting `request` at `time` records (SPEC
    /// §4.2): `kid`, `scopes`, `claims` and `expiresAt` derived from the
    /// request as the rules derive them, whatever the state. A request out
    /// of the §4.1 domains gives empty `kid`, `scopes` and `claims` and
    /// `expiresAt` = `time`.
    /// - Parameters:
    ///   - signingVersion: The signing secret's current version (the `kid`'s).
    ///   - time: The event time t: it sets `nbf`, `exp` and `expiresAt`, and the draft's `time`.
    ///   - tokenHash: Ignored by comparisons unless asked; any string.
    public static func tokenIssued(
        tokenId: String, request: JSONValue, signingVersion: Int64 = 1, at time: Timestamp, tokenHash: String = ""
    ) -> EventDraft {
        let token = IssuanceRules.token(for: request, tokenId: tokenId, signingVersion: signingVersion, at: time)
        return EventDraft(
            .tokenIssued(TokenIssued(
                tokenId: tokenId, request: request, kid: token?.kid ?? "", scopes: token?.scopes ?? [],
                claims: token?.claims ?? [:], expiresAt: token?.expiresAt ?? time, tokenHash: tokenHash,
                renews: token?.renews)),
            time: time)
    }

    public static func tokenRejected(
        requestId: String, request: JSONValue, reasons: [String], at time: Timestamp? = nil
    ) -> EventDraft {
        EventDraft(.tokenRejected(TokenRejected(requestId: requestId, request: request, reasons: reasons)), time: time)
    }

    public static func tokenRevoked(tokenId: String, reason: String = "revoked in a test", at time: Timestamp? = nil)
        -> EventDraft
    {
        EventDraft(.tokenRevoked(TokenRevoked(tokenId: tokenId, reason: reason)), time: time)
    }

    /// An `access.decided` under the current policy; the effect follows from the reasons.
    /// - Parameter token: The §5.1 `token` object (``JSONValue/presentedToken(of:signatureValid:)``).
    public static func accessDecided(
        decisionId: String, request: JSONValue, token: JSONValue, reasons: [String] = [], roles: [String] = [],
        policy: String = DecisionRules.policyVersion, at time: Timestamp? = nil
    ) -> EventDraft {
        EventDraft(.accessDecided(AccessDecided(decisionId: decisionId, request: request, token: token,
                                                outcome: AccessOutcome(reasons: reasons, roles: roles),
                                                policy: policy)), time: time)
    }
}
