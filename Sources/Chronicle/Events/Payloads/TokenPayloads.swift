/// `token.issued`: an embed token handed out (SPEC §3, §4.2).
///
/// `request` stays raw JSON: replay re-validates it (`request.invalid`) and
/// re-derives the outcome from it.
public struct TokenIssued: Sendable, Equatable {
    /// The token's `jti`.
    public var tokenId: String
    /// The GenerateToken request (SPEC §4.1), as recorded.
    public var request: JSONValue
    /// `<secretId>@<version>` of the signing key.
    public var kid: String
    public var scopes: [String]
    /// The JWT payload.
    public var claims: JSONValue
    public var expiresAt: Timestamp
    /// Hex SHA-256 of the token string (the token itself never reaches the log).
    public var tokenHash: String
    /// The token this one renews; informational only.
    public var renews: String?

    public init(
        tokenId: String, request: JSONValue, kid: String, scopes: [String], claims: JSONValue, expiresAt: Timestamp,
        tokenHash: String, renews: String?
    ) {
        self.tokenId = tokenId
        self.request = request
        self.kid = kid
        self.scopes = scopes
        self.claims = claims
        self.expiresAt = expiresAt
        self.tokenHash = tokenHash
        self.renews = renews
    }

    init(reading data: PayloadReader<JSONValue>) throws(PayloadDecodingError) {
        let members = try Self.members(data)
        self.init(
            tokenId: members.tokenId, request: members.request, kid: members.kid, scopes: members.scopes,
            claims: members.claims, expiresAt: members.expiresAt, tokenHash: members.tokenHash.stringValue ?? "",
            renews: members.renews)
    }

    /// Checks every member in order, as decoding does, keeping `request`,
    /// `claims` and `tokenHash` as they are: readers that need only a few of
    /// their members need not build them.
    static func members<Source>(_ data: PayloadReader<Source>) throws(PayloadDecodingError) -> (
        tokenId: String, request: Source, kid: String, scopes: [String], claims: Source, expiresAt: Timestamp,
        tokenHash: Source, renews: String?
    ) {
        (
            try data.string("tokenId"), try data.value("request"), try data.string("kid"), try data.strings("scopes"),
            try data.value("claims"), try data.timestamp("expiresAt"), try data.unbuiltString("tokenHash"),
            try data.nullableString("renews")
        )
    }

    var data: JSONValue {
        var json = PayloadWriter(capacity: 8)
        json.add("tokenId", tokenId)
        json.add("request", request)
        json.add("kid", kid)
        json.add("scopes", .strings(scopes))
        json.add("claims", claims)
        json.add("expiresAt", expiresAt)
        json.add("tokenHash", tokenHash)
        json.add("renews", .string(renews))
        return json.json
    }
}

/// `token.rejected`: a GenerateToken request refused, with every reason (SPEC §4.2).
public struct TokenRejected: Sendable, Equatable {
    public var requestId: String
    /// The request as received; it may be out of domain (`request.invalid`).
    public var request: JSONValue
    public var reasons: [String]

    public init(requestId: String, request: JSONValue, reasons: [String]) {
        self.requestId = requestId
        self.request = request
        self.reasons = reasons
    }

    init(reading data: PayloadReader<JSONValue>) throws(PayloadDecodingError) {
        let members = try Self.members(data)
        self.init(requestId: members.requestId, request: members.request, reasons: members.reasons)
    }

    /// Checks every member in order, as decoding does, keeping `request` as it is.
    /// Checks what ``members(_:)`` reads, in the same order and with the same errors, building nothing.
    static func check<Source>(_ data: PayloadReader<Source>) throws(PayloadDecodingError) {
        _ = try data.unbuiltString("requestId")
        _ = try data.value("request")
        try data.checkStrings("reasons")
    }

