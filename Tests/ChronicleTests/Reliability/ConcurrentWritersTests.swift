import Foundation
import Testing
@testable import Chronicle

/// Processes appending single events at the same time, each through its own
/// long-lived writer, serialise on the lock: nothing lost, nothing twice,
/// seq gap-free, the chain valid, and each writer sees its own events in
/// increasing seq. `CHRONICLE_CONCURRENCY_APPENDS` scales it
/// (`Tools/concurrency.sh`: 4 × 10,000).
@Suite struct ConcurrentWritersTests {
    @Test func fourWriterProcessesAppendingSingleEventsInterleaveWithoutGapsOrLosses() throws {
        let scratch = try TemporaryDirectory("concurrency")
        let log = LogDirectory(path: scratch.file("log"))
        let appends = TestScale.value("CHRONICLE_CONCURRENCY_APPENDS", default: 300)
        let writers = 4
        let started = Date()
        let processes = try (0..<writers).map { index in
            try WriterProcess.spawn(WriterProcess.Configuration(
                log: log.path, name: "p\(index)", batches: appends, maximumBatch: 1, crossesDays: false,
                seed: UInt64(index), ledger: scratch.file("ledger-\(index)")), scratch: scratch)
        }
        for process in processes {
            let result = process.wait()
            #expect(result.status == 0, "writer ended with \(String(describing: result.status ?? result.signal)): \(result.stderr.suffix(800))")
        }
        let elapsed = Date().timeIntervalSince(started)
        var ledger = TortureLedger()
        for index in 0..<writers { try ledger.read(file: scratch.file("ledger-\(index)")) }
        #expect(ledger.acknowledgedEvents == writers * appends)
        #expect(ledger.failedBatches == 0)

        let verification = ChainVerifier.verify(log)
        #expect(verification.isValid, "\(String(describing: verification.failure))")
        #expect(verification.events == writers * appends)
        #expect(verification.head?.seq == Int64(writers * appends))
        let audit = try TortureAudit(log: log, ledger: ledger, markers: [])
        #expect(audit.problems.isEmpty, "\(audit.problems.prefix(10))")

        // Interleaving really happened, and each writer's own events came in order.
        let events = try LogContents.events(in: log)
        var lastSeq: [String: Int64] = [:]
        var switches = 0
        for (previous, event) in zip([nil] + events.map(Optional.some), events) {
            let writer = String(event.id.prefix { $0 != "." })
            #expect((lastSeq[writer] ?? 0) < event.seq)
            lastSeq[writer] = event.seq
            if let previous, !previous.id.hasPrefix(writer + ".") { switches += 1 }
        }
        #expect(switches > 0, "the writers never interleaved")
        let rate = Double(writers * appends) / elapsed
        print("concurrency: \(writers) processes × \(appends) single-event appends → \(verification.events) events, "
              + "gap-free, chain valid, \(switches) writer switches, \(String(format: "%.1f", elapsed)) s (\(Int(rate)) appends/s)")
    }
}
