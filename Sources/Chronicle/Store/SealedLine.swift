/// One sealed line as a ``LogFollower`` sees it while a writer appends it
/// or catches up on it: the envelope members a fold needs, decoded, and
/// `data` still as the JSON text of the line.
///
/// It points into the writer's buffer and is valid only during the call it
/// is given to. ``read(inPlace:parsed:)`` reads `data` without building a
/// tree when it can; ``event()`` decodes the whole line.
public struct SealedLine {
    public let seq: Int64
    public let time: Timestamp
    public let type: String
    /// The line without its newline.
    let line: UnsafeRawBufferPointer
    /// Where `data` is in ``line``.
    let data: Range<Int>
    /// The scratch index ``read(inPlace:parsed:)`` reuses from line to line.
    let tape: JSONTape
    /// What folding the line does, when it was worked out before sealing.
    let checkedStep: FoldStep?

    init(
        seq: Int64, time: Timestamp, type: String, line: UnsafeRawBufferPointer, data: Range<Int>, tape: JSONTape,
        checkedStep: FoldStep? = nil
    ) {
        self.checkedStep = checkedStep
        self.seq = seq
        self.time = time
        self.type = type
        self.line = line
        self.data = data
        self.tape = tape
    }

    /// The whole event, `data` parsed into a tree.
    public func event() throws(LineError) -> Event {
        let raw = try RawEnvelope.scan(line)
        return try EventLine.event(from: raw, in: line)
    }

    /// Reads `data` in place when the tape can index it, else as the tree
    /// the parser builds, so that every line reads as ``event()`` would decode it.
    /// - Throws: what the parser finds wrong (a clash of escaped names, a number out of range).
    func read<Result>(
        inPlace: (JSONTapeValue) -> Result, parsed: (JSONValue) -> Result
    ) throws(LineError) -> Result {
        let bytes = UnsafeRawBufferPointer(rebasing: line[data])
        if tape.index(bytes) { return tape.withRoot(bytes) { inPlace($0) } }
        do {
            return parsed(try JSONParser.parse(bytes))
        } catch {
            throw LineError("invalid JSON in \"data\": \(error)")
        }
    }
}
