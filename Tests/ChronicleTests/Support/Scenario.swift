import Testing
@testable import Chronicle

extension Timestamp {
    /// 2026-11-20T10:00:00.000Z, the "now" of most scenarios.
    static let t0 = Timestamp(milliseconds: 1_795_168_800_000)

    func plus(days: Int64 = 0, hours: Int64 = 0, minutes: Int64 = 0, seconds: Int64 = 0, milliseconds: Int64 = 0)
        -> Timestamp
    {
        adding(milliseconds: (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000 + milliseconds)
    }
}

extension JSONValue {
    /// A copy of this object with `key` set to `value` (nil removes it).
    func setting(_ key: String, _ value: JSONValue?) -> JSONValue {
        guard case .object(var object) = self else { return self }
        object[key] = value
        return .object(object)
    }

    /// A copy of this presented token with one claim set (nil removes it).
    func settingClaim(_ key: String, _ value: JSONValue?) -> JSONValue {
        setting("claims", (self["claims"] ?? [:]).setting(key, value))
    }
}

/// An envelope around `payload`, as a writer would seal it (hashes are not checked here).
func makeEvent(_ payload: EventPayload, at time: Timestamp, seq: Int64, id: String? = nil) -> Event {
    makeEvent(type: payload.type, data: payload.data, subject: payload.subject ?? "", at: time, seq: seq, id: id)
}

func makeEvent(type: String, data: JSONValue, subject: String = "", at time: Timestamp, seq: Int64, id: String? = nil)
    -> Event
{
    Event(
        id: id ?? "event-\(seq)", source: "/orgs/test", type: type, time: time, subject: subject, seq: seq,
        prevhash: Event.genesisHash, data: data, hash: String(repeating: "a", count: 64))
}

/// A GenerateToken request (SPEC §4.1) with sensible defaults.
func issuanceRequest(
    principal: String = "sp-1", key: String = "key-1", workspace: String = "ws-1", reports: [String] = ["rep-none"],
    datasets: [String] = [], identities: [JSONValue] = [], level: String = "View", allowSaveAs: Bool = false,
    lifetimeMinutes: JSONValue? = nil, entraExpiresAt: Timestamp = .t0.plus(hours: 2),
    targetWorkspaces: [String] = [], renews: String? = nil
) -> JSONValue {
    var request: JSONValue = [
        "principalId": .string(principal), "entraTokenExpiresAt": .string(entraExpiresAt.rfc3339),
        "signingSecretId": .string(key), "workspaceId": .string(workspace), "reports": .strings(reports),
        "datasets": .strings(datasets), "targetWorkspaces": .strings(targetWorkspaces), "identities": .array(identities),
        "accessLevel": .string(level), "allowSaveAs": .bool(allowSaveAs), "renews": .string(renews),
    ]
    if let lifetimeMinutes { request = request.setting("lifetimeMinutes", lifetimeMinutes) }
    return request
}

/// An effective identity of a GenerateToken request.
func identity(_ username: String, roles: [String] = [], datasets: [String]) -> JSONValue {
    ["username": .string(username), "roles": .strings(roles), "datasets": .strings(datasets)]
}

/// An access request (SPEC §5.1).
func accessRequest(
    _ operation: String = "view", report: String? = "rep-none", dataset: String? = nil, workspace: String = "ws-1"
) -> JSONValue {
    ["operation": .string(operation), "reportId": .string(report), "datasetId": .string(dataset),
     "workspaceId": .string(workspace)]
}

/// A token as a decision sees it, built from what issuance accepted.
func presented(_ token: IssuedToken, signatureValid: Bool = true) -> JSONValue {
    ["tokenId": .string(token.tokenId), "tokenHash": "0000", "kid": .string(token.kid),
     "signatureValid": .bool(signatureValid), "claims": token.claims]
}

/// A log being written in a test: an ``AuditState`` and the next `seq`.
struct Scenario {
    var state = AuditState()
    var seq: Int64 = 0
    /// Every event recorded so far (for replay tests).
    var events: [Event] = []

    /// Appends an event that must apply.
    @discardableResult
    mutating func record(
        _ payload: EventPayload, at time: Timestamp, sourceLocation: SourceLocation = #_sourceLocation
    ) -> Event {
        let (event, result) = fold(payload, at: time)
        #expect(result == .applied, sourceLocation: sourceLocation)
        return event
    }

    /// Appends an event, whatever the fold makes of it.
    @discardableResult
    mutating func fold(_ payload: EventPayload, at time: Timestamp) -> (Event, FoldResult) {
        seq += 1
        let event = makeEvent(payload, at: time, seq: seq)
        events.append(event)
        return (event, state.apply(event))
    }

    /// Appends a raw event, whatever the fold makes of it.
    @discardableResult
    mutating func fold(type: String, data: JSONValue, at time: Timestamp) -> FoldResult {
        seq += 1
        let event = makeEvent(type: type, data: data, at: time, seq: seq)
        events.append(event)
        return state.apply(event)
    }

    func issue(_ request: JSONValue, tokenId: String = "tok-1", at time: Timestamp = .t0) -> IssuanceOutcome {
        IssuanceRules.evaluate(request, tokenId: tokenId, in: state, at: time)
    }

    /// The reasons a request is rejected with, or [] when accepted.
    func rejections(_ request: JSONValue, at time: Timestamp = .t0) -> [String] {
        if case .rejected(let reasons) = issue(request, at: time) { return reasons }
        return []
    }

