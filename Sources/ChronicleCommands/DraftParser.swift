import Chronicle
import Dispatch
import Foundation

/// Turns `append` input (one JSON event per line) into drafts, on every
/// core: each line parses on its own. Empty lines are skipped; the first
/// bad line (in input order) rejects the input.
enum DraftParser {
    static func parse(_ bytes: [UInt8], inputName: String) throws(CommandError) -> (drafts: [EventDraft], lineNumbers: [Int]) {
        var lines: [(number: Int, range: Range<Int>)] = []
        var start = 0, number = 1
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            if bytes[start..<end].contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) {
                lines.append((number, start..<end))
            }
            start = end + 1
            number += 1
        }
        var results = [Result<EventDraft, LineError>?](repeating: nil, count: lines.count)
        let workers = lines.count < 512 ? 1 : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        results.withUnsafeMutableBufferPointer { output in
            nonisolated(unsafe) let output = output
            let lines = lines, bytes = bytes
            DispatchQueue.concurrentPerform(iterations: workers) { share in
                let lower = lines.count * share / workers, upper = lines.count * (share + 1) / workers
                for index in lower..<upper {
                    output[index] = Result { () throws(LineError) -> EventDraft in
                        try EventDraft(line: Array(bytes[lines[index].range]))
                    }
                }
            }
        }
        var drafts: [EventDraft] = []
        drafts.reserveCapacity(lines.count)
        for (index, result) in results.enumerated() {
            switch result! {
            case .success(let draft): drafts.append(draft)
            case .failure(let error):
                throw .usage("\(inputName):\(lines[index].number): \(error.reason)", hint: "nothing was appended")
            }
        }
        return (drafts, lines.map(\.number))
    }
}
