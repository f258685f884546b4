/// An event before it is appended: no `seq`, `prevhash` or `hash` yet, and
/// `id`, `time`, `source`, `specversion` optional (the writer fills them in).
public struct EventDraft: Sendable, Equatable {
    public var specversion: String?
    public var id: String? {
        get { givenID ?? randomID?.string }
        set {
            givenID = newValue
            randomID = nil
        }
    }
    public var source: String?
    public var type: String { didSet { checkedStep = nil } }
    public var time: Timestamp?
    public var subject: String
    /// The event's `data`. A draft parsed from a line keeps only its JSON
    /// text and builds this tree when it is first asked for (each time:
    /// writers copy the text and never ask).
    public var data: JSONValue {
        get {
            if let storedData { return storedData }
            // dataBytes was validated when the line was parsed.
            guard let tree = try? dataBytes?.withUnsafeBytes({ try JSONParser.parse($0) }) else {
                preconditionFailure("a draft's data text does not parse")
            }
            return tree
        }
        set {
            storedData = newValue
            dataBytes = nil
            checkedStep = nil
        }
    }
    /// `data` as a tree, unless the draft holds only its text.
    private var storedData: JSONValue?
    /// The exact JSON text of `data` when the draft was parsed from a line
    /// (or assembled by `simulate`), so the writer copies it instead of
    /// serialising `data` again.
    package private(set) var dataBytes: ArraySlice<UInt8>?
    /// What folding a decision or a rejection does, worked out while the
    /// line was parsed (on any core): it depends on `type` and `data` only,
    /// so the writer need not read `data` again under its lock.
    private(set) var checkedStep: FoldStep?
    /// The `id` the draft was given (by its maker or its input line).
    package private(set) var givenID: String?
    /// The random UUID ``giveRandomID(from:)`` gave it instead, kept as its
    /// characters: a writer copies them into the line without building a
    /// string, and need not check them against the batch's other ids.
    package private(set) var randomID: UUIDText?

    public init(
        type: String, subject: String, data: JSONValue, id: String? = nil, time: Timestamp? = nil,
        source: String? = nil, specversion: String? = nil
    ) {
        self.type = type
        self.subject = subject
        self.storedData = data
        self.givenID = id
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
        self.dataBytes = dataBytes[...]
    }

    /// A draft read from an input line: `data` is kept as its (validated) JSON text only.
    init(type: String, subject: String, dataText: ArraySlice<UInt8>, checkedStep: FoldStep?, id: String?,
         time: Timestamp?, source: String?, specversion: String?) {
        self.type = type
        self.subject = subject
        self.dataBytes = dataText
        self.checkedStep = checkedStep
        self.givenID = id
        self.time = time
        self.source = source
        self.specversion = specversion
    }

    /// Gives a draft without an id a random (version 4) UUID, as a writer
    /// would (readers of `append` input do it on every core, ahead of the writer).
    package mutating func giveRandomID(from generator: RandomUUIDGenerator) {
        guard givenID == nil, randomID == nil else { return }
        randomID = generator.nextText()
    }

    /// Whether `data` is a JSON object (without building it).
    var dataIsObject: Bool {
        if let dataBytes { return dataBytes.first == UInt8(ascii: "{") }
        if case .object = storedData { return true }
        return false
    }

    /// Appends the JSON text of `data`: the kept text, else the tree serialised.
    func writeData(to out: inout [UInt8]) {
        if let dataBytes { out.append(contentsOf: dataBytes) } else { JSONWriter.append(data, to: &out) }
    }

    /// Drafts are equal when their members are; where `data` came from does not matter.
    public static func == (lhs: EventDraft, rhs: EventDraft) -> Bool {
        lhs.specversion == rhs.specversion && lhs.id == rhs.id && lhs.source == rhs.source && lhs.type == rhs.type
            && lhs.time == rhs.time && lhs.subject == rhs.subject && lhs.data == rhs.data
    }
}
