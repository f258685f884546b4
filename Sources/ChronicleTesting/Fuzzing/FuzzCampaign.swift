import Foundation

/// What a fuzz target says about one input.
public enum FuzzVerdict: Sendable, Equatable {
    case accepted
    /// Rejected, with the error's text for a person (must not be empty).
    case rejected(String)
    /// The target broke a property (a round trip differs, a reader disagrees with verify, …).
    case violation(String)
}

/// The figures of a campaign and everything that went wrong.
public struct FuzzReport: Sendable, CustomStringConvertible {
    public var inputs = 0
    /// Whether the time budget ran out before the count.
    public var stoppedByTimeBudget = false
    public var accepted = 0
    public var rejected = 0
    /// The slowest single input, in seconds.
    public var slowest: Double = 0
    /// Problems found: rejections without a reason, property violations, a hang.
    public var problems: [String] = []

    public var description: String {
        "\(inputs) inputs (\(accepted) accepted, \(rejected) rejected)\(stoppedByTimeBudget ? ", stopped by the time budget" : ""), "
            + "slowest \(String(format: "%.3f", slowest)) s, \(problems.count) problems"
    }
}

/// Runs a fuzz target over many inputs and watches it: an input that takes
/// longer than `hangLimit` seconds ends the campaign as a hang (the stuck
/// work is left behind on its thread), a rejection must give a reason, and
/// a ``FuzzVerdict/violation(_:)`` is recorded with the input that caused it.
/// A crash is a crash: the run stops there, replay it from the seed.
public enum FuzzCampaign {
    /// - Parameters:
    ///   - count: how many inputs to run.
    ///   - seconds: a time budget: the campaign stops early when it is spent
    ///     (the inputs are the same for a seed, a slower machine runs fewer).
    public static func run(
        count: Int, seconds: Double = .infinity, fuzzer: MutationFuzzer, hangLimit: Double = 10,
        _ target: @escaping @Sendable ([UInt8]) -> FuzzVerdict
    ) -> FuzzReport {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(min(seconds, 1e9) * 1e9)
        let box = Progress()
        let thread = Thread {
            var fuzzer = fuzzer
            var report = FuzzReport()
            for index in 0..<count {
                if DispatchTime.now().uptimeNanoseconds > deadline { report.stoppedByTimeBudget = true; break }
                let (input, mutations) = fuzzer.next()
                box.started(index, input: input, mutations: mutations)
                let start = DispatchTime.now().uptimeNanoseconds
                let verdict = target(input)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                report.inputs += 1
                report.slowest = max(report.slowest, seconds)
                func describe() -> String { "input #\(index) (\(mutations.map(\.rawValue).joined(separator: "+"))): \(preview(input))" }
                switch verdict {
                case .accepted: report.accepted += 1
                case .rejected(let reason):
                    report.rejected += 1
                    if reason.trimmingCharacters(in: .whitespaces).isEmpty { report.problems.append("rejected without a reason: \(describe())") }
                case .violation(let what):
                    report.problems.append("\(what): \(describe())")
                }
            }
            box.finish(report)
        }
        thread.stackSize = 16 << 20
        thread.start()
        while true {
            if let report = box.wait(seconds: hangLimit) { return report }
            if let stuck = box.stalled(for: hangLimit) {
                var report = box.partial
                report.problems.append("hang: no answer after \(hangLimit) s on \(stuck)")
                return report
            }
        }
    }

    /// The first bytes of an input, printable.
    public static func preview(_ input: [UInt8], limit: Int = 160) -> String {
        let shown = input.prefix(limit).map { byte -> String in
            (0x20..<0x7F).contains(byte) && byte != UInt8(ascii: "\\") ? String(UnicodeScalar(byte)) : String(format: "\\x%02X", byte)
        }.joined()
        return "\"\(shown)\"" + (input.count > limit ? " … (\(input.count) bytes)" : "")
    }

    /// The campaign's state, shared between the worker and the watcher.
    private final class Progress: @unchecked Sendable {
        private let lock = NSCondition()
        private var index = -1
        private var input: [UInt8] = []
        private var mutations: [Mutation] = []
        private var since = DispatchTime.now()
        private var report: FuzzReport?
        private(set) var partial = FuzzReport()

        func started(_ index: Int, input: [UInt8], mutations: [Mutation]) {
            lock.lock()
            self.index = index
            self.input = input
            self.mutations = mutations
            since = DispatchTime.now()
            partial.inputs = index
            lock.unlock()
        }

        func finish(_ report: FuzzReport) {
            lock.lock()
            self.report = report
            lock.broadcast()
            lock.unlock()
        }

        func wait(seconds: Double) -> FuzzReport? {
            lock.lock()
            defer { lock.unlock() }
            if report == nil { _ = lock.wait(until: Date().addingTimeInterval(min(seconds, 1))) }
            return report
        }

        /// The input the worker is stuck on, if it has been on it for `seconds`.
        func stalled(for seconds: Double) -> String? {
            lock.lock()
            defer { lock.unlock() }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - since.uptimeNanoseconds) / 1e9
            guard report == nil, elapsed > seconds else { return nil }
            return "input #\(index) (\(mutations.map(\.rawValue).joined(separator: "+"))): \(FuzzCampaign.preview(input))"
        }
    }
}
