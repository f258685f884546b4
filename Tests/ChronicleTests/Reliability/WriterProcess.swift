import ChronicleTesting
import Foundation
import Testing
@testable import Chronicle

#if canImport(Glibc)
import Glibc
#endif

/// A writer in a process of its own, for the crash-torture and concurrency
/// tests: this test runner re-entered with `CHRONICLE_WRITER_*` variables
/// set, running only ``WriterProcessRole``.
///
/// It appends `batches` batches through one long-lived ``LogWriter`` and
/// records each step in its ledger file *after* the step returned: `try
/// <batch> <count>` before the append, then `ack <batch> <count> <first seq>
/// <last seq>` or `fail <batch> <count> <reason>`. Event ids are
/// `<batch>.<index>`, batches `<writer>.<number>`, so the log itself says
/// which batch every line came from.
enum WriterProcess {
    struct Configuration: Sendable {
        var log: String
        var name: String
        var batches: Int
        /// Batch sizes are drawn from 1...maximumBatch (1: single-event appends).
        var maximumBatch: Int
        /// Explicit times from the head on, a few minutes apart, so batches cross UTC days.
        var crossesDays: Bool
        var seed: UInt64
        var ledger: String

        var environment: [String: String] {
            ["CHRONICLE_WRITER_LOG": log, "CHRONICLE_WRITER_NAME": name, "CHRONICLE_WRITER_BATCHES": "\(batches)",
             "CHRONICLE_WRITER_MAX_BATCH": "\(maximumBatch)", "CHRONICLE_WRITER_CROSSES_DAYS": crossesDays ? "1" : "0",
             "CHRONICLE_WRITER_SEED": "\(seed)", "CHRONICLE_WRITER_LEDGER": ledger]
        }

        init(log: String, name: String, batches: Int, maximumBatch: Int, crossesDays: Bool, seed: UInt64, ledger: String) {
            self.log = log
            self.name = name
            self.batches = batches
            self.maximumBatch = maximumBatch
            self.crossesDays = crossesDays
            self.seed = seed
            self.ledger = ledger
        }

        init?(environment: [String: String]) {
            guard let log = environment["CHRONICLE_WRITER_LOG"], let name = environment["CHRONICLE_WRITER_NAME"],
                  let batches = environment["CHRONICLE_WRITER_BATCHES"].flatMap(Int.init),
                  let maximumBatch = environment["CHRONICLE_WRITER_MAX_BATCH"].flatMap(Int.init),
                  let seed = environment["CHRONICLE_WRITER_SEED"].flatMap(UInt64.init),
                  let ledger = environment["CHRONICLE_WRITER_LEDGER"]
            else { return nil }
            self.init(log: log, name: name, batches: batches, maximumBatch: maximumBatch,
                      crossesDays: environment["CHRONICLE_WRITER_CROSSES_DAYS"] == "1", seed: seed, ledger: ledger)
        }
    }

    /// The configuration when this process was started as a writer.
    static let requested = Configuration(environment: ProcessInfo.processInfo.environment)

    /// Starts a writer process.
    static func spawn(_ configuration: Configuration, scratch: TemporaryDirectory) throws -> ChildProcess {
        try ChildProcess(TestExecutables.testRunner,
                         ["--testing-library", "swift-testing", "--filter", "WriterProcessRole"],
                         environment: configuration.environment, scratch: scratch)
    }

    /// The source of every torture log.
    static let source = "/orgs/torture"
    /// Where the times of day-crossing writers start.
    static let epoch = Timestamp(rfc3339: "2030-01-01T00:00:00Z")!

    /// The writer's whole life.
    static func run(_ configuration: Configuration) throws {
        let ledger = open(configuration.ledger, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard ledger >= 0 else { throw TestFailure("cannot open the ledger \(configuration.ledger)") }
        defer { close(ledger) }
        func record(_ text: String) {
            var bytes = Array((text.replacingOccurrences(of: "\n", with: " ") + "\n").utf8)
            _ = bytes.withUnsafeMutableBytes { write(ledger, $0.baseAddress!, $0.count) }
        }
        var random = SeededRandom(seed: configuration.seed)
        let writer: LogWriter<AcceptingFollower>
        do {
            writer = try LogWriter(directory: LogDirectory(path: configuration.log), follower: AcceptingFollower(),
                                   source: source)
        } catch {
            record("fail \(configuration.name).open 0 \(error)")
            return
        }
        for number in 0..<configuration.batches {
            let batch = "\(configuration.name).\(number)"
            let count = Int.random(in: 1...configuration.maximumBatch, using: &random)
            let padding = (0..<count).map { _ in Int.random(in: 0...400, using: &random) }
            let steps = (0..<count).map { _ in Int64.random(in: 0...1_800_000, using: &random) }
            func drafts(from time: Timestamp?) -> [EventDraft] {
                var at = time
                return (0..<count).map { index in
                    at = at.map { $0.adding(milliseconds: steps[index]) }
                    return EventDraft(type: "torture.append", subject: batch,
                                      data: ["index": .integer(Int64(index)), "pad": .string(String(repeating: "x", count: padding[index]))],
                                      id: "\(batch).\(index)", time: at)
                }
            }
            record("try \(batch) \(count)")
            do {
                let events: [Event]
                if configuration.crossesDays {
                    events = try writer.transaction(now: epoch) { _, time in (drafts(from: time), ()) }.events
                } else {
                    let now = Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
                    events = try writer.append(drafts(from: nil), now: now)
                }
                record("ack \(batch) \(count) \(events.first!.seq) \(events.last!.seq)")
            } catch {
                record("fail \(batch) \(count) \(error)")
            }
        }
    }
}

/// Not a test: the body of a ``WriterProcess``, skipped unless this runner was started as one.
@Suite struct WriterProcessRole {
    @Test(.enabled(if: WriterProcess.requested != nil, "only in a process started by WriterProcess.spawn"))
    func appendsBatchesAndRecordsEachOutcomeAfterItReturned() throws {
        guard let configuration = WriterProcess.requested else { return }
        try WriterProcess.run(configuration)
    }
}
