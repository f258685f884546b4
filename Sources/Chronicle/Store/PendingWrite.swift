import Dispatch

/// A batch's fsync running on the writer's serial I/O queue, whose outcome
/// the writer waits for: ``LogWriter`` seals and writes the next batches meanwhile.
final class PendingWrite: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Set on the queue before `done` is signalled, read after waiting on it
    /// (or on the queue by the write after it, which runs later on the same queue).
    private var failure: LogError?

    /// Starts `work` on `queue` (a serial queue), after `previous`: if
    /// `previous` failed, `work` does not run and this write fails too.
    init(on queue: DispatchQueue, after previous: PendingWrite?, _ work: @escaping @Sendable () throws(LogError) -> Void) {
        queue.async {
            if let earlier = previous?.failure {
                self.failure = LogError(earlier.kind, "not written: an earlier batch failed (\(earlier.reason))")
            } else {
                do throws(LogError) { try work() } catch { self.failure = error }
            }
            self.done.signal()
        }
    }

    /// Waits for the write to finish.
    /// - Returns: why it failed (or was skipped), or nil.
    func wait() -> LogError? {
        done.wait()
        return failure
    }
}
