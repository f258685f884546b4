import ChronicleTesting
import Testing
@testable import Chronicle

/// Writers check a decision's or a rejection's `data` without building it
/// (`check`); it must accept and refuse exactly what reading it (`members`)
/// does, with the same reason.
@Suite struct PayloadCheckTests {
    static func outcome<Source: JSONReading>(_ body: () throws(PayloadDecodingError) -> Void, on _: Source.Type) -> String? {
        do { try body(); return nil } catch { return error.description }
    }

    static func agree(type: EventType, data: JSONValue) -> String? {
        let checked: String?, read: String?
        switch type {
        case .accessDecided:
            checked = outcome({ () throws(PayloadDecodingError) in try AccessDecided.check(PayloadReader(data)) }, on: JSONValue.self)
            read = outcome({ () throws(PayloadDecodingError) in _ = try AccessDecided.members(PayloadReader(data)) }, on: JSONValue.self)
        default:
            checked = outcome({ () throws(PayloadDecodingError) in try TokenRejected.check(PayloadReader(data)) }, on: JSONValue.self)
            read = outcome({ () throws(PayloadDecodingError) in _ = try TokenRejected.members(PayloadReader(data)) }, on: JSONValue.self)
        }
        // The writer checks in place, on the tape of the line's text.
        let text = JSONWriter.serialize(data)
        let tape = JSONTape()
        let inPlace: String? = text.withUnsafeBytes { bytes in
            guard tape.index(bytes) else { return "not indexed" }
            return tape.withRoot(bytes) { root in
                type == .accessDecided
                    ? outcome({ () throws(PayloadDecodingError) in try AccessDecided.check(PayloadReader(root)) }, on: JSONTapeValue.self)
                    : outcome({ () throws(PayloadDecodingError) in try TokenRejected.check(PayloadReader(root)) }, on: JSONTapeValue.self)
            }
        }
        if inPlace != read { return "check in place: \(inPlace ?? "ok"), members: \(read ?? "ok")" }
        return checked == read ? nil : "check: \(checked ?? "ok"), members: \(read ?? "ok")"
    }

    @Test func agreesWithReadingOnEveryDecisionAndRejectionOfTheExamples() throws {
        var seen = 0
        for line in ConformanceFiles.allLines {
            let event = try EventLine.decode(line)
            guard let type = EventType.named(event.type), type == .accessDecided || type == .tokenRejected else { continue }
            seen += 1
            #expect(Self.agree(type: type, data: event.data) == nil)
        }
        #expect(seen > 10)
    }

    @Test(arguments: [
        #"{"decisionId":"d","request":{},"token":{},"outcome":{"effect":"allow","reasons":[],"roles":["r"]},"policy":"p"}"#,
        #"{"decisionId":"d","request":{},"token":{},"outcome":{"effect":"maybe","reasons":[],"roles":[]},"policy":"p"}"#,
        #"{"decisionId":"d","request":{},"token":{},"outcome":{"effect":"deny","reasons":["a",1],"roles":[]},"policy":"p"}"#,
        #"{"decisionId":"d","request":{},"token":{},"outcome":{"effect":"deny","reasons":[],"roles":null},"policy":"p"}"#,
        #"{"decisionId":"d","request":{},"token":{},"outcome":[],"policy":"p"}"#,
        #"{"decisionId":5,"request":{},"token":{},"outcome":{},"policy":"p"}"#,
        #"{"decisionId":"d","token":{},"outcome":{},"policy":"p"}"#,
        #"{"decisionId":"d","request":{},"token":{},"outcome":{"effect":"allow","reasons":[],"roles":[]}}"#,
        #"{"decisionId":"d","request":{},"token":{},"outcome":{"effect":"\u0061llow","reasons":[],"roles":[]},"policy":"p"}"#,
    ])
    func agreesWithReadingOnDecisions(_ text: String) throws {
        #expect(Self.agree(type: .accessDecided, data: try JSONParser.parse(text)) == nil, "\(text)")
    }

    @Test(arguments: [
        #"{"requestId":"r","request":{},"reasons":["x"]}"#,
        #"{"requestId":"r","request":{},"reasons":"x"}"#,
        #"{"requestId":null,"request":{},"reasons":[]}"#,
        #"{"requestId":"r","reasons":[]}"#,
    ])
    func agreesWithReadingOnRejections(_ text: String) throws {
        #expect(Self.agree(type: .tokenRejected, data: try JSONParser.parse(text)) == nil, "\(text)")
    }
}
