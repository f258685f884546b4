/// One line of `checkpoints.jsonl` (SPEC §6): the `hash` of the event at
/// `seq`, sealed with an HMAC under the keyring's audit key, so a log cut
/// short or rewritten after the checkpoint is detected.
public struct Checkpoint: Sendable, Equatable {
    public var seq: Int64
    public var hash: String
    /// The time of the event at `seq`.
    public var time: Timestamp
    /// Hex HMAC-SHA256(audit key, `"<seq>:<hash>"`).
    public var mac: String

    public init(seq: Int64, hash: String, time: Timestamp, mac: String) {
        self.seq = seq
        self.hash = hash
        self.time = time
        self.mac = mac
    }

    /// The message the MAC covers.
    public static func message(seq: Int64, hash: String) -> String { "\(seq):\(hash)" }

    public var json: JSONValue {
        ["seq": .integer(seq), "hash": .string(hash), "time": .string(time.rfc3339), "mac": .string(mac)]
    }

    /// Parses one line of `checkpoints.jsonl`.
    public init(line: [UInt8]) throws(LineError) {
        let value: JSONValue
        do { value = try JSONParser.parse(line) } catch { throw LineError("invalid JSON: \(error)") }
        guard let object = value.objectValue, object.count == 4,
              let seq = object["seq"]?.integerValue, let hash = object["hash"]?.stringValue,
              let timeText = object["time"]?.stringValue, let time = Timestamp(rfc3339: timeText),
              let mac = object["mac"]?.stringValue
        else { throw LineError("a checkpoint must be {\"seq\", \"hash\", \"time\", \"mac\"}") }
        self.init(seq: seq, hash: hash, time: time, mac: mac)
    }
}
