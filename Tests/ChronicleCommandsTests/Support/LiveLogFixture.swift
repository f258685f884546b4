import Chronicle
import Foundation
import Testing

/// A temporary directory with a keyring (`keyring.json`, mode 0600) and a
/// log (`log/`) holding a small tenant, appended through `chronicle append`
/// one hour before ``now``:
/// - `key-1`, the signing access key (its value in the keyring);
/// - `sp-1`, a service principal (credential `cred-sp`), member of `ws-1`;
/// - `ds-1` (no RLS) with report `rep-1`; `ds-rls` (cloud RLS, role EU,
///   assigned to `ann`) with report `rep-rls`.
struct LiveLogFixture {
    /// 2026-11-21T22:26:40.000Z, the clock of ``InProcessRun``.
    static let now = Timestamp(milliseconds: 1_795_300_000_000)
    static let signingValue = "signing-value-7d1e0b"
    static let keyring = Keyring(
        auditSalt: Array("fixture-audit-salt".utf8), auditKey: Array("fixture-audit-key".utf8),
        secrets: ["key-1": [1: Array(signingValue.utf8)]])

    let directory = TemporaryDirectory()
    var path: String { directory.path }
    var log: LogDirectory { LogDirectory(path: path + "/log") }

    init(events: Bool = true) throws {
        try Self.keyring.save(to: path + "/keyring.json")
        guard events else {
            try FileManager.default.createDirectory(atPath: log.path, withIntermediateDirectories: true)
            return
        }
        let setup = Self.now.adding(milliseconds: -3_600_000)
        let payloads: [EventPayload] = [
            .secretCreated(SecretCreated(secretId: "key-1", kind: .accessKey, owner: "admin", hint: "e0b",
                                         fingerprint: Self.keyring.fingerprint(of: Array(Self.signingValue.utf8)),
                                         expiresAt: nil)),
            .secretCreated(SecretCreated(secretId: "cred-sp", kind: .clientSecret, owner: "sp-1", hint: "abc",
                                         fingerprint: "hmac-sha256:00", expiresAt: nil)),
            .principalRegistered(PrincipalRegistered(principalId: "sp-1", kind: .servicePrincipal,
                                                     credentialSecretId: "cred-sp")),
            .workspaceMemberAdded(WorkspaceMembership(workspaceId: "ws-1", principalId: "sp-1")),
            .datasetConfigured(DatasetConfigured(datasetId: "ds-1", workspaceId: "ws-1", rlsType: .none, roles: [])),
            .reportRegistered(ReportRegistered(reportId: "rep-1", workspaceId: "ws-1", datasetId: "ds-1")),
            .datasetConfigured(DatasetConfigured(datasetId: "ds-rls", workspaceId: "ws-1", rlsType: .cloud, roles: ["EU"])),
            .reportRegistered(ReportRegistered(reportId: "rep-rls", workspaceId: "ws-1", datasetId: "ds-rls")),
            .rlsAssigned(RLSAssignment(datasetId: "ds-rls", role: "EU", member: "ann")),
        ]
        let lines = payloads.map { payload in
            JSONWriter.string(["type": .string(payload.type), "subject": .string(payload.subject ?? ""),
                               "time": .string(setup.rfc3339), "data": payload.data])
        }
        let run = InProcessRun(["append", "--log", "log", "--format", "json"], in: path,
                               stdin: Array(lines.joined(separator: "\n").utf8))
        guard run.exitCode == .ok else { throw FixtureError("append failed: \(run.stderr)") }
    }

    func remove() { directory.remove() }

    /// Runs `chronicle <arguments> --log log` in the fixture's directory.
    func run(_ arguments: [String], stdin: String = "", now: Timestamp = LiveLogFixture.now) -> InProcessRun {
        InProcessRun(arguments + ["--log", "log"], in: path, stdin: Array(stdin.utf8), now: now)
    }

    /// Issues a token to `sp-1` for `reports` and returns the JWT.
    func issue(reports: [String] = ["rep-1"], extra: [String] = [], now: Timestamp = LiveLogFixture.now) throws -> String {
        let run = self.run(["token", "issue", "--keyring", "keyring.json", "--principal", "sp-1", "--key", "key-1",
                            "--workspace", "ws-1", "--entra-expires", now.adding(milliseconds: 7_200_000).rfc3339]
                           + reports.flatMap { ["--report", $0] } + extra, now: now)
        guard run.exitCode == .ok else { throw FixtureError("token issue failed: \(run.stderr)") }
        return String(run.stdout.dropLast())
    }

    /// Every event of the log, in order.
    func events() throws -> [Event] {
        var events: [Event] = []
        _ = try Chronicle.LogReader(directory: log).forEachEvent(verifying: true) { event in
            events.append(event)
            return true
        }
        return events
    }

    /// Every byte of the log directory's files.
    func logBytes() throws -> Data {
        var bytes = Data()
        for name in try FileManager.default.contentsOfDirectory(atPath: log.path).sorted() where name != ".lock" {
            bytes += (try? Data(contentsOf: URL(fileURLWithPath: log.file(name)))) ?? Data()
        }
        return bytes
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
