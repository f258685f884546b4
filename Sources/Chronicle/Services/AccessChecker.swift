import Foundation

/// Live access decisions (SPEC §5, §6): checks an embed token's signature,
/// decides on the state at the head of the log, records `access.decided`,
/// and returns the outcome only once the record is durable.
///
/// ```swift
/// let checker = AccessChecker(log: writer, keyring: keyring)
/// let request: JSONValue = ["operation": "view", "reportId": "rep-1", "datasetId": nil, "workspaceId": "ws-1"]
/// let outcome = try checker.check(token: jwt, request: request)   // a throw means: deny
/// if outcome.effect == .allow { serve() }
/// ```
///
/// The token is inspected before the transaction (``inspect(_:keyring:)``:
/// decoding and the HMAC check need no state); the rules then run under the
/// writer lock at `t = max(clock(), head time)`. A token that does not
/// decode is recorded with `claims` null and denied as `token.malformed`.
public struct AccessChecker {
    /// Where the decisions are recorded.
    public let log: any AuditLog
    /// Holds the signing secrets' values, every version.
    public let keyring: Keyring
    private let clock: @Sendable () -> Timestamp
    private let makeID: () -> String

    /// - Parameters:
    ///   - log: The log to record in.
    ///   - keyring: The keyring holding every version of the signing secrets.
    ///   - clock: The current time (the transaction's time is never before the head's).
    ///   - makeID: Generates each decision's `decisionId`.
    public init(
        log: any AuditLog, keyring: Keyring, clock: @escaping @Sendable () -> Timestamp = Timestamp.systemNow,
        makeID: @escaping () -> String = { UUID().uuidString.lowercased() }
    ) {
        self.log = log
        self.keyring = keyring
        self.clock = clock
        self.makeID = makeID
    }

    /// Decides whether `jwt` may do what `request` asks, and records the decision.
    ///
    /// - Parameters:
    ///   - jwt: The embed token as presented; any string (it never reaches the log, only its hash).
    ///   - request: `{operation, reportId, datasetId, workspaceId}` (SPEC §5.1); recorded as given.
    /// - Returns: The effect, reasons and roles, once `access.decided` is durable.
    /// - Throws: ``ServiceError/decisionNotRecorded(_:)`` when the decision could not be
    ///   recorded: the access is denied, whatever the rules said.
    public func check(token jwt: String, request: JSONValue) throws(ServiceError) -> AccessOutcome {
        let decisionId = makeID()
        let token = Self.inspect(jwt, keyring: keyring)
        do {
            return try log.transaction(now: clock()) { (state, time) throws(LogError) -> ([EventDraft], AccessOutcome) in
                let outcome = DecisionRules.evaluate(request: request, token: token, in: state, at: time)
                let decided = AccessDecided(decisionId: decisionId, request: request, token: token, outcome: outcome,
                                            policy: DecisionRules.policyVersion)
                return ([EventDraft(.accessDecided(decided))], outcome)
            }.result
        } catch {
            throw .decisionNotRecorded(error)
        }
    }

    /// The SPEC §5.1 `token` object of a presented JWT:
    /// `{tokenId, tokenHash, kid, signatureValid, claims}`.
    ///
    /// `tokenHash` is the hex SHA-256 of the string as presented. A string
    /// that does not decode (``JWT/decode(_:)``) gives `tokenId`, `kid` and
    /// `claims` null and `signatureValid` false. Otherwise `tokenId` is the
    /// `jti` (null unless a string), `kid` the header's (null unless a
    /// string), and `signatureValid` is true only for an `HS256` token whose
    /// MAC matches the keyring's value for that `kid` (`alg: none`, other
    /// algorithms, an unparsable `kid` or a version the keyring lacks: false).
    public static func inspect(_ jwt: String, keyring: Keyring) -> JSONValue {
        let tokenHash = JWT.tokenHash(jwt)
        guard let decoded = try? JWT.decode(jwt) else {
            return ["tokenId": nil, "tokenHash": .string(tokenHash), "kid": nil, "signatureValid": false, "claims": nil]
        }
        let kid = decoded.keyID
        var signatureValid = false
        if let kid, let key = SigningKeyID(kid), key.version <= Int64(Int.max),
           let value = keyring.secret(key.secretId, version: Int(key.version))
        {
            signatureValid = decoded.verifySignature(key: value)
        }
        return [
            "tokenId": .string(decoded.claims["jti"]?.stringValue), "tokenHash": .string(tokenHash),
            "kid": .string(kid), "signatureValid": .bool(signatureValid), "claims": decoded.claimsValue,
        ]
    }
}
