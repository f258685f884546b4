import Foundation

/// What the writers of a torture run know about their batches: which were
/// tried, which acknowledged (the append returned, so the events are
/// durable), which refused with an error, and which ended in a kill.
struct TortureLedger {
    enum Outcome: Equatable {
        /// The append returned: every event must be in the log exactly once, at these seqs.
        case acknowledged(firstSeq: Int64, lastSeq: Int64)
        /// The append threw: none of the events may be in the log.
        case failed(String)
        /// The writer was killed before it could say: each event at most once.
        case unknown
    }

    struct Batch {
        var count: Int
        var outcome: Outcome
    }

    var batches: [String: Batch] = [:]
    /// Failures outside any batch (a writer that could not even open the log).
    var writerFailures: [String] = []

    mutating func tried(_ batch: String, count: Int) { batches[batch] = Batch(count: count, outcome: .unknown) }

    mutating func acknowledged(_ batch: String, firstSeq: Int64, lastSeq: Int64) {
        batches[batch]?.outcome = .acknowledged(firstSeq: firstSeq, lastSeq: lastSeq)
    }

    mutating func failed(_ batch: String, reason: String) {
        if batches[batch] == nil { writerFailures.append("\(batch): \(reason)") } else { batches[batch]?.outcome = .failed(reason) }
    }

    /// Adds a writer's ledger file. A last line without its newline was cut
    /// by the kill and says nothing.
    mutating func read(file path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { return }
        let text = String(decoding: data, as: UTF8.self)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            let words = line.split(separator: " ", maxSplits: 3).map(String.init)
            guard words.count >= 3, let count = Int(words[2]) else { throw TestFailure("bad ledger line: \(line)") }
            switch words[0] {
            case "try": tried(words[1], count: count)
            case "ack":
                let seqs = words.count > 3 ? words[3].split(separator: " ").compactMap { Int64($0) } : []
                guard seqs.count == 2 else { throw TestFailure("bad ledger line: \(line)") }
                acknowledged(words[1], firstSeq: seqs[0], lastSeq: seqs[1])
            case "fail": failed(words[1], reason: words.count > 3 ? words[3] : "")
            default: throw TestFailure("bad ledger line: \(line)")
            }
        }
    }

    var acknowledgedBatches: Int { batches.values.filter { if case .acknowledged = $0.outcome { true } else { false } }.count }
    var acknowledgedEvents: Int {
        batches.values.reduce(0) { if case .acknowledged = $1.outcome { $0 + $1.count } else { $0 } }
    }
    var unknownBatches: Int { batches.values.filter { $0.outcome == .unknown }.count }
    var failedBatches: Int { batches.values.filter { if case .failed = $0.outcome { true } else { false } }.count }
}
