extension RawEnvelope {
    /// Scans a line written exactly as writers write it: the ten members
    /// in SPEC order, no white space, a plain integer `seq`. `data` is
    /// validated and indexed into `dataTape` on the way
    /// (``JSONTape/indexValidating(_:depth:)``).
    ///
    /// It checks everything ``scan(_:scratch:dataTape:shortcut:)`` checks and gives
    /// up (nil) on anything else, valid or not, so that the general scan
    /// reads the line or reports the exact error: it never accepts a line
    /// the general scan rejects, and what it returns is what that scan
    /// would return.
    ///
    /// A `shortcut` may validate `data` instead (when it can, the tape is not used).
    static func scanCanonical(_ line: UnsafeRawBufferPointer, dataTape: JSONTape, shortcut: DataShortcut? = nil) -> RawEnvelope? {
        guard var cursor = LineCursor(line) else { return nil }
        func string() -> Text? { cursor.string() }
        var envelope = RawEnvelope()
        guard cursor.consume(#"{"specversion":"#), let specversion = string(),
              cursor.consume(#","id":"#), let id = string(),
              cursor.consume(#","source":"#), let source = string(),
              cursor.consume(#","type":"#), let type = string(),
              cursor.consume(#","time":"#), let time = string(),
              cursor.consume(#","subject":"#), let subject = string(),
              cursor.consume(#","seq":"#)
        else { return nil }
        // A plain non-negative integer without leading zeros, short enough not to overflow.
        let digitsStart = cursor.position
        let (seq, digitCount) = cursor.digits(maximum: 19)
        guard digitCount > 0, digitCount <= 18,
              digitCount == 1 || cursor.base.load(fromByteOffset: digitsStart, as: UInt8.self) != UInt8(ascii: "0"),
              cursor.consume(#","prevhash":"#), let prevhash = string(),
              cursor.consume(#","data":"#), cursor.next == UInt8(ascii: "{")
        else { return nil }
        let dataStart = cursor.position
        let rest = UnsafeRawBufferPointer(rebasing: line[dataStart...])
        var readByShortcut = false
        let dataLength: Int
        if let shortcut, !type.hasEscapes, let length = shortcut.readData(type: type.bytes(in: line), rest: rest) {
            dataLength = length
            readByShortcut = true
        } else {
            guard let length = dataTape.indexValidating(rest, depth: 1) else { return nil }
            dataLength = length
        }
        cursor.position = dataStart + dataLength
        let dataEnd = cursor.position
        guard cursor.consume(#","hash":"#), let hash = string(), cursor.consume("}"), cursor.position == cursor.end
        else { return nil }
        envelope.specversion = specversion
        envelope.id = id
        envelope.source = source
        envelope.type = type
        envelope.time = time
        envelope.subject = subject
        envelope.seq = seq
        envelope.prevhash = prevhash
        envelope.data = dataStart..<dataEnd
        envelope.dataIndexed = !readByShortcut
        envelope.dataReadByShortcut = readByShortcut
        envelope.hash = hash
        return envelope
    }
}
