import Foundation
import Testing
@testable import Chronicle

/// `DecisionMemo`: a decision whose request, token and outcome were read
/// before is read from what was remembered, and reads exactly as the long
/// way would read it; anything else is left to the long way.
@Suite struct DecisionMemoTests {
    static let time = Timestamp(milliseconds: 1_795_220_000_000)
    static let request = #"{"operation":"view","reportId":"r-1","datasetId":null,"workspaceId":"ws-1"}"#
    static let token = #"{"tokenId":"5f0c6b1e-0000-4000-8000-000000000001","tokenHash":"ab","kid":"sec-embed@1","signatureValid":true,"claims":{"ver":"0.2.0","aud":"https://analysis.windows.net/powerbi/api","iss":"alice","type":"embed","wid":"ws-1","rid":"r-1","reports":[],"datasets":[],"scp":"Report.Read","nbf":1795219500,"exp":1795224900,"jti":"5f0c6b1e-0000-4000-8000-000000000001"}}"#
    static let allow = #"{"effect":"allow","reasons":[],"roles":[]}"#

    /// `data` of a decision, laid out as writers write it.
    static func data(
        decisionId: String = "d-1", request: String = request, token: String = token, outcome: String = allow,
        policy: String = "2026.11"
    ) -> String {
        #"{"decisionId":"\#(decisionId)","request":\#(request),"token":\#(token),"outcome":\#(outcome),"policy":"\#(policy)"}"#
    }

    /// What follows `data` on a line.
    static let rest = #","hash":"0000"}"#

