/// The line format of SPEC §2: decoding a line into an ``Event`` and
/// encoding an ``Event`` into a sealed line.
///
/// A line's `hash` is the SHA-256 of every byte before the final
/// `"hash":"`, which must be followed by exactly 64 lowercase hex digits and
/// `"}`; checking it needs no JSON canonicalisation.
public enum EventLine {
    /// The bytes that close every line after the 64 hash digits.
    static let hashPrefix: [UInt8] = Array("\"hash\":\"".utf8)
    /// `"hash":"` + 64 hex digits + `"}`.
    static let sealLength = 8 + 64 + 2

    /// Decodes one line (without its newline) into an event, checking the
    /// envelope and the line's own hash. It does not check the chain.
    /// - Throws: ``LineError`` naming what is wrong.
    public static func decode(_ line: UnsafeRawBufferPointer) throws(LineError) -> Event {
        let raw = try RawEnvelope.scan(line)
        try checkSeal(line)
        return try event(from: raw, in: line)
    }

    /// Decodes one line (without its newline) into an event.
    public static func decode(_ line: [UInt8]) throws(LineError) -> Event {
        do {
            return try line.withUnsafeBytes { buffer in try decode(buffer) }
        } catch let error as LineError {
            throw error
        } catch {
            throw LineError("\(error)")
        }
    }

    /// Builds the event of a scanned envelope, parsing `data`.
    static func event(from raw: RawEnvelope, in line: UnsafeRawBufferPointer) throws(LineError) -> Event {
        let timeBytes = raw.time.bytes(in: line)
        guard let time = raw.time.hasEscapes
            ? Timestamp(rfc3339: raw.time.string(in: line)) : Timestamp.parse(timeBytes)
        else { throw LineError("member \"time\" is not an RFC 3339 time") }
        let data: JSONValue
        do {
            data = try JSONParser.parse(UnsafeRawBufferPointer(rebasing: line[raw.data]))
        } catch {
            throw LineError("invalid JSON in \"data\": \(error)")
        }
        return Event(
            specversion: raw.specversion.string(in: line), id: raw.id.string(in: line),
            source: raw.source.string(in: line), type: raw.type.string(in: line), time: time,
            subject: raw.subject.string(in: line), seq: raw.seq, prevhash: raw.prevhash.string(in: line),
            data: data, hash: raw.hash.string(in: line))
    }

    /// The header of a scanned envelope: `seq`, `type` and `time` only
    /// (other strings empty, `data` null), for lines a reader skips.
    static func header(from raw: RawEnvelope, in line: UnsafeRawBufferPointer) throws(LineError) -> Event {
        guard let time = raw.time.hasEscapes
            ? Timestamp(rfc3339: raw.time.string(in: line)) : Timestamp.parse(raw.time.bytes(in: line))
        else { throw LineError("member \"time\" is not an RFC 3339 time") }
        return Event(id: "", source: "", type: raw.type.string(in: line), time: time, subject: "", seq: raw.seq,
                     prevhash: "", data: .null, hash: "")
    }

    /// Checks that the line ends in `"hash":"<64 lowercase hex>"}` and that
    /// those digits are the SHA-256 of every byte before `"hash":"`.
    static func checkSeal(_ line: UnsafeRawBufferPointer) throws(LineError) {
        let digest = try sealedDigestRange(line)
        let computed = SHA256.hash(UnsafeRawBufferPointer(rebasing: line[0..<(digest.lowerBound - 8)]))
        guard computed.matchesHex(UnsafeRawBufferPointer(rebasing: line[digest])) else {
            throw LineError("hash mismatch: the line was changed after it was sealed")
        }
    }

    /// The range of the 64 hash digits at the end of a line, after checking the layout.
    static func sealedDigestRange(_ line: UnsafeRawBufferPointer) throws(LineError) -> Range<Int> {
        let n = line.count
        guard n >= sealLength,
              line[n - 2] == UInt8(ascii: "\""), line[n - 1] == UInt8(ascii: "}"),
              hashPrefix.withUnsafeBytes({ memcmp($0.baseAddress!, line.baseAddress! + (n - sealLength), 8) == 0 })
        else { throw LineError("the line does not end with \"hash\":\"<64 hex digits>\"}") }
        // Eight digits at a time.
        for offset in stride(from: n - 66, to: n - 2, by: 8) {
            let word = UInt64(littleEndian: (line.baseAddress! + offset).loadUnaligned(as: UInt64.self))
            guard Hex.lowercaseEight(word) != nil else { throw LineError("\"hash\" must be 64 lowercase hex digits") }
        }
        return (n - 66)..<(n - 2)
    }

    /// Encodes an event as a sealed line, members in SPEC order, ending in `\n`.
    /// The event's own `hash` is ignored: the returned digest is the new one.
    public static func encode(_ event: Event) -> (line: [UInt8], hash: SHA256Digest) {
        var out: [UInt8] = []
        out.reserveCapacity(768)
        let envelope = Envelope(
            specversion: event.specversion, id: .text(event.id), source: event.source, type: event.type, time: event.time,
            subject: event.subject, seq: event.seq, prevhash: .text(event.prevhash))
        let digest = seal(envelope, into: &out) { JSONWriter.append(event.data, to: &$0) }.hash
        return (out, digest)
    }

