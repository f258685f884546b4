import Chronicle
import Foundation
import Testing
@testable import ChronicleCommands

@Suite struct TokenIssueCommandTests {
    static let base = ["token", "issue", "--keyring", "keyring.json", "--principal", "sp-1", "--key", "key-1",
                       "--workspace", "ws-1", "--report", "rep-1",
                       "--entra-expires", LiveLogFixture.now.adding(milliseconds: 7_200_000).rfc3339]

    @Test func printsTheBareTokenAndRecordsItsIssuance() throws {
        let fixture = try LiveLogFixture()
        defer { fixture.remove() }
        let run = fixture.run(Self.base)
        #expect(run.exitCode == .ok, "\(run.stderr)")
        let jwt = String(run.stdout.dropLast())
        #expect(run.stdout == jwt + "\n" && !jwt.contains(" "))

        let decoded = try JWT.decode(jwt)
        #expect(decoded.keyID == "key-1@1")
        #expect(decoded.verifySignature(key: Array(LiveLogFixture.signingValue.utf8)))
        let issued = try #require(try fixture.events().last)
        #expect(issued.type == "token.issued")
        #expect(issued.time == LiveLogFixture.now)
        #expect(issued.data["tokenHash"] == .string(JWT.tokenHash(jwt)))
        #expect(issued.data["claims"] == decoded.claimsValue)
        #expect(issued.data["request"]?["reports"] == ["rep-1"])
        #expect(issued.data["request"]?["lifetimeMinutes"] == .null)
        #expect(try fixture.logBytes().range(of: Data(jwt.utf8)) == nil)
    }

    @Test func printsTheTokenAndItsIdentifiersAsJSON() throws {
        let fixture = try LiveLogFixture()
        defer { fixture.remove() }
        let run = fixture.run(Self.base + ["--format", "json", "--lifetime", "30"])
        #expect(run.exitCode == .ok, "\(run.stderr)")
        let json = try #require(run.json?.objectValue)
        #expect(json.keys.sorted() == ["expiresAt", "kid", "token", "tokenId"])
        #expect(json["kid"] == "key-1@1")
        #expect(json["expiresAt"] == .string(LiveLogFixture.now.adding(milliseconds: 1_800_000).rfc3339))
        let event = try #require(try fixture.events().last)
        #expect(event.data["tokenId"] == json["tokenId"])
        #expect(event.data["tokenHash"] == .string(JWT.tokenHash(json["token"]?.stringValue ?? "")))
    }

    @Test func printsTheTokenBareInTableAndCSVToo() throws {
        let fixture = try LiveLogFixture()
        defer { fixture.remove() }
        for format in ["table", "csv"] {
            let run = fixture.run(Self.base + ["--format", format])
            #expect(run.exitCode == .ok)
            #expect((try? JWT.decode(String(run.stdout.dropLast()))) != nil, "\(format)")
        }
    }

