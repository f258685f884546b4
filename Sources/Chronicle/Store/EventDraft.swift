/// An event before it is appended: no `seq`, `prevhash` or `hash` yet, and
/// `id`, `time`, `source`, `specversion` optional (the writer fills them in).
public struct EventDraft: Sendable, Equatable {
    public var specversion: String?
    public var id: String?
    public var source: String?
    public var type: String
    public var time: Timestamp?
    public var subject: String
    public var data: JSONValue { didSet { dataBytes = nil } }
    /// The exact JSON text of `data` when the draft was parsed from a line,
    /// so the writer copies it instead of serialising `data` again.
    package private(set) var dataBytes: [UInt8]?

    public init(
        type: String, subject: String, data: JSONValue, id: String? = nil, time: Timestamp? = nil,
        source: String? = nil, specversion: String? = nil
    ) {
        self.type = type
        self.subject = subject
        self.data = data
        self.id = id
        self.time = time
        self.source = source
        self.specversion = specversion
    }

    /// A draft whose `data` also comes as its JSON text, which the writer
    /// copies into the line instead of serialising `data` again (`simulate`
    /// assembles it from pieces it serialised once). The caller guarantees
    /// that `dataBytes` is a JSON text of exactly `data`.
    package init(type: String, subject: String, data: JSONValue, dataBytes: [UInt8], time: Timestamp?) {
        self.init(type: type, subject: subject, data: data, time: time)
        self.dataBytes = dataBytes
    }

    /// Parses one `append` input line: a JSON object with `type`, `subject`
    /// and `data` (an object), optionally `id`, `time` (any RFC 3339),
    /// `source` and `specversion`, and none of `seq`, `prevhash`, `hash`.
    public init(line: [UInt8]) throws(LineError) {
        let parsed = line.withUnsafeBytes { bytes in
            Result { () throws(JSONError) in try JSONParser.parse(bytes, locating: "data") }
        }
        let value: JSONValue, dataRange: Range<Int>?
        switch parsed {
        case .success(let result): (value, dataRange) = result
        case .failure(let error): throw LineError("invalid JSON: \(error)")
        }
        guard let object = value.objectValue else { throw LineError("not a JSON object") }
        for key in object.keys {
            switch key {
            case "specversion", "id", "source", "type", "time", "subject", "data": break
            case "seq", "prevhash", "hash": throw LineError("member \"\(key)\" is set by the writer and must be absent")
            default: throw LineError("unexpected member \"\(key)\"")
            }
        }
        func string(_ key: String, required: Bool) throws(LineError) -> String? {
            switch object[key] {
            case nil where !required: return nil
            case .string(let text)?: return text
            case nil: throw LineError("missing member \"\(key)\"")
            default: throw LineError("member \"\(key)\" must be a string")
            }
        }
        guard let type = try string("type", required: true), !type.isEmpty else { throw LineError("type is empty") }
        self.type = type
        self.subject = try string("subject", required: true) ?? ""
        guard let data = object["data"] else { throw LineError("missing member \"data\"") }
        guard case .object = data else { throw LineError("member \"data\" must be an object") }
        self.data = data
        self.dataBytes = dataRange.map { Array(line[$0]) }
        self.id = try string("id", required: false)
        self.source = try string("source", required: false)
        self.specversion = try string("specversion", required: false)
        if let specversion, specversion != "1.0" { throw LineError("specversion must be \"1.0\"") }
        if let text = try string("time", required: false) {
            guard let time = Timestamp(rfc3339: text) else { throw LineError("time is not an RFC 3339 time") }
            self.time = time
        }
    }

    /// Drafts are equal when their members are; where `data` came from does not matter.
    public static func == (lhs: EventDraft, rhs: EventDraft) -> Bool {
        lhs.specversion == rhs.specversion && lhs.id == rhs.id && lhs.source == rhs.source && lhs.type == rhs.type
            && lhs.time == rhs.time && lhs.subject == rhs.subject && lhs.data == rhs.data
    }
}
