import Dispatch

/// A batch's fsync running on the writer's I/O queue, whose outcome the
/// writer waits for: ``LogWriter`` seals and writes the next batches
/// meanwhile. The queue is concurrent: a batch's fsync may start before the
/// one before it has finished (the disk then flushes both at once), but the
/// writer takes outcomes in batch order, so no batch counts as durable
/// before every batch ahead of it is.
final class PendingSync: @unchecked Sendable {
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

    /// Waits for the fsync to finish.
    /// - Returns: why it failed, or nil.
    func wait() -> LogError? {
        done.wait()
        return failure
    }
}
