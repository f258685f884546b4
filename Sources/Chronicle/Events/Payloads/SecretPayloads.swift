/// What a secret is used for (SPEC §3 `secret.created`).
public enum SecretKind: String, Sendable, CaseIterable {
    /// A Power BI Embedded access key that signs embed tokens.
    case accessKey
    /// An Entra application's client secret (a service principal's credential).
    case clientSecret
    /// A master user's password.
    case password
}

/// `secret.created`: a new secret at version 1. The value itself never
/// reaches the log, only its last three scalars (`hint`) and its keyed
/// `fingerprint`.
public struct SecretCreated: Sendable, Equatable {
    public var secretId: String
    public var kind: SecretKind
    public var owner: String
    public var version: Int64
    public var hint: String
    public var fingerprint: String
    /// When the secret stops being valid; nil for "never".
    public var expiresAt: Timestamp?
    public var description: String?
    public var actor: String?

    public init(
        secretId: String, kind: SecretKind, owner: String, version: Int64 = 1, hint: String, fingerprint: String,
        expiresAt: Timestamp?, description: String? = nil, actor: String? = nil
    ) {
        self.secretId = secretId
        self.kind = kind
        self.owner = owner
        self.version = version
        self.hint = hint
        self.fingerprint = fingerprint
        self.expiresAt = expiresAt
        self.description = description
        self.actor = actor
    }

    init<Source>(reading data: PayloadReader<Source>) throws(PayloadDecodingError) {
        secretId = try data.string("secretId")
        kind = try data.enumeration("kind", SecretKind.self)
        owner = try data.string("owner")
        version = try data.integer("version")
        hint = try data.string("hint")
        fingerprint = try data.string("fingerprint")
        expiresAt = try data.nullableTimestamp("expiresAt")
        description = try data.nullableString("description")
        actor = try data.nullableString("actor")
    }

    var data: JSONValue {
        var json = PayloadWriter(capacity: 9)
        json.add("secretId", secretId)
        json.add("kind", kind.rawValue)
        json.add("owner", owner)
        json.add("version", .integer(version))
        json.add("hint", hint)
        json.add("fingerprint", fingerprint)
        json.add("expiresAt", expiresAt)
        json.addIfPresent("description", description)
        json.addIfPresent("actor", actor)
        return json.json
    }
}

/// `secret.rotated`: the secret's next version replaces the current one.
public struct SecretRotated: Sendable, Equatable {
    public var secretId: String
    /// The new version: the previous one + 1.
    public var version: Int64
    public var hint: String
    public var fingerprint: String
    public var expiresAt: Timestamp?
    /// Until when tokens signed with the previous version still pass; nil
    /// means the previous version is superseded at once (SPEC §5.2 rule 3).
    public var previousValidUntil: Timestamp?
    public var actor: String?

    public init(
        secretId: String, version: Int64, hint: String, fingerprint: String, expiresAt: Timestamp?,
        previousValidUntil: Timestamp?, actor: String? = nil
    ) {
        self.secretId = secretId
        self.version = version
        self.hint = hint
        self.fingerprint = fingerprint
        self.expiresAt = expiresAt
        self.previousValidUntil = previousValidUntil
        self.actor = actor
    }

    init<Source>(reading data: PayloadReader<Source>) throws(PayloadDecodingError) {
        secretId = try data.string("secretId")
        version = try data.integer("version")
        hint = try data.string("hint")
        fingerprint = try data.string("fingerprint")
        expiresAt = try data.nullableTimestamp("expiresAt")
        previousValidUntil = try data.nullableTimestamp("previousValidUntil")
        actor = try data.nullableString("actor")
    }

    var data: JSONValue {
        var json = PayloadWriter(capacity: 7)
        json.add("secretId", secretId)
        json.add("version", .integer(version))
        json.add("hint", hint)
        json.add("fingerprint", fingerprint)
        json.add("expiresAt", expiresAt)
        json.add("previousValidUntil", previousValidUntil)
        json.addIfPresent("actor", actor)
        return json.json
    }
}

/// `secret.revoked`: every version of the secret stops passing at once.
public struct SecretRevoked: Sendable, Equatable {
    public var secretId: String
    public var reason: String
    public var actor: String?

    public init(secretId: String, reason: String, actor: String? = nil) {
        self.secretId = secretId
        self.reason = reason
        self.actor = actor
    }

    init<Source>(reading data: PayloadReader<Source>) throws(PayloadDecodingError) {
        secretId = try data.string("secretId")
        reason = try data.string("reason")
        actor = try data.nullableString("actor")
    }

    var data: JSONValue {
        var json = PayloadWriter(capacity: 3)
        json.add("secretId", secretId)
        json.add("reason", reason)
        json.addIfPresent("actor", actor)
        return json.json
    }
}
