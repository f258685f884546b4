import Chronicle
import ChronicleCommands
import ChronicleTesting
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Mutated batches through `chronicle append`, in process: every input is
/// appended (exit 0) or refused with a `chronicle: …` reason (exit 2) and
/// the log untouched; never a crash, a hang, or a damaged log (exit 3).
@Suite struct AppendCommandFuzzTests {
    /// One log at a time, replaced by a fresh one every few accepted batches
    /// so that catching up stays cheap.
    final class Harness: @unchecked Sendable {
        let root: String
        var generation = 0
        var accepted = 0
        var clock = Timestamp(rfc3339: "2026-11-19T00:00:00Z")!.milliseconds
        var verifications = 0
        var log: LogDirectory { LogDirectory(path: root + "/log-\(generation)") }

        init() throws {
            var template = Array((NSTemporaryDirectory() + "/append-fuzz-XXXXXX").utf8CString)
            guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
                throw CocoaError(.fileWriteUnknown)
            }
            root = String(cString: made)
        }

        deinit { try? FileManager.default.removeItem(atPath: root) }

        /// The sizes of the log's files: a refused append must leave them as they were.
        func sizes() -> [String: Int] {
            var sizes: [String: Int] = [:]
            for name in (try? FileManager.default.contentsOfDirectory(atPath: log.path)) ?? [] where name.hasSuffix(".jsonl") {
                sizes[name] = ((try? FileManager.default.attributesOfItem(atPath: log.file(name)))?[.size] as? NSNumber)?.intValue
            }
            return sizes
        }

        func run(_ input: [UInt8]) -> FuzzVerdict {
            let before = sizes()
            let output = OutputSink(), errors = OutputSink()
            clock += 1
            let now = Timestamp(milliseconds: clock)
            let context = CommandContext(output: output, errors: errors, readInput: { input }, environment: [:],
                                         workingDirectory: root, now: { now })
            let status = ChronicleCommandLine.run(["append", "-", "--log", log.path, "--format", "json"], in: context)
            switch status {
            case .ok:
                guard output.text.hasPrefix("{\"appended\":") else { return .violation("exit 0 without the new head: \(output.text)") }
                accepted += 1
                if accepted % 10 == 0 {
                    verifications += 1
                    let verification = ChainVerifier.verify(log)
                    guard verification.isValid else { return .violation("the log no longer verifies: \(verification.failure!)") }
                    generation += 1
                }
                return .accepted
            case .usage:
                let message = errors.text
                guard message.hasPrefix("chronicle: "), message.count > "chronicle: ".count + 3 else {
                    return .violation("exit 2 without a clear error: \(message)")
                }
                guard sizes() == before else { return .violation("a refused append changed the log") }
                return .rejected(String(message.dropFirst("chronicle: ".count)))
            default:
                return .violation("exit \(status.rawValue): \(errors.text)")
            }
        }
    }

    @Test func everyMutatedBatchIsAppendedOrRefusedWithAReasonAndTheLogStaysValid() throws {
        let lines = FuzzSeeds.draftLines(fromSealedLines: ConformanceSeeds.sealedLines)
        #expect(!lines.isEmpty, "no conformance logs found to take seeds from")
        guard !lines.isEmpty else { return }
        let harness = try Harness()
        let budget = FuzzBudget.fromEnvironment()
        let report = FuzzCampaign.run(budget, seeds: FuzzSeeds.batches(of: lines), salt: 0xA9) { harness.run($0) }
        report.expectClean("chronicle append (in process)", minimumInputs: min(budget.inputs, 300))
        #expect(harness.accepted > 0, "no mutated batch was ever appended")
        print("fuzz chronicle append: \(harness.accepted) batches appended, \(harness.verifications) logs verified")
    }
}
