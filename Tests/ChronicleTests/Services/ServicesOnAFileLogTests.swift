import Chronicle
import ChronicleTesting
import Foundation
import Testing

/// The services on the real file store: what they record replays without
/// divergence, and no secret value or token reaches the log's bytes.
@Suite struct ServicesOnAFileLogTests {
    @Test func whatTheServicesRecordReplaysWithoutDivergenceAndHoldsNoSecret() throws {
        let directory = LogDirectory(path: NSTemporaryDirectory() + "chronicle-services-" + UUID().uuidString)
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        let scenario = LogScenario()
        let tenant = ServiceFixtures.tenant(scenario)
        let keyring = scenario.keyring
        let writer = try LogWriter(directory: directory, follower: AuditState(), source: "/orgs/test",
                                   checkpointMAC: { [keyring] in keyring.checkpointMAC(seq: $0, hash: $1) })
        try writer.append(tenant, now: scenario.now)

        let clock = Clock()
        let issuer = TokenIssuer(log: writer, keyring: keyring, clock: { clock.now })
        let checker = AccessChecker(log: writer, keyring: keyring, clock: { clock.now })
        var tokens: [String] = []
        for minutes in stride(from: 0, to: 26 * 60, by: 90) {
            let now = scenario.now.adding(milliseconds: Int64(minutes) * 60_000)
            clock.now = now
            let request = JSONValue.issuanceRequest(
                principal: minutes % 270 == 0 ? "sp-unknown" : "sp-1", key: "key-1", workspace: "ws-1",
                reports: minutes % 180 == 0 ? ["rep-cloud"] : ["rep-none"],
                identities: minutes % 360 == 0 ? [.identity("ann", roles: ["EU"], datasets: ["ds-cloud"])] : [],
                entraExpiresAt: now.adding(milliseconds: 45 * 60_000))
            if let token = try issuer.issue(request).token { tokens.append(token.jwt) }
            for jwt in tokens.suffix(3) {
                _ = try checker.check(token: jwt, request: .accessRequest(report: "rep-none", workspace: "ws-1"))
                _ = try checker.check(token: jwt, request: .accessRequest(.view, report: "rep-cloud", workspace: "ws-1"))
            }
            _ = try checker.check(token: "forged." + (tokens.last?.split(separator: ".")[1] ?? "e30") + ".AAAA",
                                  request: .accessRequest(report: "rep-none", workspace: "ws-1"))
        }
        #expect(!tokens.isEmpty)

        var replayer = Replayer(from: nil, to: nil)
        _ = try Chronicle.LogReader(directory: directory).forEachEvent(verifying: true) { event in
            replayer.consume(event)
            return true
        }
        let report = replayer.finish()
        #expect(report.checked > 50)
        #expect(report.divergences.isEmpty, "\(report.divergences.first.map { "\($0.json)" } ?? "")")
        #expect(report.matched == report.checked)
        #expect(report.allowed > 0 && report.denied > 0)

        // The log spans two UTC days: the writer closed the first with a checkpoint.
        let checkpoints = try String(contentsOfFile: directory.file(LogDirectory.checkpointsFileName), encoding: .utf8)
        #expect(checkpoints.split(separator: "\n").count == 1)

        var bytes = Data()
        for name in try directory.segmentNames() + [LogDirectory.checkpointsFileName] {
            bytes += try Data(contentsOf: URL(fileURLWithPath: directory.file(name)))
        }
        let secrets = [ServiceFixtures.signingValue, "test-audit-salt", "test-audit-key"] + tokens
            + tokens.map { String($0.split(separator: ".")[2]) }
        for secret in secrets {
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "a secret value or token reached the log")
        }
    }
}

/// A settable clock the services read.
private final class Clock: @unchecked Sendable {
    var now = LogScenario.defaultStart
}
