import Foundation
@testable import Chronicle

/// Checks a log against a ``TortureLedger`` after a torture round: seq is
/// gap-free; no event appears twice; every acknowledged batch is there
/// whole, in order, at the seqs its writer was told; no refused batch left a
/// trace; a batch cut by a kill left none, all, or a prefix of its events.
/// A finding is a value: ``problems`` lists what is wrong.
struct TortureAudit {
    var events = 0
    var acknowledgedEventsChecked = 0
    /// Batches ended by a kill that left some but not all of their events (whole lines).
    var partialBatches = 0
    /// Batches ended by a kill whose events all made it.
    var completeUnacknowledgedBatches = 0
    var problems: [String] = []

    /// - Parameter markers: ids written by the test itself (recovery appends), not by a writer.
    init(log: LogDirectory, ledger: TortureLedger, markers: Set<String>) throws {
        let events = try LogContents.events(in: log)
        self.events = events.count
        problems += ledger.writerFailures.map { "a writer failed: \($0)" }
        var seen: [String: Int64] = [:]
        var byBatch: [String: [(index: Int, seq: Int64)]] = [:]
        for (offset, event) in events.enumerated() {
            if event.seq != Int64(offset + 1) { problems.append("seq \(event.seq) at position \(offset + 1)") }
            if let earlier = seen[event.id] {
                problems.append("event \(event.id) appears twice (seq \(earlier) and \(event.seq))")
                continue
            }
            seen[event.id] = event.seq
            if markers.contains(event.id) { continue }
            guard let dot = event.id.lastIndex(of: "."), let index = Int(event.id[event.id.index(after: dot)...]),
                  ledger.batches[String(event.id[..<dot])] != nil
            else {
                problems.append("event \(event.id) at seq \(event.seq) belongs to no batch that was tried")
                continue
            }
            byBatch[String(event.id[..<dot]), default: []].append((index, event.seq))
        }
        for (name, batch) in ledger.batches {
            let present = byBatch[name] ?? []
            let contiguous = present.enumerated().allSatisfy { $0.element.index == $0.offset }
                && zip(present, present.dropFirst()).allSatisfy { $1.seq == $0.seq + 1 }
            switch batch.outcome {
            case .acknowledged(let firstSeq, let lastSeq):
                acknowledgedEventsChecked += batch.count
                if present.count != batch.count {
                    problems.append("acknowledged batch \(name) has \(present.count) of its \(batch.count) events")
                } else if !contiguous || present.first?.seq != firstSeq || present.last?.seq != lastSeq {
                    problems.append("acknowledged batch \(name) is not at seqs \(firstSeq)...\(lastSeq) in order")
                }
            case .failed(let reason):
                if !present.isEmpty { problems.append("refused batch \(name) (\(reason)) left \(present.count) events") }
            case .unknown:
                if !contiguous { problems.append("killed batch \(name) left events out of order or with gaps") }
                if present.count == batch.count { completeUnacknowledgedBatches += 1 }
                else if !present.isEmpty { partialBatches += 1 }
            }
        }
    }
}
