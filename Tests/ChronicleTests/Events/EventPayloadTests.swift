import Testing
@testable import Chronicle

@Suite struct EventPayloadTests {
    @Test(arguments: ConformanceFiles.organisations)
    func decodesEveryEventOfTheExampleLogsAndEncodesItBackInTheSameMemberOrder(organisation: String) throws {
        let events = try #require(ConformanceEvents.byOrganisation[organisation])
        for event in events {
            let payload = try EventPayload.decode(type: event.type, data: event.data)
            if EventType(rawValue: event.type) == nil {
                #expect(payload == .unknown(type: event.type))
                continue
            }
            #expect(payload.type == event.type)
            #expect(payload.subject == event.subject, "seq \(event.seq)")
            // Times inside `data` may carry offsets or extra digits; they re-encode canonically.
            #expect(try EventPayload.decode(type: event.type, data: payload.data) == payload, "seq \(event.seq)")
            #expect(payload.data.objectValue?.keys == event.data.objectValue?.keys, "seq \(event.seq)")
        }
    }

    @Test func anUnknownTypeDecodesWithoutThrowing() throws {
        let payload = try EventPayload.decode(type: "com.example.note", data: ["anything": [1, 2]])
        #expect(payload == .unknown(type: "com.example.note"))
        #expect(payload.type == "com.example.note")
    }

    @Test(arguments: [
        ("secret.created", ["kind": "accessKey"] as JSONValue, "data.secretId: expected a string, found nothing"),
        ("secret.created", ["secretId": 7], "data.secretId: expected a string, found a number"),
        ("secret.created",
         ["secretId": "s", "kind": "apiKey", "owner": "o", "version": 1, "hint": "h", "fingerprint": "f", "expiresAt": nil],
         #"data.kind: expected "accessKey" | "clientSecret" | "password", found a string"#),
        ("secret.rotated",
         ["secretId": "s", "version": "2", "hint": "h", "fingerprint": "f", "expiresAt": nil, "previousValidUntil": nil],
         "data.version: expected an integer, found a string"),
        ("secret.rotated",
         ["secretId": "s", "version": 2, "hint": "h", "fingerprint": "f", "expiresAt": "tomorrow",
          "previousValidUntil": nil],
         "data.expiresAt: expected an RFC 3339 time or null, found a string"),
        ("dataset.configured", ["datasetId": "d", "workspaceId": "w", "rlsType": "cloud", "roles": ["a", 1]],
         "data.roles: expected an array of strings, found an array"),
        ("access.decided",
         ["decisionId": "d", "request": [:], "token": [:], "outcome": ["effect": "maybe"], "policy": "2026.11"],
         #"data.outcome.effect: expected "allow" | "deny", found a string"#),
        ("token.revoked", [] as JSONValue, "data: expected an object, found an array"),
    ] as [(String, JSONValue, String)])
    func aDecodingErrorNamesTheMissingOrMistypedMember(type: String, data: JSONValue, message: String) {
        #expect(throws: PayloadDecodingError.self) { try EventPayload.decode(type: type, data: data) }
        do {
            _ = try EventPayload.decode(type: type, data: data)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func actorAndDescriptionAreOptionalAndEncodedOnlyWhenSet() throws {
        let bare: JSONValue = [
            "secretId": "s", "kind": "password", "owner": "o", "version": 1, "hint": "xyz", "fingerprint": "f",
            "expiresAt": nil,
        ]
        let payload = try EventPayload.decode(type: "secret.created", data: bare)
        guard case .secretCreated(let created) = payload else {
            Issue.record("not secret.created")
            return
        }
        #expect(created.actor == nil && created.description == nil)
        #expect(payload.data.objectValue?.keys == ["secretId", "kind", "owner", "version", "hint", "fingerprint",
                                                   "expiresAt"])
        let full = bare.setting("description", "Embed key").setting("actor", "admin")
        #expect(try EventPayload.decode(type: "secret.created", data: full).data == full)
    }

    @Test func requestsAndTokensStayRawEvenWhenOutOfDomain() throws {
        let data: JSONValue = [
            "requestId": "r1", "request": ["accessLevel": "Owner", "lifetimeMinutes": 1.5],
            "reasons": ["request.invalid"],
        ]
        guard case .tokenRejected(let rejected) = try EventPayload.decode(type: "token.rejected", data: data) else {
            Issue.record("not token.rejected")
            return
        }
        #expect(rejected.request == ["accessLevel": "Owner", "lifetimeMinutes": 1.5])

        let decision: JSONValue = [
            "decisionId": "d1", "request": ["operation": 3], "token": ["claims": nil],
            "outcome": ["effect": "deny", "reasons": ["request.invalid"], "roles": []], "policy": "2025.04",
        ]
        guard case .accessDecided(let decided) = try EventPayload.decode(type: "access.decided", data: decision) else {
            Issue.record("not access.decided")
            return
        }
        #expect(decided.token == ["claims": nil])
        #expect(decided.outcome == AccessOutcome(effect: .deny, reasons: ["request.invalid"], roles: []))
        #expect(decided.policy == "2025.04")
    }

    @Test func nullableMembersMayBeNullOrMissing() throws {
        let data: JSONValue = [
            "tokenId": "t", "request": [:], "kid": "k@1", "scopes": ["Report.Read"], "claims": [:],
            "expiresAt": "2026-11-20T10:00:00+01:00", "tokenHash": "h",
        ]
        guard case .tokenIssued(let issued) = try EventPayload.decode(type: "token.issued", data: data) else {
            Issue.record("not token.issued")
            return
        }
        #expect(issued.renews == nil)
        #expect(issued.expiresAt == Timestamp.t0.plus(hours: -1))
        #expect(issued.data["renews"] == .null)
        #expect(issued.data["expiresAt"] == "2026-11-20T09:00:00.000Z")
    }

    @Test func everyKnownTypeNamesItsKind() {
        #expect(EventType.allCases.count == 16)
        #expect(EventType.allCases.filter(\.isCheckedByReplay) == [.tokenIssued, .tokenRejected, .accessDecided])
        #expect(EventType(rawValue: "audit.note") == nil)
    }
}
