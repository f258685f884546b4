import Chronicle
import Foundation
import Testing
@testable import ChronicleCommands

@Suite struct TokenCheckCommandTests {
    static func check(_ token: String, _ extra: [String] = []) -> [String] {
        ["token", "check", token, "--keyring", "keyring.json", "--operation", "view", "--workspace", "ws-1",
         "--report", "rep-1"] + extra
    }

    @Test func allowsATokenItIssuedAndRecordsTheDecision() throws {
        let fixture = try LiveLogFixture()
        defer { fixture.remove() }
        let jwt = try fixture.issue()
        let run = fixture.run(Self.check(jwt, ["--format", "json"]))
        #expect(run.exitCode == .ok, "\(run.stderr)")
        #expect(run.json == ["effect": "allow", "reasons": [], "roles": []])
        let event = try #require(try fixture.events().last)
        #expect(event.type == "access.decided")
        #expect(event.data["request"] == ["operation": "view", "reportId": "rep-1", "datasetId": nil, "workspaceId": "ws-1"])
        #expect(event.data["token"]?["signatureValid"] == true)
        #expect(event.data["token"]?["tokenHash"] == .string(JWT.tokenHash(jwt)))
        #expect(event.data["policy"] == "2026.11")
    }

    @Test func deniesWithReasonsAndExits1() throws {
        let fixture = try LiveLogFixture()
        defer { fixture.remove() }
        let jwt = try fixture.issue()
        let run = fixture.run(Self.check(jwt, ["--operation", "editAndSave", "--format", "json"]))
        #expect(run.exitCode == .negativeFinding)
        #expect(run.json == ["effect": "deny", "reasons": ["scope.insufficient"], "roles": []])
    }

    @Test func printsTheEffectReasonsAndRolesAsATable() throws {
        let fixture = try LiveLogFixture()
        defer { fixture.remove() }
        let jwt = try fixture.issue(reports: ["rep-rls"], extra: ["--identity", "ann:EU@ds-rls"])
        let run = fixture.run(Self.check(jwt, ["--report", "rep-rls", "--format", "table"]))
        #expect(run.exitCode == .ok, "\(run.stderr)")
        #expect(run.stdout == "effect   allow\nreasons  -\nroles    EU\n")
        let csv = fixture.run(Self.check(jwt, ["--workspace", "ws-2", "--report", "rep-rls", "--format", "csv"]))
        #expect(csv.exitCode == .negativeFinding)
        #expect(csv.stdout == "effect,reasons,roles\ndeny,workspace.mismatch,EU\n")
    }

    @Test func deniesAForgedSignature() throws {
        let fixture = try LiveLogFixture()
        defer { fixture.remove() }
        let jwt = try fixture.issue()
        let forged = JWT.sign(kid: "key-1@1", claims: try JWT.decode(jwt).claimsValue, key: Array("guess".utf8))
        let run = fixture.run(Self.check(forged, ["--format", "json"]))
        #expect(run.exitCode == .negativeFinding)
        #expect(run.json == ["effect": "deny", "reasons": ["token.signature_invalid"], "roles": []])
    }

    @Test func decidesAWellFormedButUndecodableTokenAsMalformed() throws {
        let fixture = try LiveLogFixture()
        defer { fixture.remove() }
        let run = fixture.run(Self.check("abc.def.ghi", ["--format", "json"]))
        #expect(run.exitCode == .negativeFinding)
        #expect(run.json == ["effect": "deny", "reasons": ["token.malformed"], "roles": []])
        #expect(try fixture.events().last?.data["token"]?["claims"] == .null)
    }

    @Test(arguments: ["abc", "a.b", "a.b.c.d", "a..c", ".b.c", "a.b$.c", "a.b.c=", "ey J.b.c"])
    func refusesAnArgumentThatIsNotAJWTBeforeTouchingTheLog(_ token: String) throws {
        let fixture = try LiveLogFixture()
        defer { fixture.remove() }
        let before = try fixture.logBytes()
        let run = fixture.run(Self.check(token))
        #expect(run.exitCode == .usage)
        #expect(run.stderr.hasPrefix("chronicle: the token is not a JWT: it must be three base64url parts separated by '.'\n"))
        #expect(!run.stderr.contains(token))
        #expect(try fixture.logBytes() == before)
    }

    @Test func readsTheTokenFromStdinForDash() throws {
        let fixture = try LiveLogFixture()
        defer { fixture.remove() }
        let jwt = try fixture.issue()
        let run = fixture.run(Self.check("-", ["--format", "json"]), stdin: jwt + "\n")
        #expect(run.exitCode == .ok, "\(run.stderr)")
        #expect(run.json?["effect"] == "allow")
    }

    @Test func refusesAnUnknownOperation() throws {
        let fixture = try LiveLogFixture()
        defer { fixture.remove() }
        let run = fixture.run(Self.check("a.b.c", ["--operation", "print"]))
        #expect(run.exitCode == .usage)
        #expect(run.stderr.contains("--operation 'print' is not an operation"))
        #expect(run.stderr.contains("hint: use one of view, editAndSave, saveAs, create, createAndSave"))
    }

    @Test func refusesAKeyringOthersCanReadWithTheChmodFix() throws {
        let fixture = try LiveLogFixture()
        defer { fixture.remove() }
        chmod(fixture.path + "/keyring.json", 0o640)
        let run = fixture.run(Self.check("a.b.c"))
        #expect(run.exitCode == .usage)
        #expect(run.stderr.contains("chmod 600 keyring.json"))
    }

    @Test func deniesWhenTheDecisionCannotBeWritten() throws {
        let fixture = try LiveLogFixture()
        defer { fixture.remove() }
        let jwt = try fixture.issue()
        let tomorrow = LiveLogFixture.now.adding(milliseconds: Timestamp.millisecondsPerDay)
        try FileManager.default.createDirectory(atPath: fixture.log.file(LogDirectory.segmentName(for: tomorrow)),
                                                withIntermediateDirectories: false)
        let run = fixture.run(Self.check(jwt, ["--format", "json"]), now: tomorrow)
        #expect(run.exitCode == .usage)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("chronicle: access denied: the decision could not be recorded: "))
    }

    @Test func needsASubcommand() {
        let run = InProcessRun(["token"], in: "/")
        #expect(run.exitCode == .usage)
        #expect(run.stderr.contains("`token` needs a subcommand: issue or check"))
        #expect(InProcessRun(["token", "revoke"], in: "/").stderr.contains("unknown subcommand 'token revoke'"))
        #expect(InProcessRun(["token", "--help"], in: "/").stdout.contains("usage: chronicle token issue"))
    }
}
