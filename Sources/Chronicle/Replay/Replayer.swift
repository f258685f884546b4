/// Re-derives recorded issuance and decisions and compares them with the
/// log (SPEC §10), streaming: feed every event of the log in order, then
/// ask for the report. Memory holds the state and the divergences, never
/// the events.
///
/// ```swift
/// var replayer = Replayer(from: day, to: day.adding(milliseconds: Timestamp.millisecondsPerDay))
/// for event in log { replayer.consume(event) }
/// let report = replayer.finish()   // exit 1 if report.hasDivergences
/// ```
///
/// Every event is folded into the replayer's own ``AuditState``; events
/// before the window only build state. Each `token.issued`, `token.rejected`
/// and `access.decided` inside the window [`from`, `to`) is re-derived
/// against the state before it. A decision recorded under a policy other
/// than ``DecisionRules/policyVersion`` is checked but not matched: its
/// `replayed` is `{"effect": null, "reasons": ["policy.unknown"], "roles": null}`.
///
/// Replay works on the raw `data`, so a checked event whose `data` does not
/// decode is still compared (members it lacks read as `null`, and it diverges).
/// `tokens.cappedByEntra` counts recorded `token.issued` events whose
/// request's `entraTokenExpiresAt` < t + `lifetimeMinutes`.
///
/// The replayer does not verify the chain: the command verifies the whole
/// log first (SPEC §10), so the report's `integrity` is always `"ok"`.
public struct Replayer: Sendable {
    public let from: Timestamp?
    public let to: Timestamp?
    private var state = AuditState()
    private var report: ReplayReport

    /// - Parameters:
    ///   - from: The window's start, inclusive; nil for the beginning of the log.
    ///   - to: The window's end, exclusive; nil for the end of the log.
    public init(from: Timestamp?, to: Timestamp?) {
        self.from = from
        self.to = to
        report = ReplayReport(from: from, to: to)
    }

    /// Events of the log so far that the fold skipped as invalid or undecodable.
    public var ignoredEvents: Int { state.ignored }

    /// Events of the log so far whose type §3 does not define.
    public var unknownTypeEvents: Int { state.unknownTypes }

    /// The state after every event consumed so far.
    public var currentState: AuditState { state }

    /// Takes the next event of the log (in `seq` order).
    public mutating func consume(_ event: Event) {
        let inWindow = (from.map { event.time >= $0 } ?? true) && (to.map { event.time < $0 } ?? true)
        if inWindow {
            report.events += 1
            switch EventType.named(event.type) {
            case .tokenIssued?, .tokenRejected?: checkIssuance(event)
            case .accessDecided?: checkDecision(event)
            default: break
            }
        }
        state.apply(event)
    }

    /// The report on everything consumed.
    public func finish() -> ReplayReport {
        var report = report
        report.ignoredEvents = state.ignored
        report.unknownTypeEvents = state.unknownTypes
        return report
    }

    private mutating func checkIssuance(_ event: Event) {
        let data = event.data
        let request = data["request"] ?? .null
        let issued = event.type == EventType.tokenIssued.rawValue

        let principalId = Self.principalKey(request["principalId"])
        var counts = report.principalCounts[principalId]
        if issued {
            report.issuance.issued += 1
            counts.issued += 1
            if IssuanceRequest.isCappedByEntra(request, issuedAt: event.time) {
                report.issuance.cappedByEntra += 1
                counts.cappedByEntra += 1
            }
        } else {
            report.issuance.rejected += 1
            counts.rejected += 1
        }
        report.principalCounts[principalId] = counts

        let tokenId = data["tokenId"]?.stringValue ?? data["requestId"]?.stringValue ?? event.subject
        let replayed = IssuanceRules.evaluate(request, tokenId: tokenId, in: state, at: event.time)
        let recordedExpiry = data["expiresAt"]?.stringValue.flatMap { Timestamp(rfc3339: $0) }
        let agrees: Bool
        switch replayed {
        case .accepted(let token):
            agrees = issued && Self.matches(data["scopes"], token.scopes) && recordedExpiry == token.expiresAt
        case .rejected(let reasons):
            agrees = !issued && Self.matches(data["reasons"], reasons)
        }
        report.checked += 1
        if agrees {
            report.matched += 1
            return
        }
        let recorded: JSONValue =
            issued
            ? [
                "accepted": true, "reasons": [], "scopes": data["scopes"] ?? .null,
                "expiresAt": recordedExpiry.map { .string($0.rfc3339) } ?? data["expiresAt"] ?? .null,
            ]
            : ["accepted": false, "reasons": data["reasons"] ?? .null, "scopes": nil, "expiresAt": nil]
        diverge(event, recorded: recorded, replayed: replayed.json)
    }

    /// The `byPrincipal` key of a recorded request's `principalId`: the
    /// string itself, or, for an out-of-domain value, its compact JSON text
    /// (`{"id":"…"}`; a missing member counts as `null`). The conformance
    /// examples count such requests under that text rather than dropping them.
    static func principalKey(_ value: JSONValue?) -> String {
        if case .string(let id)? = value { return id }
        return JSONWriter.string(value ?? .null)
    }

    private mutating func checkDecision(_ event: Event) {
        let data = event.data
        let outcome = data["outcome"] ?? .null
        let effect = outcome["effect"]?.stringValue
        switch effect {
        case AccessOutcome.Effect.allow.rawValue?: report.allowed += 1
        case AccessOutcome.Effect.deny.rawValue?: report.denied += 1
        default: break
        }
        if case .array(let reasons)? = outcome["reasons"] {
            for case .string(let reason) in reasons { report.reasonCounts[reason] += 1 }
        }

        report.checked += 1
        guard data["policy"]?.stringValue == DecisionRules.policyVersion else {
            let replayed: JSONValue = [
                "effect": nil, "reasons": [.string(DecisionReason.policyUnknown.rawValue)], "roles": nil,
            ]
            diverge(event, recorded: Self.recordedDecision(outcome), replayed: replayed)
            return
        }
        let replayed = DecisionRules.evaluate(
            request: data["request"] ?? .null, token: data["token"] ?? .null, in: state, at: event.time)
        if effect == replayed.effect.rawValue, Self.matches(outcome["reasons"], replayed.reasons),
           Self.matches(outcome["roles"], replayed.roles)
        {
            report.matched += 1
        } else {
            diverge(event, recorded: Self.recordedDecision(outcome), replayed: replayed.json)
        }
    }

    /// `{"effect", "reasons", "roles"}` of a recorded outcome (missing members as `null`).
    private static func recordedDecision(_ outcome: JSONValue) -> JSONValue {
        ["effect": outcome["effect"] ?? .null, "reasons": outcome["reasons"] ?? .null, "roles": outcome["roles"] ?? .null]
    }

    /// Whether `json` is an array of exactly these strings, in this order.
    private static func matches(_ json: JSONValue?, _ strings: [String]) -> Bool {
        guard case .array(let elements)? = json, elements.count == strings.count else { return false }
        for (element, string) in zip(elements, strings) {
            guard case .string(let value) = element, value == string else { return false }
        }
        return true
    }

    private mutating func diverge(_ event: Event, recorded: JSONValue, replayed: JSONValue) {
        report.divergences.append(
            ReplayReport.Divergence(seq: event.seq, type: event.type, id: event.id, recorded: recorded, replayed: replayed))
    }
}
