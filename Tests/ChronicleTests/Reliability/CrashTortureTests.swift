import ChronicleTesting
import Foundation
import Testing
@testable import Chronicle

#if canImport(Glibc)
import Glibc
#endif

/// Writers appending concurrently are killed with SIGKILL at random moments;
/// after every round a fresh writer repairs what they left, and the log must
/// verify, run gap-free and hold every acknowledged event exactly once.
///
/// The suite runs a few rounds; `CHRONICLE_TORTURE_ROUNDS`,
/// `CHRONICLE_TORTURE_KILLS` (per round) and `CHRONICLE_SEED` scale and
/// replay it. `Tools/torture.sh` is the long run through the command line.
@Suite(.serialized) struct CrashTortureTests {
    struct Figures: CustomStringConvertible {
        var rounds = 0, kills = 0, acknowledgedEvents = 0, events = 0, segments = 0, partialBatches = 0, quarantined = 0
        var description: String {
            "\(rounds) rounds, \(kills) SIGKILLs, \(acknowledgedEvents) acknowledged events checked, "
                + "\(events) events in \(segments) segments, \(partialBatches) killed batches left a prefix, "
                + "\(quarantined) torn tails quarantined"
        }
    }

    /// Repairs the log the way any writer does when it opens it, then verifies.
    /// - Returns: how many torn tails were quarantined.
    func recover(_ log: LogDirectory, marker: String) throws -> Int {
        let writer = try LogWriter(directory: log, follower: AcceptingFollower(), source: WriterProcess.source)
        try writer.append([EventDraft(type: "torture.recovered", subject: marker, data: [:], id: marker)],
                          now: Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000)))
        return writer.quarantined.count
    }

    func expectSound(_ log: LogDirectory, _ ledger: TortureLedger, markers: Set<String>, round: Int,
                     figures: inout Figures) throws
    {
        let verification = ChainVerifier.verify(log)
        #expect(verification.isValid, "round \(round): \(String(describing: verification.failure))")
        let audit = try TortureAudit(log: log, ledger: ledger, markers: markers)
        #expect(audit.problems.isEmpty, "round \(round): \(audit.problems.prefix(10))")
        #expect(ledger.failedBatches == 0, "round \(round): appends failed without a kill")
        #expect(audit.events == verification.events)
        figures.events = audit.events
        figures.segments = verification.segments
        figures.acknowledgedEvents = audit.acknowledgedEventsChecked
        figures.partialBatches = audit.partialBatches
    }

    @Test func killedWriterProcessesNeverLoseOrDuplicateAnAcknowledgedEvent() throws {
        let scratch = try TemporaryDirectory("torture")
        let log = LogDirectory(path: scratch.file("log"))
        let rounds = TestScale.value("CHRONICLE_TORTURE_ROUNDS", default: 3)
        let killsPerRound = TestScale.value("CHRONICLE_TORTURE_KILLS", default: 4)
        var random = SeededRandom(seed: TestScale.seed)
        var ledger = TortureLedger()
        var ledgers: [String] = []
        var markers: Set<String> = []
        var figures = Figures()
        var spawned = 0
        func spawn(round: Int) throws -> (ChildProcess, String) {
            spawned += 1
            let ledgerPath = scratch.file("ledger-\(spawned)")
            ledgers.append(ledgerPath)
            let configuration = WriterProcess.Configuration(
                log: log.path, name: "w\(spawned)", batches: 100_000, maximumBatch: [1, 8, 60][spawned % 3],
                crossesDays: round % 2 == 0, seed: random.next(), ledger: ledgerPath)
            return (try WriterProcess.spawn(configuration, scratch: scratch), ledgerPath)
        }
        for round in 0..<rounds {
            var slots = try (0..<3).map { _ in try spawn(round: round) }
            for _ in 0..<killsPerRound {
                let slot = Int.random(in: 0..<slots.count, using: &random)
                let (victim, ledgerPath) = slots[slot]
                // Strike once the writer is appending, at a random moment.
                let deadline = Date().addingTimeInterval(20)
                while victim.isRunning, (FileManager.default.contents(atPath: ledgerPath)?.count ?? 0) == 0,
                      Date() < deadline { usleep(2_000) }
                usleep(UInt32.random(in: 0...150_000, using: &random))
                victim.kill()
                let result = victim.wait()
                #expect(result.wasKilled, "writer ended by itself: \(result.stderr.suffix(500))")
                figures.kills += 1
                slots[slot] = try spawn(round: round)
            }
            for (writer, _) in slots {
                usleep(UInt32.random(in: 0...30_000, using: &random))
                writer.kill()
                _ = writer.wait()
                figures.kills += 1
            }
            for path in ledgers { try ledger.read(file: path) }
            ledgers.removeAll()
            let marker = "recovery-\(round)"
            markers.insert(marker)
            figures.quarantined += try recover(log, marker: marker)
            figures.rounds += 1
            try expectSound(log, ledger, markers: markers, round: round, figures: &figures)
        }
        print("crash torture (writer processes): \(figures)")
        #expect(figures.acknowledgedEvents > 0, "no append was ever acknowledged: the kills came too early")
    }

    @Test func killedAppendCommandsNeverLoseOrDuplicateAnAcknowledgedEvent() throws {
        let chronicle = try TestExecutables.chronicle()
        let scratch = try TemporaryDirectory("torture-cli")
        let log = LogDirectory(path: scratch.file("log"))
        let rounds = TestScale.value("CHRONICLE_TORTURE_ROUNDS", default: 3)
        var random = SeededRandom(seed: TestScale.seed ^ 0xC11)
        var ledger = TortureLedger()
        var markers: Set<String> = []
        var figures = Figures()
        for round in 0..<rounds {
            var running: [(name: String, count: Int, process: ChildProcess)] = []
            for writer in 0..<4 {
                let name = "c\(round).\(writer)"
                let count = Int.random(in: 1...300, using: &random)
                let lines = (0..<count).map { index in
                    #"{"id":"\#(name).\#(index)","type":"torture.append","subject":"\#(name)","data":{"index":\#(index)}}"#
                }
                ledger.tried(name, count: count)
                running.append((name, count, try ChildProcess(
                    chronicle, ["append", "--format", "json", "--log", log.path],
                    stdin: Array((lines.joined(separator: "\n") + "\n").utf8), scratch: scratch)))
            }
            // Two victims, struck while appends are starting up, catching up or writing.
            usleep(UInt32.random(in: 20_000...150_000, using: &random))
            for victim in running.shuffled(using: &random).prefix(2) {
                usleep(UInt32.random(in: 0...40_000, using: &random))
                victim.process.kill()
            }
            for (name, _, process) in running {
                let result = process.wait()
                if result.signal == SIGKILL { figures.kills += 1 }
                if result.status == 0, let head = try? JSONParser.parse(result.stdout)["head"]?["seq"]?.integerValue,
                   let appended = try? JSONParser.parse(result.stdout)["appended"]?.integerValue
                {
                    ledger.acknowledged(name, firstSeq: head - appended + 1, lastSeq: head)
                } else if let status = result.status {
                    #expect(result.stderr.hasPrefix("chronicle: "), "exit \(status) without a clear error: \(result.stderr)")
                    ledger.failed(name, reason: result.stderr)
                }
            }
            let marker = "recovery-\(round)"
            markers.insert(marker)
            let recovery = try ChildProcess.run(
                chronicle, ["append", "--format", "json", "--log", log.path],
                stdin: Array(#"{"id":"\#(marker)","type":"torture.recovered","subject":"r","data":{}}"#.utf8), scratch: scratch)
            #expect(recovery.status == 0, "a fresh writer could not append: \(recovery.stderr)")
            let verify = try ChildProcess.run(chronicle, ["verify", "--format", "json", "--log", log.path], scratch: scratch)
            #expect(verify.status == 0, "verify failed after round \(round): \(verify.stderr)")
            figures.rounds += 1
            figures.quarantined = try LogSnapshot(log).tornFiles.count
            try expectSound(log, ledger, markers: markers, round: round, figures: &figures)
        }
        print("crash torture (chronicle append): \(figures)")
    }
}
