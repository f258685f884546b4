/// How a principal calls GenerateToken (SPEC §3 `principal.registered`).
public enum PrincipalKind: String, Sendable, CaseIterable {
    /// An Entra application; must pass an effective identity for RLS datasets.
    case servicePrincipal
    /// A Power BI user account; without an identity its token sees the whole model.
    case masterUser
}

/// `principal.registered`: an identity that may request embed tokens.
public struct PrincipalRegistered: Sendable, Equatable {
    public var principalId: String
    public var kind: PrincipalKind
    /// The secret the principal authenticates with (client secret or password).
    public var credentialSecretId: String
    public var actor: String?

    public init(principalId: String, kind: PrincipalKind, credentialSecretId: String, actor: String? = nil) {
        self.principalId = principalId
        self.kind = kind
        self.credentialSecretId = credentialSecretId
        self.actor = actor
    }

    init<Source>(reading data: PayloadReader<Source>) throws(PayloadDecodingError) {
        principalId = try data.string("principalId")
        kind = try data.enumeration("kind", PrincipalKind.self)
        credentialSecretId = try data.string("credentialSecretId")
        actor = try data.nullableString("actor")
    }

    var data: JSONValue {
        var json = PayloadWriter(capacity: 4)
        json.add("principalId", principalId)
        json.add("kind", kind.rawValue)
        json.add("credentialSecretId", credentialSecretId)
        json.addIfPresent("actor", actor)
        return json.json
    }
}

/// `workspace.member.added` / `workspace.member.removed`.
public struct WorkspaceMembership: Sendable, Equatable {
    public var workspaceId: String
    public var principalId: String
    public var actor: String?

    public init(workspaceId: String, principalId: String, actor: String? = nil) {
        self.workspaceId = workspaceId
        self.principalId = principalId
        self.actor = actor
    }

    init<Source>(reading data: PayloadReader<Source>) throws(PayloadDecodingError) {
        workspaceId = try data.string("workspaceId")
        principalId = try data.string("principalId")
        actor = try data.nullableString("actor")
    }

    var data: JSONValue {
        var json = PayloadWriter(capacity: 3)
        json.add("workspaceId", workspaceId)
        json.add("principalId", principalId)
        json.addIfPresent("actor", actor)
        return json.json
    }
}

/// `group.member.added` / `group.member.removed`. Groups do not nest: a
/// `userId` is always a user.
public struct GroupMembership: Sendable, Equatable {
    public var groupId: String
    public var userId: String
    public var actor: String?

    public init(groupId: String, userId: String, actor: String? = nil) {
        self.groupId = groupId
        self.userId = userId
        self.actor = actor
    }

    init<Source>(reading data: PayloadReader<Source>) throws(PayloadDecodingError) {
        groupId = try data.string("groupId")
        userId = try data.string("userId")
        actor = try data.nullableString("actor")
    }

    var data: JSONValue {
        var json = PayloadWriter(capacity: 3)
        json.add("groupId", groupId)
        json.add("userId", userId)
        json.addIfPresent("actor", actor)
        return json.json
    }
}
