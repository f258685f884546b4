import Chronicle

/// Given these events, when my code does this, then exactly these events
/// are appended: a test's log, services and clock in one place.
///
/// ```swift
/// let scenario = LogScenario()
/// try scenario.given([
///     scenario.createSecret("key-1", value: "a signing value"),
///     .secretCreated(id: "cred-1", kind: .clientSecret),
///     .principalRegistered(id: "sp-1", credential: "cred-1"),
///     .workspaceMemberAdded(workspace: "ws-1", principal: "sp-1"),
/// ])
/// let request = JSONValue.issuanceRequest(principal: "sp-1", key: "key-1", workspace: "ws-1",
///                                         entraExpiresAt: scenario.now.adding(milliseconds: 7_200_000))
/// scenario
///     .when { try $0.issuer.issue(request) }
///     .then([.tokenIssued(tokenId: "tok-1", request: request, at: scenario.now)])
/// ```
///
/// Events given without a time get ``now``; the services see ``now`` as
/// the current time (set it to move the clock). The log is an
/// ``InMemoryLog`` with the file store's semantics.
public final class LogScenario {
    /// 2026-11-20T10:00:00.000Z, where every scenario's clock starts.
    public static let defaultStart = Timestamp(milliseconds: 1_795_168_800_000)

    /// The log every step appends to.
    public let log: InMemoryLog
    /// The keyring the services sign and check with.
    public var keyring: Keyring
    /// The services' current time, and the time of given events without one.
    public var now: Timestamp
    private let tokenIDs = SequentialIDs(prefix: "tok-")
    private let decisionIDs = SequentialIDs(prefix: "dec-")

    /// - Parameters:
    ///   - keyring: The keyring (``Keyring/testing(secrets:)`` by default; ``createSecret(_:value:kind:owner:expiresAt:at:)`` adds to it).
    ///   - now: The clock's start.
    ///   - source: The log's source.
    public init(keyring: Keyring = .testing(), now: Timestamp = LogScenario.defaultStart, source: String = "/orgs/test") {
        self.keyring = keyring
        self.now = now
        log = InMemoryLog(source: source)
    }

    /// The services as they are now (the current ``keyring`` and ``now``).
    public var services: ScenarioServices {
        let now = self.now
        return ScenarioServices(
            issuer: TokenIssuer(log: log, keyring: keyring, clock: { now }, makeID: tokenIDs.next),
            checker: AccessChecker(log: log, keyring: keyring, clock: { now }, makeID: decisionIDs.next),
            log: log, keyring: keyring, now: now)
    }

    // MARK: - Given

    /// Appends events that happened before the step under test, all or nothing.
    /// - Throws: ``LogError`` when the log refuses one (§3 invalid, time going back, …), naming its position.
    @discardableResult
    public func given(_ events: [EventDraft]) throws(LogError) -> LogScenario {
        try log.append(events, now: now)
        return self
    }

    /// Appends events given as `chronicle append` input: one JSON object per line.
    /// - Throws: ``LogError`` naming the refused line.
    @discardableResult
    public func given(jsonLines: String) throws(LogError) -> LogScenario {
        try log.append(jsonLines: jsonLines, now: now)
        return self
    }

    /// A `secret.created` for `id` whose value the keyring now holds at
    /// version 1, with the real `hint` and `fingerprint` of that value.
    public func createSecret(
        _ id: String, value: String, kind: SecretKind = .accessKey, owner: String = "admin",
        expiresAt: Timestamp? = nil, at time: Timestamp? = nil
    ) -> EventDraft {
        keyring.secrets[id] = [1: Array(value.utf8)]
        return .secretCreated(id: id, kind: kind, owner: owner, hint: String(String.UnicodeScalarView(value.unicodeScalars.suffix(3))),
                              fingerprint: keyring.fingerprint(of: Array(value.utf8)), expiresAt: expiresAt, at: time)
    }

    /// A `secret.rotated` to the next version the keyring holds for `id`,
    /// whose value the keyring now holds too.
    public func rotateSecret(
        _ id: String, value: String, expiresAt: Timestamp? = nil, previousValidUntil: Timestamp? = nil,
        at time: Timestamp? = nil
    ) -> EventDraft {
        let version = (keyring.secrets[id]?.keys.max() ?? 0) + 1
        keyring.secrets[id, default: [:]][version] = Array(value.utf8)
        return .secretRotated(id: id, version: Int64(version), hint: String(String.UnicodeScalarView(value.unicodeScalars.suffix(3))),
                              fingerprint: keyring.fingerprint(of: Array(value.utf8)), expiresAt: expiresAt,
                              previousValidUntil: previousValidUntil, at: time)
    }

    // MARK: - When

    /// Runs the step under test on the services and captures what it
    /// returned or threw and every event it appended, for the `then…`
    /// checks of ``ScenarioOutcome``.
    public func when<Value>(_ action: (ScenarioServices) throws -> Value) -> ScenarioOutcome<Value> {
        let before = log.events.count
        let result = Result { try action(services) }
        return ScenarioOutcome(appended: Array(log.events[before...]), result: result)
    }
}
