import Chronicle
import Foundation
import Testing
@testable import ChronicleCommands

@Suite struct CheckpointCommandTests {
    @Test func sealsTheHeadAndPrintsIt() throws {
        let fixture = try LiveLogFixture()
        defer { fixture.remove() }
        let head = try #require(try fixture.events().last)
        let run = fixture.run(["checkpoint", "--keyring", "keyring.json", "--format", "json"])
        #expect(run.exitCode == .ok, "\(run.stderr)")
        #expect(run.json == ["seq": .integer(head.seq), "hash": .string(head.hash), "time": .string(head.time.rfc3339)])
        let text = try String(contentsOfFile: fixture.log.file(LogDirectory.checkpointsFileName), encoding: .utf8)
        let checkpoint = try Checkpoint(line: Array(text.utf8.dropLast()))
        #expect(checkpoint.seq == head.seq && checkpoint.time == head.time)
        #expect(checkpoint.mac == LiveLogFixture.keyring.checkpointMAC(seq: head.seq, hash: head.hash))
        #expect(fixture.run(["verify", "--keyring", "keyring.json"]).exitCode == .ok)
    }

    @Test func refusesAnEmptyLogAndAMissingKeyring() throws {
        let fixture = try LiveLogFixture(events: false)
        defer { fixture.remove() }
        let empty = fixture.run(["checkpoint", "--keyring", "keyring.json"])
        #expect(empty.exitCode == .usage)
        #expect(empty.stderr.contains("the log is empty: there is no head to checkpoint"))
        #expect(fixture.run(["checkpoint"]).exitCode == .usage)
        chmod(fixture.path + "/keyring.json", 0o660)
        #expect(fixture.run(["checkpoint", "--keyring", "keyring.json"]).stderr.contains("chmod 600 keyring.json"))
    }
}

@Suite struct VerifyKeyringTests {
    /// A fixture with a checkpoint at its head (seq 9).
    private func checkpointed() throws -> LiveLogFixture {
        let fixture = try LiveLogFixture()
        let run = fixture.run(["checkpoint", "--keyring", "keyring.json"])
        guard run.exitCode == .ok else { throw FixtureError(run.stderr) }
        return fixture
    }

    private func writeCheckpoints(_ lines: [String], in fixture: LiveLogFixture) throws {
        try (lines.joined(separator: "\n") + "\n").write(
            toFile: fixture.log.file(LogDirectory.checkpointsFileName), atomically: false, encoding: .utf8)
    }

    @Test func passesWhenEveryCheckpointMatches() throws {
        let fixture = try checkpointed()
        defer { fixture.remove() }
        let run = fixture.run(["verify", "--keyring", "keyring.json", "--format", "json"])
        #expect(run.exitCode == .ok, "\(run.stderr)")
        #expect(run.json?["events"] == 9)
    }

    @Test func reportsAnAlteredMAC() throws {
        let fixture = try checkpointed()
        defer { fixture.remove() }
        let head = try #require(try fixture.events().last)
        let good = Checkpoint(seq: head.seq, hash: head.hash, time: head.time,
                              mac: LiveLogFixture.keyring.checkpointMAC(seq: head.seq, hash: head.hash))
        var bad = good
        bad.mac = String(repeating: "0", count: 64)
        try writeCheckpoints([JSONWriter.string(good.json), JSONWriter.string(bad.json)], in: fixture)
        let run = fixture.run(["verify", "--keyring", "keyring.json"])
        #expect(run.exitCode == .integrity)
        #expect(run.stderr.hasPrefix("chronicle: checkpoints.jsonl:2: the MAC does not match seq 9"))
    }

    @Test func reportsACheckpointPastTheEndAsATruncatedTail() throws {
        let fixture = try checkpointed()
        defer { fixture.remove() }
        let segment = fixture.log.file(try fixture.log.segmentNames()[0])
        var lines = try String(contentsOfFile: segment, encoding: .utf8).split(separator: "\n")
        lines.removeLast()
        try (lines.joined(separator: "\n") + "\n").write(toFile: segment, atomically: false, encoding: .utf8)
        let run = fixture.run(["verify", "--keyring", "keyring.json"])
        #expect(run.exitCode == .integrity)
        #expect(run.stderr.hasPrefix(
            "chronicle: checkpoints.jsonl:1: checkpoint seq 9 lies past the end of the log (head seq 8): truncated tail\n"))
        #expect(fixture.run(["verify"]).exitCode == .ok)
    }

    @Test func reportsARewrittenEvent() throws {
        let fixture = try checkpointed()
        defer { fixture.remove() }
        let events = try fixture.events()
        let forged = String(repeating: "ab", count: 32)
        let checkpoint = Checkpoint(seq: 3, hash: forged, time: events[2].time,
                                    mac: LiveLogFixture.keyring.checkpointMAC(seq: 3, hash: forged))
        try writeCheckpoints([JSONWriter.string(checkpoint.json)], in: fixture)
        let run = fixture.run(["verify", "--keyring", "keyring.json"])
        #expect(run.exitCode == .integrity)
        #expect(run.stderr.hasPrefix(
            "chronicle: checkpoints.jsonl:1: the event at seq 3 has hash \(events[2].hash), not the checkpoint's \(forged): the log was rewritten\n"))
    }

    @Test func reportsALineThatIsNotACheckpoint() throws {
        let fixture = try checkpointed()
        defer { fixture.remove() }
        let text = try String(contentsOfFile: fixture.log.file(LogDirectory.checkpointsFileName), encoding: .utf8)
        try writeCheckpoints([String(text.dropLast()), "{\"seq\":1}"], in: fixture)
        let run = fixture.run(["verify", "--keyring", "keyring.json"])
        #expect(run.exitCode == .integrity)
        #expect(run.stderr.hasPrefix(#"chronicle: checkpoints.jsonl:2: a checkpoint must be {"seq", "hash", "time", "mac"}"#))
    }

    @Test func reportsAChainFailureBeforeTheCheckpoints() throws {
        let fixture = try checkpointed()
        defer { fixture.remove() }
        let segment = fixture.log.file(try fixture.log.segmentNames()[0])
        var text = try String(contentsOfFile: segment, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"ds-1\"", with: "\"ds-X\"")
        try text.write(toFile: segment, atomically: false, encoding: .utf8)
        let run = fixture.run(["verify", "--keyring", "keyring.json"])
        #expect(run.exitCode == .integrity)
        #expect(run.stderr.hasPrefix("chronicle: \(try fixture.log.segmentNames()[0]):5: hash mismatch"))
    }

    @Test func warnsWhenThereAreNoCheckpoints() throws {
        let fixture = try LiveLogFixture()
        defer { fixture.remove() }
        let run = fixture.run(["verify", "--keyring", "keyring.json"])
        #expect(run.exitCode == .ok)
        #expect(run.stderr.contains("checkpoints.jsonl does not exist"))
    }

    @Test func refusesAKeyringOthersCanReadWithTheChmodFix() throws {
        let fixture = try checkpointed()
        defer { fixture.remove() }
        chmod(fixture.path + "/keyring.json", 0o644)
        let run = fixture.run(["verify", "--keyring", "keyring.json"])
        #expect(run.exitCode == .usage)
        #expect(run.stderr.contains("hint: chmod 600 keyring.json"))
    }
}
