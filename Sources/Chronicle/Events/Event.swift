/// One line of the log: a CloudEvents 1.0 envelope in structured JSON mode,
/// chained to the previous line by `prevhash` and sealed by `hash` (SPEC §2).
///
/// The members are in the order writers emit them. `data` holds the type's
/// object as parsed; ``EventPayload`` gives it a typed view.
public struct Event: Sendable, Equatable {
    public var specversion: String
    /// Opaque and unique; writers generate UUIDs.
    public var id: String
    /// `/orgs/<org>`, the same on every line of a log.
    public var source: String
    /// A non-empty type; ``EventType`` names the known ones.
    public var type: String
    public var time: Timestamp
    /// The id of the entity the event is about.
    public var subject: String
    /// 1 on the first line of the log, +1 on every line.
    public var seq: Int64
    /// The previous line's `hash`; 64 zeros on `seq` 1.
    public var prevhash: String
    public var data: JSONValue
    /// Lowercase hex SHA-256 of every byte of the line before `"hash":"`.
    public var hash: String

    public init(
        specversion: String = "1.0", id: String, source: String, type: String, time: Timestamp,
        subject: String, seq: Int64, prevhash: String, data: JSONValue, hash: String
    ) {
        self.specversion = specversion
        self.id = id
        self.source = source
        self.type = type
        self.time = time
        self.subject = subject
        self.seq = seq
        self.prevhash = prevhash
        self.data = data
        self.hash = hash
    }

    /// The `prevhash` of the first line of every log.
    public static let genesisHash = String(repeating: "0", count: 64)
}