    @Test func recordsEveryOptionInTheRequest() throws {
        let fixture = try LiveLogFixture()
        defer { fixture.remove() }
        let run = fixture.run(Self.base + [
            "--report", "rep-rls", "--dataset", "ds-1", "--identity", "ann:EU@ds-rls", "--access", "edit", "--save-as",
            "--target-workspace", "ws-1", "--renews", "tok-old", "--lifetime", "15",
        ])
        #expect(run.exitCode == .ok, "\(run.stderr)")
        let request = try #require(try fixture.events().last?.data["request"])
        #expect(request == [
            "principalId": "sp-1", "entraTokenExpiresAt": .string(LiveLogFixture.now.adding(milliseconds: 7_200_000).rfc3339),
            "signingSecretId": "key-1", "workspaceId": "ws-1", "reports": ["rep-1", "rep-rls"], "datasets": ["ds-1"],
            "targetWorkspaces": ["ws-1"], "identities": [["username": "ann", "roles": ["EU"], "datasets": ["ds-rls"]]],
            "accessLevel": "Edit", "allowSaveAs": true, "lifetimeMinutes": 15, "renews": "tok-old",
        ])
        #expect(try fixture.events().last?.data["scopes"] == ["Report.ReadWrite", "Workspace.Report.Copy"])
    }

    @Test func printsTheReasonsOfARejectionOnStderrAndExits1() throws {
        let fixture = try LiveLogFixture()
        defer { fixture.remove() }
        var arguments = Self.base
        arguments[5] = "sp-unknown"
        let run = fixture.run(arguments)
        #expect(run.exitCode == .negativeFinding)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("chronicle: token request rejected: principal.unknown, workspace.not_member\n"))
        let event = try #require(try fixture.events().last)
        #expect(event.type == "token.rejected")
        #expect(event.data["reasons"] == ["principal.unknown", "workspace.not_member"])
    }

    @Test func printsTheReasonsOfARejectionAsJSONOnStdout() throws {
        let fixture = try LiveLogFixture()
        defer { fixture.remove() }
        let run = fixture.run(Self.base + ["--report", "rep-rls", "--format", "json"])
        #expect(run.exitCode == .negativeFinding)
        #expect(run.json == ["reasons": ["rls.identity_required"]])
    }

    @Test(arguments: [
        (["--principal"], "`token issue` needs --principal"),
        (["--entra-expires"], "`token issue` needs --entra-expires"),
        (["--lifetime", "0"], "--lifetime '0' is not a positive number of minutes"),
        (["--lifetime", "1.5"], "--lifetime '1.5' is not a positive number of minutes"),
        (["--access", "Admin"], "--access 'Admin' is not an access level"),
        (["--entra-expires", "tomorrow"], "--entra-expires 'tomorrow' is not an RFC 3339 time"),
        (["--identity", ":EU@ds-1"], "--identity ':EU@ds-1' has no username"),
        (["--colour", "red"], "unknown option --colour"),
    ])
    func refusesBadUsageWithExit2AndRecordsNothing(_ change: [String], _ message: String) throws {
        let fixture = try LiveLogFixture()
        defer { fixture.remove() }
        var arguments = Self.base
        if change.count == 1, let index = arguments.firstIndex(of: change[0]) {
            arguments.removeSubrange(index...(index + 1))
        } else if let index = arguments.firstIndex(of: change[0]) {
            arguments[index + 1] = change[1]
        } else {
            arguments += change
        }
        let before = try fixture.events().count
        let run = fixture.run(arguments)
        #expect(run.exitCode == .usage)
        #expect(run.stderr.hasPrefix("chronicle: " + message), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(try fixture.events().count == before)
    }

    @Test func refusesAKeyringOthersCanReadWithTheChmodFix() throws {
        let fixture = try LiveLogFixture()
        defer { fixture.remove() }
        chmod(fixture.path + "/keyring.json", 0o644)
        let run = fixture.run(Self.base)
        #expect(run.exitCode == .usage)
        #expect(run.stderr.contains("keyring keyring.json is accessible by group or others (mode 0644)"))
        #expect(run.stderr.contains("hint: chmod 600 keyring.json"))
        #expect(run.stderr.split(separator: "\n").count == 2)
        #expect(try fixture.events().count == 9)
    }

    @Test func recordsUnderTheLogsOwnSourceWhateverTheDirectoryIsCalled() throws {
        let fixture = try LiveLogFixture(events: false)
        defer { fixture.remove() }
        let line = #"{"type":"note","subject":"s","source":"/orgs/contoso","data":{}}"#
        #expect(fixture.run(["append"], stdin: line).exitCode == .ok)
        let run = fixture.run(Self.base)
        #expect(run.exitCode == .negativeFinding)
        #expect(try fixture.events().map(\.source) == ["/orgs/contoso", "/orgs/contoso"])
        #expect(fixture.run(["verify"]).exitCode == .ok)
    }

    @Test func refusesALogDirectoryThatDoesNotExist() throws {
        let fixture = try LiveLogFixture()
        defer { fixture.remove() }
        let run = InProcessRun(Self.base + ["--log", "no-such-log"], in: fixture.path)
        #expect(run.exitCode == .usage)
        #expect(run.stderr.contains("no log directory at"))
        #expect(!FileManager.default.fileExists(atPath: fixture.path + "/no-such-log"))
    }

    @Test func handsOutNoTokenWhenTheEventCannotBeWritten() throws {
        let fixture = try LiveLogFixture()
        defer { fixture.remove() }
        let tomorrow = LiveLogFixture.now.adding(milliseconds: Timestamp.millisecondsPerDay)
        try FileManager.default.createDirectory(atPath: fixture.log.file(LogDirectory.segmentName(for: tomorrow)),
                                                withIntermediateDirectories: false)
        let run = fixture.run(Self.base, now: tomorrow)
        #expect(run.exitCode == .usage)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("chronicle: no token was issued: the issuance could not be recorded: "))
    }

    @Test func closesTheDayWithACheckpointWhenItIssuesOnANewDay() throws {
        let fixture = try LiveLogFixture()
        defer { fixture.remove() }
        let head = try #require(try fixture.events().last)
        let tomorrow = LiveLogFixture.now.adding(milliseconds: Timestamp.millisecondsPerDay)
        _ = try fixture.issue(now: tomorrow)
        let text = try String(contentsOfFile: fixture.log.file(LogDirectory.checkpointsFileName), encoding: .utf8)
        let checkpoint = try Checkpoint(line: Array(text.utf8.dropLast()))
        #expect(checkpoint.seq == head.seq && checkpoint.hash == head.hash)
        #expect(LiveLogFixture.keyring.checkpointMACMatches(checkpoint.mac, seq: head.seq, hash: head.hash))
        #expect(fixture.run(["verify", "--keyring", "keyring.json"]).exitCode == .ok)
    }

    @Test(arguments: [
        ("ann", "ann", [String](), [String]()),
        ("ann:EU,US", "ann", ["EU", "US"], []),
        ("ann@ds-1,ds-2", "ann", [], ["ds-1", "ds-2"]),
        ("ann:EU@ds-1", "ann", ["EU"], ["ds-1"]),
        ("ann@contoso.com:EU@ds-1", "ann@contoso.com", ["EU"], ["ds-1"]),
        ("ann@contoso.com:@ds-1", "ann@contoso.com", [], ["ds-1"]),
        ("ann@contoso.com:", "ann@contoso.com", [], []),
    ])
    func parsesAnIdentity(_ text: String, _ user: String, _ roles: [String], _ datasets: [String]) throws {
        #expect(try TokenIssueCommand.identity(text)
            == ["username": .string(user), "roles": .strings(roles), "datasets": .strings(datasets)])
    }
}
