import Chronicle
import Foundation
import Testing
@testable import ChronicleCommands

@Suite struct FingerprintCommandTests {
    static let value = "a secret value"
    static var expected: String { LiveLogFixture.keyring.fingerprint(of: Array(value.utf8)) }

    @Test(arguments: [value, value + "\n", value + "\r\n"])
    func printsTheFingerprintWithoutOneTrailingNewline(_ stdin: String) throws {
        let fixture = try LiveLogFixture(events: false)
        defer { fixture.remove() }
        let run = fixture.run(["fingerprint", "--keyring", "keyring.json", "--format", "json"], stdin: stdin)
        #expect(run.exitCode == .ok)
        #expect(run.json == ["fingerprint": .string(Self.expected)])
        #expect(!run.stdout.contains(Self.value) && !run.stderr.contains(Self.value))
    }

    @Test func keepsEverythingButOneNewline() throws {
        let fixture = try LiveLogFixture(events: false)
        defer { fixture.remove() }
        let run = fixture.run(["fingerprint", "--keyring", "keyring.json", "--format", "table"], stdin: " v\n\n")
        #expect(run.stdout == LiveLogFixture.keyring.fingerprint(of: Array(" v\n".utf8)) + "\n")
        #expect(FingerprintCommand.value(from: Array("v\r".utf8)) == Array("v\r".utf8))
    }

    @Test func printsABareFingerprintInATableAndAColumnInCSV() throws {
        let fixture = try LiveLogFixture(events: false)
        defer { fixture.remove() }
        #expect(fixture.run(["fingerprint", "--keyring", "keyring.json", "--format", "table"], stdin: Self.value).stdout
            == Self.expected + "\n")
        #expect(fixture.run(["fingerprint", "--keyring", "keyring.json", "--format", "csv"], stdin: Self.value).stdout
            == "fingerprint\n" + Self.expected + "\n")
    }

    @Test(arguments: ["", "\n", "\r\n"])
    func refusesAnEmptyValue(_ stdin: String) throws {
        let fixture = try LiveLogFixture(events: false)
        defer { fixture.remove() }
        let run = fixture.run(["fingerprint", "--keyring", "keyring.json"], stdin: stdin)
        #expect(run.exitCode == .usage)
        #expect(run.stderr.hasPrefix("chronicle: no secret value on stdin\n"))
    }

    @Test func needsAPrivateKeyring() throws {
        let fixture = try LiveLogFixture(events: false)
        defer { fixture.remove() }
        #expect(fixture.run(["fingerprint"], stdin: Self.value).stderr.contains("`fingerprint` needs --keyring FILE"))
        chmod(fixture.path + "/keyring.json", 0o604)
        let run = fixture.run(["fingerprint", "--keyring", "keyring.json"], stdin: Self.value)
        #expect(run.exitCode == .usage)
        #expect(run.stderr.contains("(mode 0604)") && run.stderr.contains("hint: chmod 600 keyring.json"))
        let missing = fixture.run(["fingerprint", "--keyring", "nope.json"], stdin: Self.value)
        #expect(missing.exitCode == .usage)
        #expect(missing.stderr.contains("keyring nope.json does not exist"))
    }
}
