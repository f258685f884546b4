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
    private var reasonTally = ReasonTally()
    /// What the decision rules ask of the state, kept at hand between decisions.
    private var lookups = ReplayLookups()

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
        let known = EventType.named(event.type)
        consume(
            ReplayEvent(
                seq: event.seq, time: event.time, type: event.type, known: known, id: EventID(event.id), data: event.data,
                checking: contains(event.time) && ReplayEvent.isChecked(known)))
    }

    /// Whether `time` lies in the window [`from`, `to`).
    func contains(_ time: Timestamp) -> Bool {
        (from.map { time >= $0 } ?? true) && (to.map { time < $0 } ?? true)
    }

    /// Takes the next event of the log, read ahead by a streaming reader
    /// (which prepared its check when ``contains(_:)`` its time).
    mutating func consume(_ event: consuming ReplayEvent) {
        if contains(event.time) {
            report.events += 1
            // Moved out, not copied: what was recorded is large.
            if let check = event.check.take() {
                switch consume check {
                case .issuance(let recorded): self.check(recorded, of: event)
                case .decision(let recorded): self.check(recorded, of: event)
                }
            }
        }
        state.apply(event.fold, seq: event.seq, time: event.time)
        lookups.forget(after: event.fold, in: state)
    }

    /// The report on everything consumed.
    public func finish() -> ReplayReport {
        var report = report
        report.reasonCounts = reasonTally.counts
        report.ignoredEvents = state.ignored
        report.unknownTypeEvents = state.unknownTypes
        return report
    }

    private mutating func check(_ recorded: RecordedIssuance, of event: ReplayEvent) {
        var counts = report.principalCounts[recorded.principal]
        if recorded.issued {
            report.issuance.issued += 1
            counts.issued += 1
            if recorded.cappedByEntra {
                report.issuance.cappedByEntra += 1
                counts.cappedByEntra += 1
            }
        } else {
            report.issuance.rejected += 1
            counts.rejected += 1
        }
        report.principalCounts[recorded.principal] = counts

        let replayed = IssuanceRules.verdict(for: recorded.request, in: state, at: event.time)
        let agrees: Bool
        switch replayed {
        case .accepted(let scopes, let expiresAt):
            agrees = recorded.issued && recorded.scopes.isArray(ofExactly: scopes) && recorded.expiry == expiresAt
        case .rejected(let reasons):
            agrees = !recorded.issued && recorded.reasons.isArray(ofExactly: reasons)
        }
        report.checked += 1
        if agrees {
            report.matched += 1
        } else {
            diverge(event, recorded: recorded.json, replayed: replayed.json)
        }
    }

    private mutating func check(_ recorded: RecordedDecision, of event: ReplayEvent) {
        switch recorded.effect {
        case AccessOutcome.Effect.allow.rawValue?: report.allowed += 1
        case AccessOutcome.Effect.deny.rawValue?: report.denied += 1
        default: break
        }
        recorded.count(into: &reasonTally)

        report.checked += 1
        guard recorded.underCurrentPolicy else {
            let replayed: JSONValue = [
                "effect": nil, "reasons": [.string(DecisionReason.policyUnknown.rawValue)], "roles": nil,
            ]
            diverge(event, recorded: recorded.json, replayed: replayed)
            return
        }
        let (reasons, roles) = DecisionRules.evaluate(recorded.query, in: state, at: event.time, lookups: &lookups)
        let effect: AccessOutcome.Effect = reasons.isEmpty ? .allow : .deny
        if recorded.agrees(with: effect, reasons: reasons, roles: roles) {
            report.matched += 1
        } else {
            let replayed = AccessOutcome(effect: effect, reasons: reasons.reasons.map(\.rawValue), roles: roles)
            diverge(event, recorded: recorded.json, replayed: replayed.json)
        }
    }

    private mutating func diverge(_ event: ReplayEvent, recorded: JSONValue, replayed: JSONValue) {
        report.divergences.append(
            ReplayReport.Divergence(seq: event.seq, type: event.type, id: event.id.string, recorded: recorded, replayed: replayed))
    }
}