    /// Reads `data` the long way and teaches `memo` what it read.
    @discardableResult
    static func teach(_ memo: DecisionMemo, _ data: String) throws -> RecordedDecision {
        let decision = try #require(RecordedDecision(plainlyRecorded: try JSONParser.parse(data), at: time))
        let text = Array(data.utf8)
        func range(after name: String, length: Int) throws -> Range<Int> {
            let marker = Array(name.utf8)
            let start = try #require((0...(text.count - marker.count)).first { Array(text[$0..<($0 + marker.count)]) == marker })
            return (start + marker.count)..<(start + marker.count + length)
        }
        let outcomeText = JSONWriter.string(try #require(JSONParser.parse(data)["outcome"]))
        let request = try range(after: #""request":"#, length: Self.request.utf8.count)
        let token = try range(after: #","token":"#, length: Self.token.utf8.count)
        let outcome = try range(after: #","outcome":"#, length: outcomeText.utf8.count)
        Array((data + rest).utf8).withUnsafeBytes {
            memo.remember($0, dataLength: text.count, request: request, token: token, outcome: outcome, decision: decision)
        }
        return decision
    }

    static func read(_ memo: DecisionMemo, _ data: String) -> (length: Int, read: DecisionMemo.Read)? {
        Array((data + rest).utf8).withUnsafeBytes { memo.read($0) }
    }

    static func parts(_ template: DecisionQuery.Template) -> DecisionParts? {
        if case .checkable(let parts) = template { return parts }
        return nil
    }

    @Test func readsNothingItWasNotTaught() {
        #expect(Self.read(DecisionMemo(), Self.data()) == nil)
    }

    @Test func readsATaughtDecisionAsTheLongWayReadsIt() throws {
        let memo = DecisionMemo()
        let taught = try Self.teach(memo, Self.data())
        let (length, read) = try #require(Self.read(memo, Self.data(decisionId: "d-2")))
        #expect(length == Self.data(decisionId: "d-2").utf8.count)
        #expect(read.underCurrentPolicy)
        // The very parts read the long way, shared.
        #expect(Self.parts(read.template) === Self.parts(taught.template))
        let decision = RecordedDecision(read, at: Self.time)
        #expect(decision.json == taught.json)
        #expect(decision.effect == "allow")
    }

    @Test func aPolicyIsComparedOnEveryDecision() throws {
        let memo = DecisionMemo()
        try Self.teach(memo, Self.data())
        let (_, read) = try #require(Self.read(memo, Self.data(policy: "2025.01")))
        #expect(!read.underCurrentPolicy)
    }

    @Test(arguments: [
        // One byte of the token differs.
        DecisionMemoTests.data(token: DecisionMemoTests.token.replacingOccurrences(of: #""signatureValid":true"#, with: #""signatureValid":false"#)),
        // The request differs.
        DecisionMemoTests.data(request: DecisionMemoTests.request.replacingOccurrences(of: "r-1", with: "r-2")),
        // An outcome not taught.
        DecisionMemoTests.data(outcome: #"{"effect":"deny","reasons":["token.expired"],"roles":[]}"#),
        // Laid out otherwise: white space, another member order, an escape in the policy.
        DecisionMemoTests.data().replacingOccurrences(of: #","outcome":"#, with: #", "outcome":"#),
        #"{"request":\#(DecisionMemoTests.request),"decisionId":"d-1","token":\#(DecisionMemoTests.token),"outcome":\#(DecisionMemoTests.allow),"policy":"2026.11"}"#,
        DecisionMemoTests.data(policy: #"2026\u002E11"#),
        // Not a valid decision id.
        DecisionMemoTests.data(decisionId: "d\u{01}"),
        // Cut short.
        String(DecisionMemoTests.data().dropLast()),
    ])
    func leavesAnythingElseToTheLongWay(data: String) throws {
        let memo = DecisionMemo()
        try Self.teach(memo, Self.data())
        #expect(Self.read(memo, data) == nil)
    }

    @Test func learnsOnlyDecisionsLaidOutAsItReadsThem() throws {
        let memo = DecisionMemo()
        // Laid out as writers write it up to the outcome; white space before the policy.
        let spaced = Self.data().replacingOccurrences(of: #""policy":"#, with: #" "policy":"#)
        try Self.teach(memo, spaced)
        #expect(Self.read(memo, Self.data()) == nil)
        #expect(Self.read(memo, spaced) == nil)
    }

    /// A simulated day with decisions altered here and there (policy,
    /// effect, signature, an escaped id, extra reasons) and the chain
    /// sealed again: replay, which reads most decisions through the memo,
    /// reports exactly what the replayer fed decoded events reports.
    @Test func replayThroughTheMemoAgreesWithDecodedEvents() throws {
        let simulated = SimulatedLog.shared
        try #require(simulated.failure == nil)
        let directory = try TemporaryDirectory()
        let log = LogDirectory(path: directory.path)
        var decisions = 0
        var previous = String(repeating: "0", count: 64)
        for name in try simulated.directory.segmentNames() {
            let text = try String(contentsOfFile: simulated.directory.file(name), encoding: .utf8)
            var lines: [String] = []
            for original in text.split(separator: "\n") {
                var line = String(original)
                if line.contains(#""type":"access.decided""#) {
                    decisions += 1
                    line = Self.alter(line, decision: decisions)
                }
                let sealed = try Self.reseal(line, previous: previous)
                previous = sealed.hash
                lines.append(sealed.line)
            }
            try (lines.joined(separator: "\n") + "\n").write(toFile: log.file(name), atomically: false, encoding: .utf8)
        }
        #expect(decisions > 1_000)

        let streamed = try Replayer.replay(log, from: nil, to: nil, pipeline: LinePipelineOptions(workers: 3, chunkSize: 64_000))
        var replayer = Replayer(from: nil, to: nil)
        for event in try LogContents.events(in: log) { replayer.consume(event) }
        let decoded = replayer.finish()
        #expect(streamed.report.json == decoded.json)
        #expect(decoded.divergences.count > 100)
    }

    /// Alters some decisions, each in a way that reads differently.
    static func alter(_ line: String, decision: Int) -> String {
        switch decision % 20 {
        case 3: return line.replacingOccurrences(of: #""policy":"2026.11""#, with: #""policy":"2025.01""#)
        case 7: return line.replacingOccurrences(of: #""effect":"allow""#, with: #""effect":"deny""#)
        case 11: return line.replacingOccurrences(of: #""signatureValid":true"#, with: #""signatureValid":false"#)
        case 13: return line.replacingOccurrences(of: #""decisionId":""#, with: #""decisionId":"\u0041"#)
        case 17: return line.replacingOccurrences(of: #""reasons":[]"#, with: #""reasons":["token.expired"]"#)
        default: return line
        }
    }

    /// `line` with `previous` as its `prevhash` and its hash computed anew.
    static func reseal(_ line: String, previous: String) throws -> (line: String, hash: String) {
        let prevhash = try #require(line.range(of: #""prevhash":""#))
        let hashStart = line.index(prevhash.upperBound, offsetBy: 64)
        var line = line
        line.replaceSubrange(prevhash.upperBound..<hashStart, with: previous)
        let member = try #require(line.range(of: #""hash":""#, options: .backwards))
        let body = String(line[..<member.lowerBound])
        let hash = Array(body.utf8).withUnsafeBytes { SHA256.hash($0) }.hex
        return (body + #""hash":"\#(hash)"}"#, hash)
    }
}
