/// What a replay found (SPEC §10): how many events it re-derived, which ones
/// diverged from the log, and what the log recorded.
public struct ReplayReport: Sendable, Equatable {
    /// One recorded outcome that the rules do not reproduce.
    public struct Divergence: Sendable, Equatable {
        public var seq: Int64
        public var type: String
        /// The envelope `id`.
        public var id: String
        /// Decisions: `{"effect", "reasons", "roles"}`; issuance:
        /// `{"accepted", "reasons", "scopes", "expiresAt"}`.
        public var recorded: JSONValue
        public var replayed: JSONValue

        public var json: JSONValue {
            ["seq": .integer(seq), "type": .string(type), "id": .string(id), "recorded": recorded, "replayed": replayed]
        }
    }

    /// Recorded issuance counts for one principal.
    public struct IssuanceCounts: Sendable, Equatable {
        public var issued = 0
        public var rejected = 0
        public var cappedByEntra = 0

        var json: JSONValue {
            [
                "issued": .integer(Int64(issued)), "rejected": .integer(Int64(rejected)),
                "cappedByEntra": .integer(Int64(cappedByEntra)),
            ]
        }
    }

    /// The window's start (inclusive), nil for "from the first event".
    public var from: Timestamp?
    /// The window's end (exclusive), nil for "to the last event".
    public var to: Timestamp?
    /// Events in the window, of every type.
    public var events = 0
    /// Issuance and decision events in the window.
    public var checked = 0
    /// Checked events whose re-derivation agrees with the log.
    public var matched = 0
    /// Sorted by `seq`.
    public var divergences: [Divergence] = []
    /// Recorded decisions in the window, by effect.
    public var allowed = 0
    public var denied = 0
    var reasonCounts = OrderedCounts<Int>(zero: 0)
    /// Recorded issuance in the window.
    public var issuance = IssuanceCounts()
    var principalCounts = OrderedCounts<IssuanceCounts>(zero: IssuanceCounts())
    /// Events of the whole replayed log that the fold skipped as invalid or undecodable.
    public var ignoredEvents = 0
    /// Events of the whole replayed log whose type §3 does not define.
    public var unknownTypeEvents = 0

    /// Recorded decisions in the window per reason (only reasons that occur).
    public var decisionsByReason: [String: Int] { reasonCounts.dictionary }

    /// Recorded issuance in the window per `principalId` (only principals that occur).
    public var issuanceByPrincipal: [String: IssuanceCounts] { principalCounts.dictionary }

    /// Whether the command should exit 1.
    public var hasDivergences: Bool { !divergences.isEmpty }

    /// The report exactly in the SPEC §10 shape. `integrity` is always `"ok"`:
    /// a log that fails verification never gets this far.
    public var json: JSONValue {
        let byReason = JSONObject(reasonCounts.entries.map { (key: $0.key, value: .integer(Int64($0.value))) })
        let byPrincipal = JSONObject(principalCounts.entries.map { (key: $0.key, value: $0.value.json) })
        var tokens = issuance.json
        if case .object(var object) = tokens {
            object["byPrincipal"] = .object(byPrincipal)
            tokens = .object(object)
        }
        return [
            "window": ["from": .string(from?.rfc3339), "to": .string(to?.rfc3339)],
            "events": .integer(Int64(events)),
            "checked": .integer(Int64(checked)),
            "matched": .integer(Int64(matched)),
            "divergences": .array(divergences.map(\.json)),
            "decisions": [
                "allow": .integer(Int64(allowed)), "deny": .integer(Int64(denied)), "byReason": .object(byReason),
            ],
            "tokens": tokens,
            "integrity": "ok",
        ]
    }
}
