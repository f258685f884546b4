// libFuzzer entry point for Tools/fuzz.sh, compiled together with the
// Chronicle sources (so internal types are visible) by
// `swiftc -sanitize=fuzzer,address`. Not part of the package.
//
// Every input goes through the parsers a log line meets; a broken property
// is a crash, which libFuzzer reports and saves as a reproducer.

@_cdecl("LLVMFuzzerTestOneInput")
public func chronicleLineFuzzTarget(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = count == 0 ? [] : Array(UnsafeBufferPointer(start: start, count: count))
    checkJSON(input)
    checkLine(input)
    if let resealed = resealed(input) { checkLine(resealed) }
    checkDraft(input)
    return 0
}

/// The parser accepts exactly what the validator `verify` uses accepts, and round-trips it.
func checkJSON(_ input: [UInt8]) {
    let validated: Bool = input.withUnsafeBytes { bytes in
        var parser = JSONParser(bytes)
        parser.skipWhitespace()
        do { try parser.skipValue() } catch { return false }
        parser.skipWhitespace()
        return parser.position == bytes.count
    }
    let value: JSONValue
    do throws(JSONError) {
        value = try JSONParser.parse(input)
    } catch {
        precondition(!validated, "the validator accepts what the parser rejects: \(error)")
        precondition(!error.reason.isEmpty && (0...input.count).contains(error.offset), "an unclear JSON error")
        return
    }
    precondition(validated, "the parser accepts what the validator rejects")
    let written = JSONWriter.serialize(value)
    guard let again = try? JSONParser.parse(written) else { preconditionFailure("JSONWriter wrote invalid JSON") }
    precondition(again == value, "writing and parsing again changes the value")
    precondition(JSONWriter.serialize(again) == written, "writing is not stable")
}

/// The line with its hash recomputed, so mutations reach past the seal.
func resealed(_ line: [UInt8]) -> [UInt8]? {
    guard let digits = line.withUnsafeBytes({ try? EventLine.sealedDigestRange($0) }) else { return nil }
    var copy = line
    copy.replaceSubrange(digits, with: Array(SHA256.hash(Array(line[0..<(digits.lowerBound - 8)])).hex.utf8))
    return copy
}

/// decode(encode(event)) is the event; verify's scan and the readers agree.
func checkLine(_ line: [UInt8]) {
    let scanned: Bool = line.withUnsafeBytes { bytes in
        guard let raw = try? RawEnvelope.scan(bytes) else { return false }
        let time = raw.time.bytes(in: bytes)
        return !raw.time.hasEscapes && Timestamp.parse(time) != nil && Timestamp.isCanonical(time)
    }
    do throws(LineError) {
        let event = try EventLine.decode(line)
        let again = try EventLine.decode(Array(EventLine.encode(event).line.dropLast()))
        var expected = event
        expected.hash = again.hash
        precondition(again == expected, "decode(encode(event)) differs")
    } catch {
        precondition(!error.reason.isEmpty, "a line rejected without a reason")
        let sealed = line.withUnsafeBytes { (try? EventLine.checkSeal($0)) != nil }
        precondition(!(scanned && sealed), "verify's scan accepts a sealed line readers reject: \(error.reason)")
    }
}

func checkDraft(_ input: [UInt8]) {
    do throws(LineError) {
        let draft = try EventDraft(line: input)
        precondition(!draft.type.isEmpty, "a draft without a type")
    } catch {
        precondition(!error.reason.isEmpty, "a draft rejected without a reason")
    }
}
