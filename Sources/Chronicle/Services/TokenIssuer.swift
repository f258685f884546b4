import Foundation

/// Live GenerateToken (SPEC §4, §6): evaluates a request on the state at
/// the head of the log, records the outcome, and hands out the signed JWT
/// only once the record is durable.
///
/// ```swift
/// let writer = try LogWriter(directory: LogDirectory(path: "EventLogs/contoso"), follower: AuditState(),
///                            checkpointMAC: { keyring.checkpointMAC(seq: $0, hash: $1) })
/// let issuer = TokenIssuer(log: writer, keyring: keyring)
/// switch try issuer.issue(request) {
/// case .issued(let token): respond(token.jwt)
/// case .rejected(_, let reasons): refuse(reasons)
/// }
/// ```
///
/// Each call is one ``AuditLog/transaction(now:_:)``: the rules run under
/// the writer lock, on the state at the head, at `t = max(clock(), head
/// time)`, and the event is appended with that `time`, so replay sees
/// exactly the state the decision saw.
///
/// An issuer is a value over a log that is not `Sendable`: give each thread
/// its own log writer (writers in one or many processes coordinate through
/// the log's lock).
public struct TokenIssuer {
    /// Where the outcomes are recorded.
    public let log: any AuditLog
    /// Holds the signing secrets' values.
    public let keyring: Keyring
    private let clock: @Sendable () -> Timestamp
    private let makeID: () -> String

    /// - Parameters:
    ///   - log: The log to record in: a ``LogWriter`` over ``AuditState``, or the test kit's in-memory log.
    ///   - keyring: The keyring holding the signing secrets' values.
    ///   - clock: The current time (the transaction's time is never before the head's).
    ///   - makeID: Generates the `tokenId` (`jti`) or the `requestId` of each call; random UUIDs by
    ///     default, a seeded generator for a reproducible simulation.
    public init(
        log: any AuditLog, keyring: Keyring, clock: @escaping @Sendable () -> Timestamp = Timestamp.systemNow,
        makeID: @escaping () -> String = { UUID().uuidString.lowercased() }
    ) {
        self.log = log
        self.keyring = keyring
        self.clock = clock
        self.makeID = makeID
    }

    /// Evaluates a GenerateToken request, records `token.issued` or
    /// `token.rejected`, and returns the signed token or the reasons.
    ///
    /// An accepted token is signed HS256 with the signing secret's current
    /// version (`kid` `<secretId>@<version>`); the log records its claims and
    /// `tokenHash` (hex SHA-256 of the JWT), never the JWT.
    ///
    /// - Parameter request: The request as received (SPEC §4.1); recorded as given.
    /// - Returns: The token, or the `requestId` and reasons of the rejection.
    /// - Throws: ``ServiceError/issuanceNotRecorded(_:)`` when the event could not
    ///   be made durable (no token exists); ``ServiceError/signingKeyUnavailable(kid:)``
    ///   when the rules accept but the keyring lacks the signing value (nothing is recorded).
    public func issue(_ request: JSONValue) throws(ServiceError) -> IssuanceResult {
        let id = makeID()
        let keyring = self.keyring
        let outcome: Outcome
        do {
            outcome = try log.transaction(now: clock()) { (state, time) throws(LogError) -> ([EventDraft], Outcome) in
                switch IssuanceRules.evaluate(request, tokenId: id, in: state, at: time) {
                case .rejected(let reasons):
                    let rejected = TokenRejected(requestId: id, request: request, reasons: reasons)
                    return ([EventDraft(.tokenRejected(rejected))], .rejected(reasons))
                case .accepted(let token):
                    guard token.signingVersion <= Int64(Int.max),
                          let key = keyring.secret(token.signingSecretId, version: Int(token.signingVersion))
                    else { return ([], .keyUnavailable(token.kid)) }
                    let jwt = JWT.sign(kid: token.kid, claims: token.claims, key: key)
                    let issued = TokenIssued(
                        tokenId: id, request: request, kid: token.kid, scopes: token.scopes, claims: token.claims,
                        expiresAt: token.expiresAt, tokenHash: JWT.tokenHash(jwt), renews: token.renews)
                    let signed = SignedToken(tokenId: id, jwt: jwt, kid: token.kid, scopes: token.scopes,
                                             expiresAt: token.expiresAt, cappedByEntra: token.cappedByEntra)
                    return ([EventDraft(.tokenIssued(issued))], .issued(signed))
                }
            }.result
        } catch {
            throw .issuanceNotRecorded(error)
        }
        // Only here, after the transaction returned, is the event durable.
        switch outcome {
        case .issued(let token): return .issued(token)
        case .rejected(let reasons): return .rejected(requestId: id, reasons: reasons)
        case .keyUnavailable(let kid): throw .signingKeyUnavailable(kid: kid)
        }
    }

    private enum Outcome {
        case issued(SignedToken)
        case rejected([String])
        case keyUnavailable(String)
    }
}