    /// Evaluates a request and records the outcome (`token.issued` or `token.rejected`).
    @discardableResult
    mutating func issueAndRecord(
        _ request: JSONValue, tokenId: String, at time: Timestamp = .t0,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> IssuedToken? {
        switch issue(request, tokenId: tokenId, at: time) {
        case .accepted(let token):
            record(
                .tokenIssued(
                    TokenIssued(
                        tokenId: tokenId, request: request, kid: token.kid, scopes: token.scopes, claims: token.claims,
                        expiresAt: token.expiresAt, tokenHash: "hash-\(tokenId)", renews: token.renews)),
                at: time, sourceLocation: sourceLocation)
            return token
        case .rejected(let reasons):
            record(.tokenRejected(TokenRejected(requestId: tokenId, request: request, reasons: reasons)), at: time,
                   sourceLocation: sourceLocation)
            Issue.record("rejected: \(reasons)", sourceLocation: sourceLocation)
            return nil
        }
    }

    func decide(_ request: JSONValue, _ token: JSONValue, at time: Timestamp = .t0) -> AccessOutcome {
        DecisionRules.evaluate(request: request, token: token, in: state, at: time)
    }

    /// Records the decision as `access.decided` and returns it.
    @discardableResult
    mutating func decideAndRecord(
        _ request: JSONValue, _ token: JSONValue, at time: Timestamp = .t0, policy: String = DecisionRules.policyVersion
    ) -> AccessOutcome {
        let outcome = decide(request, token, at: time)
        record(
            .accessDecided(
                AccessDecided(decisionId: "dec-\(seq + 1)", request: request, token: token, outcome: outcome,
                              policy: policy)),
            at: time)
        return outcome
    }

    /// A tenant set up one day before ``Timestamp/t0``:
    /// - secrets `key-1` (access key, no expiry), `cred-sp` (client secret,
    ///   a year), `pwd-mu` (password, no expiry);
    /// - principals `sp-1` (service principal, `cred-sp`) and `mu-1`
    ///   (master user, `pwd-mu`), both members of `ws-1`; `sp-1` also of `ws-2`;
    /// - datasets `ds-cloud` (cloud, roles EU/US/Managers), `ds-none` (none),
    ///   `ds-rdl` (rdl, EU) in `ws-1`, `ds-other` (cloud, EU) in `ws-2`, each
    ///   with a report `rep-cloud`, `rep-none`, `rep-rdl`, `rep-other`;
    /// - group `grp-eu` = {ann, bob}; on `ds-cloud`: EU ← grp-eu, US ← carl, Managers ← ann.
    static func standard() -> Scenario {
        var scenario = Scenario()
        let setup = Timestamp.t0.plus(days: -1)
        let payloads: [EventPayload] = [
            .secretCreated(SecretCreated(secretId: "key-1", kind: .accessKey, owner: "admin", hint: "abc",
                                         fingerprint: "hmac-sha256:01", expiresAt: nil)),
            .secretCreated(SecretCreated(secretId: "cred-sp", kind: .clientSecret, owner: "sp-1", hint: "def",
                                         fingerprint: "hmac-sha256:02", expiresAt: .t0.plus(days: 365))),
            .secretCreated(SecretCreated(secretId: "pwd-mu", kind: .password, owner: "mu-1", hint: "ghi",
                                         fingerprint: "hmac-sha256:03", expiresAt: nil)),
            .principalRegistered(PrincipalRegistered(principalId: "sp-1", kind: .servicePrincipal,
                                                     credentialSecretId: "cred-sp")),
            .principalRegistered(PrincipalRegistered(principalId: "mu-1", kind: .masterUser,
                                                     credentialSecretId: "pwd-mu")),
            .workspaceMemberAdded(WorkspaceMembership(workspaceId: "ws-1", principalId: "sp-1")),
            .workspaceMemberAdded(WorkspaceMembership(workspaceId: "ws-1", principalId: "mu-1")),
            .workspaceMemberAdded(WorkspaceMembership(workspaceId: "ws-2", principalId: "sp-1")),
            .datasetConfigured(DatasetConfigured(datasetId: "ds-cloud", workspaceId: "ws-1", rlsType: .cloud,
                                                 roles: ["EU", "US", "Managers"])),
            .datasetConfigured(DatasetConfigured(datasetId: "ds-none", workspaceId: "ws-1", rlsType: .none, roles: [])),
            .datasetConfigured(DatasetConfigured(datasetId: "ds-rdl", workspaceId: "ws-1", rlsType: .rdl, roles: ["EU"])),
            .datasetConfigured(DatasetConfigured(datasetId: "ds-other", workspaceId: "ws-2", rlsType: .cloud,
                                                 roles: ["EU"])),
            .reportRegistered(ReportRegistered(reportId: "rep-cloud", workspaceId: "ws-1", datasetId: "ds-cloud")),
            .reportRegistered(ReportRegistered(reportId: "rep-none", workspaceId: "ws-1", datasetId: "ds-none")),
            .reportRegistered(ReportRegistered(reportId: "rep-rdl", workspaceId: "ws-1", datasetId: "ds-rdl")),
            .reportRegistered(ReportRegistered(reportId: "rep-other", workspaceId: "ws-2", datasetId: "ds-other")),
            .groupMemberAdded(GroupMembership(groupId: "grp-eu", userId: "ann")),
            .groupMemberAdded(GroupMembership(groupId: "grp-eu", userId: "bob")),
            .rlsAssigned(RLSAssignment(datasetId: "ds-cloud", role: "EU", member: "grp-eu")),
            .rlsAssigned(RLSAssignment(datasetId: "ds-cloud", role: "US", member: "carl")),
            .rlsAssigned(RLSAssignment(datasetId: "ds-cloud", role: "Managers", member: "ann")),
        ]
        for payload in payloads { scenario.record(payload, at: setup) }
        return scenario
    }
}
