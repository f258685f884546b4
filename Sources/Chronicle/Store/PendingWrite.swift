import Dispatch

/// Work running on another queue whose outcome the caller waits for:
/// ``LogWriter`` writes one batch while it seals the next.
final class PendingWrite: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Set on the queue before `done` is signalled, read after waiting on it.
    private var failure: LogError?

    /// Starts `work` on `queue`.
    init(on queue: DispatchQueue, _ work: @escaping @Sendable () throws(LogError) -> Void) {
        queue.async {
            do throws(LogError) { try work() } catch { self.failure = error }
            self.done.signal()
        }
    }

    /// Waits for the work to finish.
    /// - Returns: why it failed, or nil.
    func wait() -> LogError? {
        done.wait()
        return failure
    }
}
