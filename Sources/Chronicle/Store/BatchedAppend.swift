/// What ``LogWriter/append(_:batchSize:now:)`` did: the batches before the
/// first refused or failed one are in the log; that one and the rest are not.
public struct BatchedAppend: Sendable {
    /// The events appended (whole batches only).
    public var appended: Int
    /// The head after the last appended batch (the head before, if none was).
    public var head: ChainHead?
    /// Why appending stopped early, nil if every batch was appended. A
    /// refused event's ``LogError/line`` is its 1-based position among all
    /// the drafts given.
    public var failure: LogError?
}
