/// The result of checking a whole log (SPEC §6): a finding, not an exception.
public struct ChainVerification: Sendable, Equatable {
    /// Complete lines checked and found good.
    public var events: Int = 0
    /// Segment files in the log.
    public var segments: Int = 0
    /// The last good line, nil for an empty log.
    public var head: ChainHead?
    /// The first failure, nil when the whole log is good.
    public var failure: LogError?
    /// The source of the log (`/orgs/<org>`), from its first line.
    public var source: String?
    /// Whether an incomplete last line was found and, as asked, accepted.
    public var hasTornTail = false
    /// The hashes of the lines whose `seq` was asked for.
    public var capturedHashes: [Int64: String] = [:]

    public var isValid: Bool { failure == nil }

    /// `{"events", "segments", "head"}` (SPEC §6).
    public var json: JSONValue {
        ["events": .integer(Int64(events)), "segments": .integer(Int64(segments)), "head": head?.json ?? .null]
    }
}
