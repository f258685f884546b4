import ChronicleTesting
import Testing
@testable import Chronicle

/// `EventDraft(line:)` reads an input line in one validating pass and keeps
/// `data` as text. These tests hold it to the straightforward reading it
/// replaced: parse the whole line into a tree, then check the members.
@Suite struct EventDraftLineTests {
    /// The reference: the tree-building parse `append` used before.
    static func reference(_ line: [UInt8]) -> Result<EventDraft, LineError> {
        Result { () throws(LineError) -> EventDraft in
            let value: JSONValue
            do { value = try JSONParser.parse(line) } catch { throw LineError("invalid JSON: \(error)") }
            guard let object = value.objectValue else { throw LineError("not a JSON object") }
            for key in object.keys {
                switch key {
                case "specversion", "id", "source", "type", "time", "subject", "data": break
                case "seq", "prevhash", "hash": throw LineError("member \"\(key)\" is set by the writer and must be absent")
                default: throw LineError("unexpected member \"\(key)\"")
                }
            }
            func string(_ key: String, required: Bool) throws(LineError) -> String? {
                switch object[key] {
                case nil where !required: return nil
                case .string(let text)?: return text
                case nil: throw LineError("missing member \"\(key)\"")
                default: throw LineError("member \"\(key)\" must be a string")
                }
            }
            guard let type = try string("type", required: true), !type.isEmpty else { throw LineError("type is empty") }
            let subject = try string("subject", required: true) ?? ""
            guard let data = object["data"] else { throw LineError("missing member \"data\"") }
            guard case .object = data else { throw LineError("member \"data\" must be an object") }
            let id = try string("id", required: false)
            let source = try string("source", required: false)
            let specversion = try string("specversion", required: false)
            if let specversion, specversion != "1.0" { throw LineError("specversion must be \"1.0\"") }
            var time: Timestamp?
            if let text = try string("time", required: false) {
                guard let parsed = Timestamp(rfc3339: text) else { throw LineError("time is not an RFC 3339 time") }
                time = parsed
            }
            return EventDraft(type: type, subject: subject, data: data, id: id, time: time, source: source,
                              specversion: specversion)
        }
    }

    static func agree(_ line: [UInt8]) -> String? {
        let expected = reference(line)
        let actual = Result { () throws(LineError) in try EventDraft(line: line) }
        switch (expected, actual) {
        case (.success(let expected), .success(let actual)):
            return expected == actual ? nil : "drafts differ"
        case (.failure(let expected), .failure(let actual)):
            // Both reject; JSON errors must name the same problem.
            if expected.reason.hasPrefix("invalid JSON") != actual.reason.hasPrefix("invalid JSON") {
                return "reasons differ: \(expected.reason) / \(actual.reason)"
            }
            if !expected.reason.hasPrefix("invalid JSON"), expected.reason != actual.reason {
                return "reasons differ: \(expected.reason) / \(actual.reason)"
            }
            return nil
        case (.success, .failure(let actual)):
            return "rejected what the reference accepts: \(actual.reason)"
        case (.failure(let expected), .success):
            return "accepted what the reference rejects: \(expected.reason)"
        }
    }

    @Test(arguments: [
        #"{"type":"audit.note","subject":"s","data":{"a":[1,2,{"b":null}]}}"#,
        #"  {"data":{},"subject":"s","type":"t","id":"x","time":"2030-01-01T00:00:00+01:00","source":"/orgs/a","specversion":"1.0"}  "#,
        #"{"type":"t","subject":"s","data":{},"seq":1}"#,
        #"{"type":"t","subject":"s","data":{},"extra":1,"hash":"x"}"#,
        #"{"type":"t","subject":"s","data":[]}"#,
        #"{"type":"t","subject":5,"data":{}}"#,
        #"{"type":"","subject":"s","data":{}}"#,
        #"{"subject":"s","data":{}}"#,
        #"{"type":"t","subject":"s"}"#,
        #"{"type":"t","subject":"s","data":{},"specversion":"2.0"}"#,
        #"{"type":"t","subject":"s","data":{},"time":"yesterday"}"#,
        #"{"type":"t","subject":"s","data":{},"time":null}"#,
        #"{"type":"t","type":"u","subject":"s","data":{}}"#,
        #"{"type":"t","t\u0079pe":"u","subject":"s","data":{}}"#,
        #"{"type":"t","subject":"s","data":{"a":1,"a":2}}"#,
        #"{"type":"t","subject":"s","data":{"n":1e400}}"#,
        #"{"type":"t","subject":"s","data":{}} x"#,
        #"{"type":"t","subject":"s","data":{}"#,
        #"[1,2]"#,
        #""just a string""#,
        #"{}"#,
        #"{"ty\u0070e":"t","subject":"s\n","d\u0061ta":{"k":"caf\u00e9"}}"#,
    ])
    func agreesWithTheTreeReading(_ line: String) {
        #expect(Self.agree(Array(line.utf8)) == nil, "\(line)")
    }

    @Test func agreesWithTheTreeReadingOnMutatedLines() {
        let seeds = FuzzSeeds.draftLines(fromSealedLines: ConformanceFiles.allLines)
        #expect(!seeds.isEmpty, "the conformance examples are beside the project")
        // Without seeds the fuzzer cannot start (it stops the whole run): the expectation above reports it.
        guard !seeds.isEmpty else { return }
        let budget = FuzzBudget.fromEnvironment(inputs: 5_000, seconds: 4)
        let report = FuzzCampaign.run(budget, seeds: seeds, salt: 0xD5) { input in
            if let difference = Self.agree(input) { return .violation(difference) }
            return .accepted
        }
        report.expectClean("EventDraft(line:) against the tree reading", minimumInputs: budget.minimumInputs)
    }

    @Test func keepsDataAsTheInputTextAndBuildsTheTreeOnlyWhenAsked() throws {
        let line = Array(#"{"type":"t","subject":"s","data":{ "b" : [1, 2.5], "a":"x" }}"#.utf8)
        var draft = try EventDraft(line: line)
        #expect(draft.dataBytes.map(Array.init) == Array(#"{ "b" : [1, 2.5], "a":"x" }"#.utf8))
        #expect(draft.data == ["b": [1, 2.5], "a": "x"])
        draft.data = ["c": true]
        #expect(draft.dataBytes == nil, "a new tree replaces the text")
        #expect(draft.data == ["c": true])
    }

    @Test func checksADecisionsDataWhileParsingAndForgetsItWhenTheTypeChanges() throws {
        let decision = try #require(ConformanceFiles.allLines
            .lazy.compactMap { try? EventLine.decode($0) }.first { $0.type == "access.decided" })
        let line = Array((#"{"type":"access.decided","subject":"s","data":"# + JSONWriter.string(decision.data) + "}").utf8)
        var draft = try EventDraft(line: line)
        #expect(draft.checkedStep != nil)
        draft.type = "audit.note"
        #expect(draft.checkedStep == nil)
    }

    @Test func refusesAnInputLineOverOneMebibyte() {
        let padding = String(repeating: "p", count: 1 << 20)
        let line = Array(#"{"type":"t","subject":"s","data":{"pad":"\#(padding)"}}"#.utf8)
        #expect(throws: LineError.self) { try EventDraft(line: line) }
    }
}
