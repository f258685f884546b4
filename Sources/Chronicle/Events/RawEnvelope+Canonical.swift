#if canImport(Glibc)
import Glibc
#endif

extension RawEnvelope {
    /// Scans a line written exactly as writers write it: the ten members
    /// in SPEC order, no white space, a plain integer `seq`. `data` is
    /// validated and indexed into `dataTape` on the way
    /// (``JSONTape/indexValidating(_:depth:)``).
    ///
    /// It checks everything ``scan(_:scratch:dataTape:)`` checks and gives
    /// up (nil) on anything else, valid or not, so that the general scan
    /// reads the line or reports the exact error: it never accepts a line
    /// the general scan rejects, and what it returns is what that scan
    /// would return.
    static func scanCanonical(_ line: UnsafeRawBufferPointer, dataTape: JSONTape) -> RawEnvelope? {
        guard let base = line.baseAddress else { return nil }
        let end = line.count
        var position = 0
        /// Whether `text` comes next; if so, moves past it.
        func literal(_ text: StaticString) -> Bool {
            let length = text.utf8CodeUnitCount
            guard position + length <= end, memcmp(base + position, text.utf8Start, length) == 0 else { return false }
            position += length
            return true
        }
        /// The string value that comes next, validated as the parser validates strings.
        func string() -> Text? {
            guard position < end, base.load(fromByteOffset: position, as: UInt8.self) == UInt8(ascii: "\"") else { return nil }
            let start = position + 1
            guard let (close, hasEscapes) = JSONParser.validateStringBody(base, from: start, end: end) else { return nil }
            position = close + 1
            return Text(start: start, end: close, hasEscapes: hasEscapes)
        }
        var envelope = RawEnvelope()
        guard literal(#"{"specversion":"#), let specversion = string(),
              literal(#","id":"#), let id = string(),
              literal(#","source":"#), let source = string(),
              literal(#","type":"#), let type = string(),
              literal(#","time":"#), let time = string(),
              literal(#","subject":"#), let subject = string(),
              literal(#","seq":"#)
        else { return nil }
        // A plain non-negative integer without leading zeros, short enough not to overflow.
        let digitsStart = position
        var seq: Int64 = 0
        while position < end, case let digit = base.load(fromByteOffset: position, as: UInt8.self) &- UInt8(ascii: "0"), digit < 10 {
            seq = seq &* 10 &+ Int64(digit)
            position += 1
        }
        let digitCount = position - digitsStart
        guard digitCount > 0, digitCount <= 18,
              digitCount == 1 || base.load(fromByteOffset: digitsStart, as: UInt8.self) != UInt8(ascii: "0"),
              literal(#","prevhash":"#), let prevhash = string(),
              literal(#","data":"#), position < end, base.load(fromByteOffset: position, as: UInt8.self) == UInt8(ascii: "{")
        else { return nil }
        let dataStart = position
        guard let dataLength = dataTape.indexValidating(UnsafeRawBufferPointer(rebasing: line[dataStart...]), depth: 1)
        else { return nil }
        position = dataStart + dataLength
        let dataEnd = position
        guard literal(#","hash":"#), let hash = string(), literal("}"), position == end else { return nil }
        envelope.specversion = specversion
        envelope.id = id
        envelope.source = source
        envelope.type = type
        envelope.time = time
        envelope.subject = subject
        envelope.seq = seq
        envelope.prevhash = prevhash
        envelope.data = dataStart..<dataEnd
        envelope.dataIndexed = true
        envelope.hash = hash
        return envelope
    }
}
