import Foundation

/// Hands batches of drafts from the thread that simulates to the thread
/// that writes, at most ``depth`` batches ahead, so that deciding the next
/// batch and sealing and syncing this one use both cores.
///
/// The generating side decides every event on its own state, which is the
/// log's state at the head when the batch is written: the writer checks
/// that nobody else appended in between (``Simulation/write(to:keyringPath:batchSize:progress:)``).
final class DraftPipeline: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [[EventDraft]] = []
    private var keyring: Keyring?
    private var cancelled = false
    private let depth: Int

    init(depth: Int = 2) { self.depth = depth }

    /// Queues a batch; waits while ``depth`` batches are waiting. False once cancelled.
    func put(_ batch: [EventDraft]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= depth, !cancelled { condition.wait() }
        guard !cancelled else { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    /// Ends the stream with the keyring the simulation built.
    func finish(with keyring: Keyring) {
        condition.lock()
        self.keyring = keyring
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, or nil when the stream has ended.
    func take() -> [EventDraft]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty, keyring == nil { condition.wait() }
        guard !batches.isEmpty else { return nil }
        let batch = batches.removeFirst()
        condition.broadcast()
        return batch
    }

    /// The keyring, once the stream has ended.
    var finalKeyring: Keyring? {
        condition.lock()
        defer { condition.unlock() }
        return keyring
    }

    /// Stops the generating side (the writer failed).
    func cancel() {
        condition.lock()
        cancelled = true
        batches.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}
