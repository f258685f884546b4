/// The last line of a log: what `head` prints and checkpoints seal.
public struct ChainHead: Sendable, Equatable {
    public var seq: Int64
    /// The line's `hash`, 64 lowercase hex digits.
    public var hash: String
    public var time: Timestamp

    public init(seq: Int64, hash: String, time: Timestamp) {
        self.seq = seq
        self.hash = hash
        self.time = time
    }

    /// `{"seq", "hash", "time"}` (SPEC §8).
    public var json: JSONValue {
        ["seq": .integer(seq), "hash": .string(hash), "time": .string(time.rfc3339)]
    }
}
