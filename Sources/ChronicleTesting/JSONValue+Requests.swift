import Chronicle

extension JSONValue {
    /// A GenerateToken request (SPEC §4.1) with every member present.
    ///
    /// ```swift
    /// let request = JSONValue.issuanceRequest(principal: "sp-1", key: "key-1", workspace: "ws-1",
    ///                                         reports: ["rep-1"], entraExpiresAt: now.adding(milliseconds: 3_600_000))
    /// ```
    /// - Parameter lifetimeMinutes: nil records `null` (60 minutes).
    public static func issuanceRequest(
        principal: String, key: String, workspace: String, reports: [String] = [], datasets: [String] = [],
        identities: [JSONValue] = [], access: AccessLevel = .view, allowSaveAs: Bool = false,
        lifetimeMinutes: Int64? = nil, entraExpiresAt: Timestamp, targetWorkspaces: [String] = [],
        renews: String? = nil
    ) -> JSONValue {
        [
            "principalId": .string(principal), "entraTokenExpiresAt": .string(entraExpiresAt.rfc3339),
            "signingSecretId": .string(key), "workspaceId": .string(workspace), "reports": .strings(reports),
            "datasets": .strings(datasets), "targetWorkspaces": .strings(targetWorkspaces),
            "identities": .array(identities), "accessLevel": .string(access.rawValue),
            "allowSaveAs": .bool(allowSaveAs), "lifetimeMinutes": lifetimeMinutes.map { .integer($0) } ?? .null,
            "renews": .string(renews),
        ]
    }

    /// An effective identity of a GenerateToken request. `roles` has no
    /// default: it becomes the token's `roles` claim, and an empty array
    /// narrows the user's roles to none (SPEC §5.2).
    public static func identity(_ username: String, roles: [String], datasets: [String]) -> JSONValue {
        ["username": .string(username), "roles": .strings(roles), "datasets": .strings(datasets)]
    }

    /// An access request (SPEC §5.1).
    public static func accessRequest(
        _ operation: Operation = .view, report: String? = nil, dataset: String? = nil, workspace: String
    ) -> JSONValue {
        ["operation": .string(operation.rawValue), "reportId": .string(report), "datasetId": .string(dataset),
         "workspaceId": .string(workspace)]
    }

    /// The SPEC §5.1 `token` object of the token a `token.issued` draft
    /// records, as a decision on it records it (`tokenHash` left empty: it
    /// is a volatile member).
    public static func presentedToken(of issued: EventDraft, signatureValid: Bool = true) -> JSONValue {
        let data = issued.data
        return ["tokenId": data["tokenId"] ?? .null, "tokenHash": "", "kid": data["kid"] ?? .null,
                "signatureValid": .bool(signatureValid), "claims": data["claims"] ?? .null]
    }
}
