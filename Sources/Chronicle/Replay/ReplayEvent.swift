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
    var id: EventID
    var fold: FoldStep
    /// Nil for an event that is not checked (or not in the window).
    var check: Check?

    enum Check: Sendable {
        case decision(RecordedDecision)
        case issuance(RecordedIssuance)
    }

    /// - Parameters:
    ///   - known: the type, if §3 defines it.
    ///   - checking: whether to read what replay compares (the event is an
    ///     issuance or decision inside the window).
    init<Source: JSONReading>(
        seq: Int64, time: Timestamp, type: String, known: EventType?, id: EventID, data: Source, checking: Bool
    ) {
        self.seq = seq
        self.time = time
        self.type = type
        self.id = id
        guard checking else {
            fold = FoldStep(type: type, known: known, data: data, time: time)
            return
        }
        switch known {
        case .accessDecided?:
            // What the fold checks is also what was recorded: read it once.
            if let recorded = RecordedDecision(plainlyRecorded: data, at: time) {
                fold = .unchanged
                check = .decision(recorded)
                return
            }
            do throws(PayloadDecodingError) {
                let members = try AccessDecided.members(PayloadReader(data))
                fold = .unchanged
                check = .decision(RecordedDecision(members, at: time))
            } catch {
                fold = .undecodable(reason: error.description)
                check = .decision(RecordedDecision(data: data, at: time))
            }
        case .tokenIssued?, .tokenRejected?:
            fold = FoldStep(type: type, known: known, data: data, time: time)
            check = .issuance(RecordedIssuance(data: data, issued: known == .tokenIssued, at: time))
        default:
            fold = FoldStep(type: type, known: known, data: data, time: time)
        }
    }

    /// A checked `access.decided` read ahead (``DecisionMemo``).
    init(seq: Int64, time: Timestamp, type: String, id: EventID, decision: RecordedDecision) {
        self.seq = seq
        self.time = time
        self.type = type
        self.id = id
        fold = .unchanged
        check = .decision(decision)
    }

    /// Whether replay checks events of this type.
    static func isChecked(_ type: EventType?) -> Bool { type?.isCheckedByReplay ?? false }
}

/// An event's `id`: a string, or where it is in a line that stays in
/// memory until the event is consumed (a streaming reader's chunk), so
/// that only a divergence builds it.
struct EventID: @unchecked Sendable {
    private let text: String?
    private let bytes: UnsafeRawBufferPointer?

    init(_ text: String) {
        self.text = text
        bytes = nil
    }

    /// The raw bytes of an `id` without escapes.
    init(inLine bytes: UnsafeRawBufferPointer) {
        text = nil
        self.bytes = bytes
    }

    var string: String { text ?? bytes.map { String(decoding: $0, as: UTF8.self) } ?? "" }
}

/// An `access.decided` as recorded, with the request and token to
/// re-derive it from, read as far as they can be without the state. A
/// decision whose data does not decode is read member by member from its
/// raw `data` (members it lacks read as `null`), so it still diverges
/// rather than vanishing.
///
/// A class: an event moves from core to core and stage to stage, and a
/// reference moves for one retain where this many strings would each need one.
final class RecordedDecision: Sendable {
    let outcome: Outcome
    /// Whether it was decided under the policy these rules implement.
    let underCurrentPolicy: Bool
    /// The request and token, read; with ``time``, the query to decide.
    let template: DecisionQuery.Template
    let time: Timestamp

    /// The request and token as the rules decide them at the decision's time.
    var query: DecisionQuery { template.query(at: time) }

    enum Outcome: Sendable {
        /// A decision that decodes.
        case decoded(effect: AccessOutcome.Effect, reasons: Reasons, roles: [String])
        /// `outcome.effect`, `outcome.reasons`, `outcome.roles` as found (nil: missing).
        case raw(effect: JSONValue?, reasons: JSONValue?, roles: JSONValue?)
    }

    /// Recorded reasons: as a set when they are known reasons in rule order
    /// (as the rules list them), else as written.
    enum Reasons: Sendable {
        case known(DecisionReasons)
        case other([String])
    }

    init<Source: JSONReading>(
        _ members: (decisionId: Source, request: Source, token: Source, outcome: AccessOutcome, policy: String),
        at time: Timestamp
    ) {
        let reasons = DecisionReasons(recorded: members.outcome.reasons).map(Reasons.known) ?? .other(members.outcome.reasons)
        outcome = .decoded(effect: members.outcome.effect, reasons: reasons, roles: members.outcome.roles)
        underCurrentPolicy = members.policy == DecisionRules.policyVersion
        template = DecisionQuery.Template(request: AccessRequest(members.request), token: members.token)
        self.time = time
    }

    /// Reads a decision as writers record it, without building the
    /// strings of its outcome: `data` an object with a string
    /// `decisionId`, a `request`, a `token`, an `outcome` of a known
    /// `effect`, known `reasons` in rule order and string `roles`, and a
    /// string `policy`. Such data decodes (``AccessDecided/members(_:)``)
    /// and reads the same as through ``init(_:at:)``; nil for any other,
    /// which that path reads (and reports).
    convenience init?<Source: JSONReading>(plainlyRecorded data: Source, at time: Timestamp) {
        guard data.isObject, data["decisionId"]?.isStringValue == true,
              let request = data["request"], let token = data["token"],
              let outcome = data["outcome"], outcome.isObject,
              let effect = outcome["effect"]?.withStringBytes({ AccessOutcome.Effect(plainBytes: $0) }) ?? nil,
              let reasons = outcome["reasons"].flatMap(DecisionReasons.init(plainlyRecorded:)),
              let roles = outcome["roles"]?.stringArrayValue,
              let policy = data["policy"], policy.isStringValue
        else { return nil }
        self.init(
            outcome: .decoded(effect: effect, reasons: .known(reasons), roles: roles),
            underCurrentPolicy: policy.isString(DecisionRules.policyVersion),
            template: DecisionQuery.Template(request: AccessRequest(request), token: token), at: time)
    }

