import Testing
@testable import Chronicle

/// The replayer's remembered answers against the state's own, decision by
/// decision through the conformance logs, and through the same logs with
/// the ids every decision names shuffled among those the logs use (plus
/// ids no log knows), so that remembered answers are asked for in every
/// order and after every change of the state.
@Suite struct ReplayLookupsTests {
    /// The events of both conformance logs, in order.
    private static func events() throws -> [Event] {
        try ConformanceFiles.allLines.map { try EventLine.decode($0) }
    }

    /// Decides every decision of `events` with both lookups, folding the events as the replayer does.
    private static func expectSameDecisions(
        _ events: [Event], mutate: (JSONValue, inout SeededGenerator) -> JSONValue = { value, _ in value }
    ) {
        var generator = SeededGenerator(seed: 9003, stream: 1)
        var state = AuditState()
        var lookups = ReplayLookups()
        for event in events {
            if event.type == EventType.accessDecided.rawValue {
                for _ in 0..<3 {
                    let data = mutate(event.data, &generator)
                    let query = DecisionQuery(
                        request: data["request"].flatMap { AccessRequest($0) }, token: data["token"], at: event.time)
                    var plain = StateLookups()
                    let expected = DecisionRules.evaluate(query, in: state, at: event.time, lookups: &plain)
                    let remembered = DecisionRules.evaluate(query, in: state, at: event.time, lookups: &lookups)
                    #expect(remembered.reasons == expected.reasons, "seq \(event.seq)")
                    #expect(remembered.roles == expected.roles, "seq \(event.seq)")
                }
            }
            let step = FoldStep(type: event.type, known: EventType.named(event.type), data: event.data, time: event.time)
            state.apply(step, seq: event.seq, time: event.time)
            lookups.forget(after: step, in: state)
        }
    }

    @Test func answerAsTheStateDoesThroughTheConformanceLogs() throws {
        Self.expectSameDecisions(try Self.events())
    }

    @Test func answerAsTheStateDoesForShuffledIds() throws {
        let events = try Self.events()
        // Every id a decision names in the logs, and some no log knows.
        var ids: [String: Set<String>] = [:]
        for event in events where event.type == EventType.accessDecided.rawValue {
            for (object, member) in [("request", "reportId"), ("request", "datasetId"), ("token", "tokenId"), ("token", "kid")] {
                if let id = event.data[object]?[member]?.stringValue { ids[member, default: []].insert(id) }
            }
            if let user = event.data["token"]?["claims"]?["username"]?.stringValue { ids["username", default: []].insert(user) }
        }
        let pools = ids.mapValues { $0.sorted() + ["unknown-id", "unknown-id@1", ""] }
        func pick(_ member: String, _ generator: inout SeededGenerator) -> JSONValue {
            let pool = pools[member] ?? ["unknown-id"]
            return .string(pool[generator.below(pool.count)])
        }
        Self.expectSameDecisions(events) { data, generator in
            guard case .object(var object) = data, case .object(var request)? = object["request"],
                  case .object(var token)? = object["token"], case .object(var claims)? = token["claims"]
            else { return data }
            if generator.below(2) == 0 { request["reportId"] = pick("reportId", &generator) }
            if generator.below(2) == 0 { request["datasetId"] = pick("datasetId", &generator) }
            if generator.below(2) == 0 { token["tokenId"] = pick("tokenId", &generator) }
            if generator.below(2) == 0 { token["kid"] = pick("kid", &generator) }
            if generator.below(2) == 0 { claims["username"] = pick("username", &generator) }
            token["claims"] = .object(claims)
            object["request"] = .object(request)
            object["token"] = .object(token)
            return .object(object)
        }
    }
}
