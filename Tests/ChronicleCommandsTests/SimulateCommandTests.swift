import Chronicle
import Foundation
import Testing

@Suite struct SimulateCommandTests {
    /// The repository root (where `EventLogs/` lives).
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return "/nonexistent"
    }()

    @Test func writesTheLogAndItsKeyringBesideIt() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let run = InProcessRun(["simulate", "--org", "fabrikam", "--day", "2026-11-21", "--events", "800", "--seed", "9",
                                "--out", "logs/fabrikam", "--format", "json"], in: directory.path)
        #expect(run.exitCode == .ok, "\(run.stderr)")
        let json = try #require(run.json)
        #expect(json["events"] == 800)
        #expect(json["keyring"]?.stringValue == directory.path + "/logs/fabrikam.keyring.json")
        #expect(json["head"]?["seq"] == 800)
        #expect(FileManager.default.fileExists(atPath: directory.path + "/logs/fabrikam/2026-11-21.jsonl"))

        let verify = InProcessRun(["verify", "--log", "logs/fabrikam", "--format", "json"], in: directory.path)
        #expect(verify.exitCode == .ok)
        let replay = InProcessRun(["replay", "--log", "logs/fabrikam", "--format", "json"], in: directory.path)
        #expect(replay.exitCode == .ok, "\(replay.stdout)")
        #expect(replay.json?["divergences"] == [])
    }

    @Test func refusesADirectoryThatAlreadyHoldsALog() {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let arguments = ["simulate", "--org", "contoso", "--day", "2026-11-21", "--events", "500", "--seed", "1", "--out", "log"]
        #expect(InProcessRun(arguments, in: directory.path).exitCode == .ok)
        let again = InProcessRun(arguments, in: directory.path)
        #expect(again.exitCode == .usage)
        #expect(again.stderr.hasPrefix("chronicle: "))
        #expect(again.stderr.contains("already contains a log"))
    }

    @Test(arguments: [
        ["--day", "2026-11-21", "--events", "500", "--seed", "1", "--out", "x"],
        ["--org", "contoso", "--day", "21/11/2026", "--events", "500", "--seed", "1", "--out", "x"],
        ["--org", "contoso", "--day", "2026-11-21", "--events", "12", "--seed", "1", "--out", "x"],
        ["--org", "contoso", "--day", "2026-11-21", "--events", "500", "--seed", "-1", "--out", "x"],
        ["--org", "contoso", "--day", "2026-11-21", "--events", "500", "--seed", "1", "--out", "x", "--days", "0"],
        ["--org", "contoso", "--day", "2026-11-21", "--events", "500", "--seed", "1", "--log", "x"],
        ["--org", "contoso", "--day", "2026-11-21", "--events", "500", "--seed", "1", "--out", "x", "--colour", "red"],
    ])
    func rejectsBadArgumentsWithExitTwo(_ arguments: [String]) {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let run = InProcessRun(["simulate"] + arguments, in: directory.path)
        #expect(run.exitCode == .usage)
        #expect(run.stderr.hasPrefix("chronicle: "))
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/x"))
    }

    /// `EventLogs/README.md` documents the command that wrote the shipped
    /// sample; running it must give the same bytes, so readers can verify
    /// the sample and get its keyring.
    @Test func theShippedSampleIsReproducedByTheReadmesCommand() throws {
        let readme = try String(contentsOfFile: Self.root + "/EventLogs/README.md", encoding: .utf8)
        let line = try #require(readme.split(separator: "\n").first { $0.hasPrefix("chronicle simulate ") })
        var arguments = line.split(separator: " ").dropFirst().map(String.init)
        let out = try #require(arguments.firstIndex(of: "--out"))
        #expect(arguments[out + 1] == "EventLogs/contoso")
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        arguments[out + 1] = directory.path + "/contoso"
        let run = InProcessRun(arguments, in: directory.path)
        #expect(run.exitCode == .ok, "\(run.stderr)")

        let shipped = Self.root + "/EventLogs/contoso"
        let names = try FileManager.default.contentsOfDirectory(atPath: shipped).filter { $0 != ".lock" }.sorted()
        let regenerated = try FileManager.default.contentsOfDirectory(atPath: directory.path + "/contoso")
            .filter { $0 != ".lock" }.sorted()
        #expect(names == regenerated)
        #expect(names.contains("checkpoints.jsonl"))
        for name in names {
            #expect(FileManager.default.contentsEqual(atPath: "\(shipped)/\(name)", andPath: "\(directory.path)/contoso/\(name)"),
                    "\(name) differs from what the README's command writes")
        }
    }

    @Test func noKeyringIsShippedUnderEventLogs() throws {
        let base = Self.root + "/EventLogs"
        let files = FileManager.default.enumerator(atPath: base)?.allObjects.compactMap { $0 as? String } ?? []
        #expect(!files.isEmpty)
        for file in files {
            #expect(!file.hasSuffix("keyring.json"), "\(file) looks like a keyring")
            let bytes = FileManager.default.contents(atPath: "\(base)/\(file)").map(Array.init) ?? []
            #expect(!String(decoding: bytes.prefix(4096), as: UTF8.self).contains("\"auditSalt\""), "\(file) holds a keyring")
        }
    }
}
