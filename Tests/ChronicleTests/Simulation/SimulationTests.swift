import Foundation
import Testing
@testable import Chronicle

@Suite struct SimulationTests {
    let log = SimulatedLog.shared

    @Test func writesExactlyTheRequestedNumberOfEvents() throws {
        let summary = try #require(log.summary, "simulation failed: \(log.failure ?? "?")")
        #expect(summary.events == SimulatedLog.events)
        #expect(summary.head?.seq == Int64(SimulatedLog.events))
        #expect(summary.segments == 1)
        #expect(try log.events().count == SimulatedLog.events)
    }

    @Test func theSameArgumentsGiveByteIdenticalFiles() throws {
        let again = SimulatedLog()
        defer { again.remove() }
        _ = try #require(again.summary, "simulation failed: \(again.failure ?? "?")")
        let first = log.files(), second = again.files()
        #expect(first.keys.sorted() == second.keys.sorted())
        for (name, bytes) in first { #expect(second[name] == bytes, "\(name) differs between two runs") }
        let keyrings = [log.keyringPath, again.keyringPath].map { FileManager.default.contents(atPath: $0) }
        #expect(keyrings[0] != nil && keyrings[0] == keyrings[1], "the keyrings differ between two runs")
    }

    @Test func anotherSeedGivesAnotherLog() throws {
        let other = SimulatedLog(seed: 7)
        defer { other.remove() }
        _ = try #require(other.summary, "simulation failed: \(other.failure ?? "?")")
        #expect(other.logBytes() != log.logBytes())
    }

    @Test func theLogVerifies() throws {
        _ = try #require(log.summary)
        let verification = ChainVerifier.verify(log.directory)
        #expect(verification.failure == nil)
        #expect(verification.events == SimulatedLog.events)
        #expect(verification.source == "/orgs/contoso")
    }

    @Test func theLogReplaysWithoutADivergence() throws {
        _ = try #require(log.summary)
        var replayer = Replayer(from: nil, to: nil)
        _ = try Chronicle.LogReader(directory: log.directory).forEachEvent { event in
            replayer.consume(event)
            return true
        }
        let report = replayer.finish()
        #expect(report.divergences.isEmpty, "first divergence: \(report.divergences.first.map { JSONWriter.string($0.json) } ?? "")")
        #expect(report.checked > SimulatedLog.events * 9 / 10)
        #expect(report.matched == report.checked)
        #expect(report.ignoredEvents == 0)
        #expect(report.unknownTypeEvents > 0, "the audit.note events are of a type §3 does not define")
    }

    @Test func theCheckpointsCarryTheKeyringsMACs() throws {
        _ = try #require(log.summary)
        let keyring = try Keyring.load(path: log.keyringPath)
        let lines = String(decoding: log.files()["checkpoints.jsonl"] ?? [], as: UTF8.self).split(separator: "\n")
        #expect(!lines.isEmpty)
        let hashes = Dictionary(uniqueKeysWithValues: try log.events().map { ($0.seq, $0.hash) })
        for line in lines {
            let checkpoint = try JSONParser.parse(Array(line.utf8))
            let seq = try #require(checkpoint["seq"]?.integerValue)
            let hash = try #require(checkpoint["hash"]?.stringValue)
            #expect(hashes[seq] == hash)
            #expect(keyring.checkpointMACMatches(checkpoint["mac"]?.stringValue ?? "", seq: seq, hash: hash))
        }
    }

    @Test func aboutEightyFivePercentOfTheEventsAreDecisions() throws {
        let decisions = try log.events().filter { $0.type == EventType.accessDecided.rawValue }.count
        #expect(decisions * 100 >= SimulatedLog.events * 80)
        #expect(decisions * 100 <= SimulatedLog.events * 90)
    }

    @Test func aDirectoryThatHoldsALogIsRefused() throws {
        _ = try #require(log.summary)
        let plan = try Simulation(organisation: "contoso", firstDay: SimulatedLog.day, events: 500, seed: 1)
        #expect(throws: SimulationError.self) {
            try plan.write(to: log.directory, keyringPath: log.directory.path + "-other.keyring.json")
        }
    }

    @Test(arguments: [
        ("", 1, 5_000), ("Contoso", 1, 5_000), ("contoso/x", 1, 5_000), ("contoso", 0, 5_000), ("contoso", 1, 10),
    ])
    func aPlanOutsideTheLimitsIsRefused(_ organisation: String, _ days: Int, _ events: Int) {
        #expect(throws: SimulationError.self) {
            try Simulation(organisation: organisation, firstDay: SimulatedLog.day, days: days, events: events, seed: 1)
        }
    }

    @Test func aFirstDayThatDoesNotStartAtMidnightIsRefused() {
        #expect(throws: SimulationError.self) {
            try Simulation(organisation: "contoso", firstDay: SimulatedLog.day.adding(milliseconds: 1), events: 5_000, seed: 1)
        }
    }
}