    /// The members of a line before `data`, as a writer seals them.
    struct Envelope {
        var specversion: String
        var id: ID
        var source: String
        var type: String
        var time: Timestamp
        var subject: String
        var seq: Int64
        var prevhash: PreviousHash
    }

    /// An event's `id`: any string, or a random UUID's characters.
    enum ID {
        case text(String)
        case uuid(UUIDText)
    }

    /// The previous line's hash: a digest as a writer chains it, or any text (tests encode odd events).
    enum PreviousHash {
        case digest(SHA256Digest)
        case text(String)
    }

    /// Appends one sealed line (members in SPEC order, `\n` included) to `out`.
    /// - Parameter writeData: appends the JSON text of `data`.
    /// - Returns: the line's hash and where `data` is in `out`.
    static func seal(
        _ envelope: Envelope, into out: inout [UInt8], writeData: (inout [UInt8]) -> Void
    ) -> (hash: SHA256Digest, data: Range<Int>) {
        var times = TimeText()
        return seal(envelope, into: &out, times: &times, writeData: writeData)
    }

    /// The text of the last time a writer sealed: a batch's events mostly share one.
    struct TimeText {
        fileprivate var milliseconds = Int64.min
        fileprivate var text: (UInt64, UInt64, UInt64) = (0, 0, 0)

        mutating func append(_ time: Timestamp, to out: inout [UInt8]) {
            withText(of: time) { out.append(contentsOf: $0) }
        }

        /// Calls `body` with the 24 bytes of `time`'s text.
        mutating func withText<Result>(of time: Timestamp, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
            if time.milliseconds != milliseconds {
                milliseconds = time.milliseconds
                withUnsafeMutableBytes(of: &text) { time.write(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<24])) }
            }
            return withUnsafeBytes(of: &text) { body(UnsafeRawBufferPointer(rebasing: $0[0..<24])) }
        }
    }

    /// ``seal(_:into:writeData:)`` reusing the text of the previous line's time.
    static func seal(
        _ envelope: Envelope, into out: inout [UInt8], times: inout TimeText, writeData: (inout [UInt8]) -> Void
    ) -> (hash: SHA256Digest, data: Range<Int>) {
        let start = out.count
        // Most lines: the members before `data` stored at once (see ``writePrefix(_:times:into:)``).
        let written = withUnsafeTemporaryAllocation(byteCount: 1024, alignment: 8) { scratch -> Bool in
            guard let count = writePrefix(envelope, times: &times, into: scratch) else { return false }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[0..<count]))
            return true
        }
        if !written { appendPrefix(envelope, to: &out, times: &times) }
        let dataStart = out.count
        writeData(&out)
        let data = dataStart..<out.count
        out.append(UInt8(ascii: ","))
        let digest = out.withUnsafeBytes { SHA256.hash(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        // `"hash":"<64 hex digits>"}` and the newline.
        withUnsafeTemporaryAllocation(byteCount: sealLength + 1, alignment: 8) { scratch in
            hashPrefix.withUnsafeBytes { scratch.copyMemory(from: $0) }
            digest.writeHex(into: UnsafeMutableRawBufferPointer(rebasing: scratch[8..<72]))
            scratch[72] = UInt8(ascii: "\"")
            scratch[73] = UInt8(ascii: "}")
            scratch[74] = UInt8(ascii: "\n")
            out.append(contentsOf: UnsafeRawBufferPointer(scratch))
        }
        return (digest, data)
    }

    /// Appends the members before `data` one by one, escaping strings as needed.
    static func appendPrefix(_ envelope: Envelope, to out: inout [UInt8], times: inout TimeText) {
        func member(_ name: StaticString, _ first: Bool = false) {
            if !first { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            out.append(contentsOf: "\":".utf8)
        }
        out.append(UInt8(ascii: "{"))
        member("specversion", true); JSONWriter.appendString(envelope.specversion, to: &out)
        member("id")
        switch envelope.id {
        case .text(let text):
            JSONWriter.appendString(text, to: &out)
        case .uuid(let uuid):
            out.append(UInt8(ascii: "\""))
            uuid.withBytes { out.append(contentsOf: $0) }
            out.append(UInt8(ascii: "\""))
        }
        member("source"); JSONWriter.appendString(envelope.source, to: &out)
        member("type"); JSONWriter.appendString(envelope.type, to: &out)
        member("time")
        out.append(UInt8(ascii: "\""))
        times.append(envelope.time, to: &out)
        out.append(UInt8(ascii: "\""))
        member("subject"); JSONWriter.appendString(envelope.subject, to: &out)
        member("seq"); JSONWriter.appendInteger(envelope.seq, to: &out)
        member("prevhash")
        switch envelope.prevhash {
        case .digest(let digest):
            out.append(UInt8(ascii: "\""))
            appendFixed(64, to: &out) { digest.writeHex(into: $0) }
            out.append(UInt8(ascii: "\""))
        case .text(let text):
            JSONWriter.appendString(text, to: &out)
        }
        member("data")
    }

    /// Appends `count` bytes that `write` fills in place.
    private static func appendFixed(
        _ count: Int, to out: inout [UInt8], _ write: (UnsafeMutableRawBufferPointer) -> Void
    ) {
        withUnsafeTemporaryAllocation(byteCount: count, alignment: 1) { scratch in
            write(scratch)
            out.append(contentsOf: UnsafeRawBufferPointer(scratch))
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
