import Foundation
import Testing
@testable import Chronicle
@testable import ChronicleCommands

/// The renderer on hand-made reports: hostile strings stay text, divergences are shown.
@Suite struct AuditReportPageTests {
    static let day = Timestamp(milliseconds: 1_795_219_200_000)  // 2026-11-21

    func report(principal: String, divergence: ReplayReport.Divergence?) -> AuditReport {
        var replay = ReplayReport(from: Self.day, to: Self.day.adding(milliseconds: Timestamp.millisecondsPerDay))
        replay.events = 3
        replay.checked = 2
        replay.matched = divergence == nil ? 2 : 1
        replay.allowed = 1
        replay.denied = 1
        replay.reasonCounts[principal] += 1
        replay.issuance.issued = 1
        replay.principalCounts[principal] = ReplayReport.IssuanceCounts(issued: 1, rejected: 0, cappedByEntra: 1)
        if let divergence { replay.divergences = [divergence] }
        var state = AuditState()
        _ = state.apply(Event(id: "e1", source: "/orgs/<x>", type: "secret.created", time: Self.day, subject: "s", seq: 1,
                              prevhash: Event.genesisHash,
                              data: EventPayload.secretCreated(SecretCreated(
                                secretId: "<b>s&</b>", kind: .accessKey, owner: "\"o'\"", hint: "<i>", fingerprint: "f",
                                expiresAt: nil)).data, hash: ""))
        let token = AuditReport.TokenSpan(
            tokenId: "</title><script>t</script>", principalId: principal, kid: "k@1",
            issuedAt: Self.day.adding(milliseconds: 3_600_000), expiresAt: Self.day.adding(milliseconds: 5_400_000),
            cappedByEntra: true, revokedAt: Self.day.adding(milliseconds: 4_000_000), renews: nil)
        return AuditReport(
            source: "/orgs/<x>", day: Self.day, replay: replay,
            secrets: SecretsProjection(state: state, asOf: Self.day.adding(milliseconds: 86_399_999), seq: 1),
            tokens: [token],
            changes: [AuditReport.Change(time: Self.day.adding(milliseconds: 60_000), kind: "rls.unassigned", subject: "d",
                                         summary: "<u>x</u> loses R&D on d", isMarked: true)],
            verifiedEvents: 3, segments: 1, head: ChainHead(seq: 3, hash: String(repeating: "a", count: 64), time: Self.day))
    }

    @Test func everyStringFromTheLogIsEscaped() {
        let hostile = "<script>alert(1)</script>"
        let divergence = ReplayReport.Divergence(
            seq: 2, type: "access.decided", id: "</script><b>", recorded: ["effect": "allow", "reasons": ["</script>"]],
            replayed: ["effect": "deny", "reasons": ["a&b"]])
        let page = AuditReportPage.render(report(principal: hostile, divergence: divergence))
        let document = XHTMLDocument(page)
        #expect(document.error == nil, "\(document.error ?? "")")
        #expect(!page.contains("<script>alert"))
        #expect(!page.contains("<b>s&"))
        #expect(!page.contains("<u>x</u>"))
        #expect(document.elements.filter { $0.name == "script" }.count == 1)
        #expect(page.components(separatedBy: "</script>").count == 2, "only the figures block closes a script")
        // The figures still parse back to replay's JSON.
        let figures = document.element(id: "figures")?.text ?? ""
        #expect((try? JSONParser.parse(Array(figures.utf8)))?["divergences"]?.arrayValue?.first?["id"] == "</script><b>")
    }

    @Test func divergencesAreListedWithWhatWasRecordedAndReplayed() {
        let divergence = ReplayReport.Divergence(
            seq: 42, type: "access.decided", id: "dec-1", recorded: ["effect": "allow", "reasons": [], "roles": []],
            replayed: ["effect": "deny", "reasons": ["token.expired"], "roles": []])
        let document = XHTMLDocument(AuditReportPage.render(report(principal: "sp-1", divergence: divergence)))
        let row = document.elements.first { $0.attributes["data-seq"] == "42" }
        #expect(row?.text.contains("\"effect\":\"allow\"") == true)
        #expect(row?.text.contains("token.expired") == true)
        #expect(document.elements.first { $0.attributes["data-figure"] == "divergences" }?.attributes["data-value"] == "1")
    }
}
