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
            switch EventType(rawValue: event.type) {
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
        let recorded: JSONValue
        let principalId = Self.principalKey(request["principalId"])
        var counts = report.principalCounts[principalId]
        if issued {
            let expiresAt = data["expiresAt"]?.stringValue.flatMap { Timestamp(rfc3339: $0) }
            recorded = [
                "accepted": true, "reasons": [], "scopes": data["scopes"] ?? .null,
                "expiresAt": expiresAt.map { .string($0.rfc3339) } ?? data["expiresAt"] ?? .null,
            ]
            let capped = IssuanceRequest.isCappedByEntra(request, issuedAt: event.time)
            report.issuance.issued += 1
            counts.issued += 1
            if capped {
                report.issuance.cappedByEntra += 1
                counts.cappedByEntra += 1
            }
        } else {
            recorded = ["accepted": false, "reasons": data["reasons"] ?? .null, "scopes": nil, "expiresAt": nil]
            report.issuance.rejected += 1
            counts.rejected += 1
        }
        report.principalCounts[principalId] = counts

        let tokenId = data["tokenId"]?.stringValue ?? data["requestId"]?.stringValue ?? event.subject
        let replayed = IssuanceRules.evaluate(request, tokenId: tokenId, in: state, at: event.time).json
        compare(event, recorded: recorded, replayed: replayed)
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
        let recorded: JSONValue = [
            "effect": outcome["effect"] ?? .null, "reasons": outcome["reasons"] ?? .null,
            "roles": outcome["roles"] ?? .null,
        ]
        switch outcome["effect"]?.stringValue {
        case AccessOutcome.Effect.allow.rawValue?: report.allowed += 1
        case AccessOutcome.Effect.deny.rawValue?: report.denied += 1
        default: break
        }
        if case .array(let reasons)? = outcome["reasons"] {
            for case .string(let reason) in reasons { report.reasonCounts[reason] += 1 }
        }

        guard data["policy"]?.stringValue == DecisionRules.policyVersion else {
            report.checked += 1
            report.divergences.append(
                ReplayReport.Divergence(
                    seq: event.seq, type: event.type, id: event.id, recorded: recorded,
                    replayed: ["effect": nil, "reasons": [.string(DecisionReason.policyUnknown.rawValue)], "roles": nil]))
            return
        }
        let replayed = DecisionRules.evaluate(
            request: data["request"] ?? .null, token: data["token"] ?? .null, in: state, at: event.time
        ).json
        compare(event, recorded: recorded, replayed: replayed)
    }

    private mutating func compare(_ event: Event, recorded: JSONValue, replayed: JSONValue) {
        report.checked += 1
        if recorded == replayed {
            report.matched += 1
        } else {
            report.divergences.append(
                ReplayReport.Divergence(
                    seq: event.seq, type: event.type, id: event.id, recorded: recorded, replayed: replayed))
        }
    }
}
