import Testing
@testable import Chronicle

/// The plain reading of recorded decisions against the decoding path it
/// stands in for.
@Suite struct RecordedDecisionTests {
    private static func decided(outcome: String, policy: String = #""2026.11""#) -> JSONValue? {
        try? JSONParser.parse(
            #"{"decisionId":"d","request":{"operation":"view","reportId":"r","datasetId":null,"workspaceId":"w"},"#
                + #""token":{"tokenId":"t","kid":"k@1","signatureValid":true,"claims":{}},"outcome":"# + outcome
                + #","policy":"# + policy + "}")
    }

    @Test(arguments: [
        #"{"effect":"allow","reasons":[],"roles":[]}"#,
        #"{"effect":"deny","reasons":["token.signature_invalid","key.unknown","scope.insufficient"],"roles":["a","b"]}"#,
        #"{"effect":"deny","reasons":["token.\u0065xpired"],"roles":[]}"#,
    ])
    func readsPlainDecisionsAsTheDecoderDoes(outcome: String) throws {
        let data = try #require(Self.decided(outcome: outcome))
        let plain = try #require(RecordedDecision(plainlyRecorded: data, at: Timestamp(milliseconds: 0)))
        let decoded = RecordedDecision(try AccessDecided.members(PayloadReader(data)), at: Timestamp(milliseconds: 0))
        #expect(plain.json == decoded.json)
        #expect(plain.underCurrentPolicy == decoded.underCurrentPolicy)
        #expect(plain.effect == decoded.effect)
    }

    @Test(arguments: [
        #"{"effect":"allow","reasons":["key.unknown","token.signature_invalid"],"roles":[]}"#,  // not in rule order
        #"{"effect":"deny","reasons":["token.expired","token.expired"],"roles":[]}"#,
        #"{"effect":"deny","reasons":["something.else"],"roles":[]}"#,
        #"{"effect":"deny","reasons":[1],"roles":[]}"#,
        #"{"effect":"maybe","reasons":[],"roles":[]}"#,
        #"{"effect":"allow","reasons":[],"roles":[1]}"#,
        #"{"effect":"allow","reasons":[]}"#,
        #"[]"#,
    ])
    func leavesEveryOtherDecisionToTheDecoder(outcome: String) throws {
        let data = try #require(Self.decided(outcome: outcome))
        #expect(RecordedDecision(plainlyRecorded: data, at: Timestamp(milliseconds: 0)) == nil)
    }

    @Test func readsAnotherPolicyAsNotCurrent() throws {
        let data = try #require(Self.decided(outcome: #"{"effect":"allow","reasons":[],"roles":[]}"#, policy: #""2025.01""#))
        #expect(RecordedDecision(plainlyRecorded: data, at: Timestamp(milliseconds: 0))?.underCurrentPolicy == false)
        #expect(Self.decided(outcome: #"{"effect":"allow","reasons":[],"roles":[]}"#, policy: "7")
            .flatMap { RecordedDecision(plainlyRecorded: $0, at: Timestamp(milliseconds: 0)) } == nil)
    }
}