    static func members<Source>(_ data: PayloadReader<Source>) throws(PayloadDecodingError) -> (
        requestId: String, request: Source, reasons: [String]
    ) {
        (try data.string("requestId"), try data.value("request"), try data.strings("reasons"))
    }

    var data: JSONValue {
        var json = PayloadWriter(capacity: 3)
        json.add("requestId", requestId)
        json.add("request", request)
        json.add("reasons", .strings(reasons))
        return json.json
    }
}

/// `token.revoked`: the token stops passing decisions at once.
public struct TokenRevoked: Sendable, Equatable {
    public var tokenId: String
    public var reason: String
    public var actor: String?

    public init(tokenId: String, reason: String, actor: String? = nil) {
        self.tokenId = tokenId
        self.reason = reason
        self.actor = actor
    }

    init<Source>(reading data: PayloadReader<Source>) throws(PayloadDecodingError) {
        tokenId = try data.string("tokenId")
        reason = try data.string("reason")
        actor = try data.nullableString("actor")
    }

    var data: JSONValue {
        var json = PayloadWriter(capacity: 3)
        json.add("tokenId", tokenId)
        json.add("reason", reason)
        json.addIfPresent("actor", actor)
        return json.json
    }
}

/// `access.decided`: one access decision on an embed token (SPEC §5).
///
/// `request` and `token` stay raw JSON: they may be out of domain
/// (`request.invalid`) or undecodable (`token.malformed`), which the rules,
/// not the decoder, decide.
public struct AccessDecided: Sendable, Equatable {
    public var decisionId: String
    /// `{operation, reportId, datasetId, workspaceId}` as presented.
    public var request: JSONValue
    /// `{tokenId, tokenHash, kid, signatureValid, claims}` as presented.
    public var token: JSONValue
    public var outcome: AccessOutcome
    /// The policy version the decision was made under.
    public var policy: String

    public init(decisionId: String, request: JSONValue, token: JSONValue, outcome: AccessOutcome, policy: String) {
        self.decisionId = decisionId
        self.request = request
        self.token = token
        self.outcome = outcome
        self.policy = policy
    }

    init(reading data: PayloadReader<JSONValue>) throws(PayloadDecodingError) {
        let members = try Self.members(data)
        self.init(
            decisionId: members.decisionId.stringValue ?? "", request: members.request, token: members.token,
            outcome: members.outcome, policy: members.policy)
    }

    /// Checks every member in order, as decoding does, keeping `decisionId`,
    /// `request` and `token` as they are.
    /// Checks what ``members(_:)`` reads, in the same order and with the
    /// same errors, building nothing: a writer admitting a decision needs no more.
    static func check<Source>(_ data: PayloadReader<Source>) throws(PayloadDecodingError) {
        _ = try data.unbuiltString("decisionId")
        _ = try data.value("request")
        _ = try data.value("token")
        let outcome = try data.object("outcome")
        try outcome.checkEnumeration("effect", AccessOutcome.Effect.self)
        try outcome.checkStrings("reasons")
        try outcome.checkStrings("roles")
        _ = try data.unbuiltString("policy")
    }

    static func members<Source>(_ data: PayloadReader<Source>) throws(PayloadDecodingError) -> (
        decisionId: Source, request: Source, token: Source, outcome: AccessOutcome, policy: String
    ) {
        let decisionId = try data.unbuiltString("decisionId")
        let request = try data.value("request")
        let token = try data.value("token")
        let outcome = try data.object("outcome")
        let decided = AccessOutcome(
            effect: try outcome.enumeration("effect", AccessOutcome.Effect.self),
            reasons: try outcome.strings("reasons"),
            roles: try outcome.strings("roles"))
        return (decisionId, request, token, decided, try data.string("policy"))
    }

    var data: JSONValue {
        var json = PayloadWriter(capacity: 5)
        json.add("decisionId", decisionId)
        json.add("request", request)
        json.add("token", token)
        json.add("outcome", outcome.json)
        json.add("policy", policy)
        return json.json
    }
}
