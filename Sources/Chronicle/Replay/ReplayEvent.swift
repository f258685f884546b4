/// One event as ``Replayer`` takes it: what folding it does and, for a
/// checked event, what was recorded and the request and token to re-derive
/// it from. Everything here is read from the event alone, so a streaming
/// reader can prepare events on several cores; the replayer then checks
/// them against the state in log order.
struct ReplayEvent: Sendable {
    var seq: Int64
    var time: Timestamp
    var type: String
    /// The envelope `id`, for divergences.
    var id: String
    var fold: FoldStep
    /// Nil for an event that is not checked (or not in the window).
    var check: Check?

    enum Check: Sendable {
        case decision(RecordedDecision)
        case issuance(RecordedIssuance)
    }

    /// - Parameters:
    ///   - checking: whether to read what replay compares (the event is an
    ///     issuance or decision inside the window).
    init<Source: JSONReading>(
        seq: Int64, time: Timestamp, type: String, id: String, subject: String, data: Source, checking: Bool
    ) {
        self.seq = seq
        self.time = time
        self.type = type
        self.id = id
        fold = FoldStep(type: type, data: data, time: time)
        guard checking else { return }
        switch EventType.named(type) {
        case .tokenIssued?, .tokenRejected?:
            check = .issuance(RecordedIssuance(data: data, issued: type == EventType.tokenIssued.rawValue, at: time))
        case .accessDecided?:
            check = .decision(RecordedDecision(data: data))
        default:
            break
        }
    }

    /// Whether replay checks events of this raw type.
    static func isChecked(_ type: String) -> Bool { EventType.named(type)?.isCheckedByReplay ?? false }
}

/// An `access.decided` as recorded, read from its raw `data` (members it
/// lacks read as `null`, so a decision whose data does not decode still
/// diverges rather than vanishing).
struct RecordedDecision: Sendable {
    /// `outcome.effect`, `outcome.reasons`, `outcome.roles` as recorded (nil: missing).
    var effect: JSONValue?
    var reasons: JSONValue?
    var roles: JSONValue?
    var policy: String?
    /// The request and token as the rules read them; nil: out of domain / malformed.
    var request: AccessRequest?
    var token: PresentedToken?

    init<Source: JSONReading>(data: Source) {
        let outcome = data["outcome"]
        effect = outcome?["effect"]?.json
        reasons = outcome?["reasons"]?.json
        roles = outcome?["roles"]?.json
        policy = data["policy"]?.stringValue
        request = data["request"].flatMap { AccessRequest($0) }
        token = data["token"].flatMap { PresentedToken($0) }
    }

    /// `{"effect", "reasons", "roles"}` (missing members as `null`).
    var json: JSONValue { ["effect": effect ?? .null, "reasons": reasons ?? .null, "roles": roles ?? .null] }
}

/// A `token.issued` or `token.rejected` as recorded, read from its raw `data`.
struct RecordedIssuance: Sendable {
    var issued: Bool
    /// The `byPrincipal` key of the request's `principalId`.
    var principal: String
    /// Whether the Entra token cut the recorded token short (issued only).
    var cappedByEntra: Bool
    /// The request as the rules read it; nil: out of domain.
    var request: IssuanceRequest?
    /// `scopes`, `reasons` and `expiresAt` as recorded (nil: missing).
    var scopes: JSONValue?
    var reasons: JSONValue?
    var expiresAt: JSONValue?
    /// `expiresAt` as a time, when it is one.
    var expiry: Timestamp?

    init<Source: JSONReading>(data: Source, issued: Bool, at time: Timestamp) {
        self.issued = issued
        let request = data["request"]
        principal = Self.principalKey(request?["principalId"])
        cappedByEntra = issued && request.map { IssuanceRequest.isCappedByEntra($0, issuedAt: time) } ?? false
        self.request = request.flatMap { IssuanceRequest($0) }
        scopes = data["scopes"]?.json
        reasons = data["reasons"]?.json
        expiresAt = data["expiresAt"]?.json
        expiry = expiresAt?.stringValue.flatMap { Timestamp(rfc3339: $0) }
    }

    /// The `byPrincipal` key of a recorded request's `principalId`: the
    /// string itself, or, for an out-of-domain value, its compact JSON text
    /// (`{"id":"…"}`; a missing member counts as `null`). The conformance
    /// examples count such requests under that text rather than dropping them.
    static func principalKey<Source: JSONReading>(_ value: Source?) -> String {
        if let id = value?.stringValue { return id }
        return JSONWriter.string(value?.json ?? .null)
    }

    /// `{"accepted", "reasons", "scopes", "expiresAt"}` as recorded.
    var json: JSONValue {
        issued
            ? [
                "accepted": true, "reasons": [], "scopes": scopes ?? .null,
                "expiresAt": expiry.map { .string($0.rfc3339) } ?? expiresAt ?? .null,
            ]
            : ["accepted": false, "reasons": reasons ?? .null, "scopes": nil, "expiresAt": nil]
    }
}