    /// A decision read from parts remembered (``DecisionMemo``).
    convenience init(_ read: DecisionMemo.Read, at time: Timestamp) {
        self.init(outcome: read.outcome, underCurrentPolicy: read.underCurrentPolicy, template: read.template, at: time)
    }

    private init(outcome: Outcome, underCurrentPolicy: Bool, template: DecisionQuery.Template, at time: Timestamp) {
        self.outcome = outcome
        self.underCurrentPolicy = underCurrentPolicy
        self.template = template
        self.time = time
    }

    init<Source: JSONReading>(data: Source, at time: Timestamp) {
        let outcome = data["outcome"]
        self.outcome = .raw(effect: outcome?["effect"]?.json, reasons: outcome?["reasons"]?.json, roles: outcome?["roles"]?.json)
        underCurrentPolicy = data["policy"]?.isString(DecisionRules.policyVersion) ?? false
        template = DecisionQuery.Template(request: data["request"].flatMap { AccessRequest($0) }, token: data["token"])
        self.time = time
    }

    /// The recorded `effect`, when it is a string.
    var effect: String? {
        switch outcome {
        case .decoded(let effect, _, _): return effect.rawValue
        case .raw(let effect, _, _): return effect?.stringValue
        }
    }

    /// Counts the recorded reasons (the strings among them).
    func count(into tally: inout ReasonTally) {
        switch outcome {
        case .decoded(_, .known(let reasons), _): tally.count(reasons)
        case .decoded(_, .other(let reasons), _): for reason in reasons { tally.count(reason) }
        case .raw(_, let reasons, _): for reason in reasons?.stringElements ?? [] { tally.count(reason) }
        }
    }

    /// Whether the recorded outcome is exactly this one.
    func agrees(with effect: AccessOutcome.Effect, reasons: DecisionReasons, roles: [String]) -> Bool {
        switch outcome {
        case .decoded(let recordedEffect, let recordedReasons, let recordedRoles):
            guard recordedEffect == effect, recordedRoles == roles else { return false }
            switch recordedReasons {
            case .known(let known): return known == reasons
            case .other: return false  // not the rules' reasons in rule order
            }
        case .raw(let recordedEffect, let recordedReasons, let recordedRoles):
            return recordedEffect?.stringValue == effect.rawValue
                && recordedReasons.isArray(ofExactly: reasons.reasons.map(\.rawValue))
                && recordedRoles.isArray(ofExactly: roles)
        }
    }

    /// `{"effect", "reasons", "roles"}` (missing members as `null`).
    var json: JSONValue {
        switch outcome {
        case .decoded(let effect, let reasons, let roles):
            let strings: [String]
            switch reasons {
            case .known(let known): strings = known.reasons.map(\.rawValue)
            case .other(let other): strings = other
            }
            return ["effect": .string(effect.rawValue), "reasons": .strings(strings), "roles": .strings(roles)]
        case .raw(let effect, let reasons, let roles):
            return ["effect": effect ?? .null, "reasons": reasons ?? .null, "roles": roles ?? .null]
        }
    }
}

/// A `token.issued` or `token.rejected` as recorded, read from its raw
/// `data`. A class, like ``RecordedDecision``.
final class RecordedIssuance: Sendable {
    let issued: Bool
    /// The `byPrincipal` key of the request's `principalId`.
    let principal: String
    /// Whether the Entra token cut the recorded token short (issued only).
    let cappedByEntra: Bool
    /// The request as the rules read it; nil: out of domain.
    let request: IssuanceRequest?
    /// `scopes`, `reasons` and `expiresAt` as recorded (nil: missing).
    let scopes: RecordedList?
    let reasons: RecordedList?
    let expiresAt: JSONValue?
    /// `expiresAt` as a time, when it is one.
    let expiry: Timestamp?

    init<Source: JSONReading>(data: Source, issued: Bool, at time: Timestamp) {
        self.issued = issued
        let request = data["request"]
        principal = Self.principalKey(request?["principalId"])
        cappedByEntra = issued && request.map { IssuanceRequest.isCappedByEntra($0, issuedAt: time) } ?? false
        self.request = request.flatMap { IssuanceRequest($0) }
        scopes = data["scopes"].map { RecordedList($0) }
        reasons = data["reasons"].map { RecordedList($0) }
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
                "accepted": true, "reasons": [], "scopes": scopes?.json ?? .null,
                "expiresAt": expiry.map { .string($0.rfc3339) } ?? expiresAt ?? .null,
            ]
            : ["accepted": false, "reasons": reasons?.json ?? .null, "scopes": nil, "expiresAt": nil]
    }
}

extension Optional<JSONValue> {
    /// Whether this is an array of exactly these strings, in this order.
    func isArray(ofExactly strings: [String]) -> Bool {
        guard case .array(let elements)? = self, elements.count == strings.count else { return false }
        for (element, string) in zip(elements, strings) {
            guard case .string(let value) = element, value == string else { return false }
        }
        return true
    }
}
