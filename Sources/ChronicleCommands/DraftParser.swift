import Chronicle
import Dispatch
import Foundation

/// Turns `append` input (one JSON event per line) into drafts, on every
/// core: each line parses on its own. Empty lines are skipped; the first
/// bad line (in input order) rejects the input.
enum DraftParser {
    static func parse(_ bytes: [UInt8], inputName: String) throws(CommandError) -> (drafts: [EventDraft], lineNumbers: [Int]) {
        var lines: [(number: Int, range: Range<Int>)] = []
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var start = 0, number = 1
            while start < buffer.count {
                let end = memchr(base + start, 0x0A, buffer.count - start).map { $0 - UnsafeMutableRawPointer(mutating: base) }
                    ?? buffer.count
                var blank = true
                for index in start..<end {
                    let byte = buffer[index]
                    if byte != 0x20 && byte != 0x0D && byte != 0x09 { blank = false; break }
                }
                if !blank { lines.append((number, start..<end)) }
                start = end + 1
                number += 1
            }
        }
        var results = [Result<EventDraft, LineError>?](repeating: nil, count: lines.count)
        let workers = lines.count < 512 ? 1 : max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        results.withUnsafeMutableBufferPointer { output in
            nonisolated(unsafe) let output = output
            let lines = lines, bytes = bytes
            DispatchQueue.concurrentPerform(iterations: workers) { share in
                let lower = lines.count * share / workers, upper = lines.count * (share + 1) / workers
                let scratch = DraftScratch()
                for index in lower..<upper {
                    output[index] = Result { () throws(LineError) -> EventDraft in
                        try EventDraft(line: bytes[lines[index].range], scratch: scratch)
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
