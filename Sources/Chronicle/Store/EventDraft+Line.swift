#if canImport(Glibc)
import Glibc
#endif

extension EventDraft {
    /// Parses one `append` input line: a JSON object with `type`, `subject`
    /// and `data` (an object), optionally `id`, `time` (any RFC 3339),
    /// `source` and `specversion`, and none of `seq`, `prevhash`, `hash`.
    public init(line: [UInt8]) throws(LineError) {
        try self.init(line: line[...], scratch: DraftScratch())
    }

    /// Parses one `append` input line, keeping `data` as a slice of it
    /// (see ``init(line:)``).
    ///
    /// The whole line is validated as strictly as the parser does (UTF-8,
    /// nesting, duplicate names, numbers), but only the top-level members
    /// are built: `data` is kept as its JSON text, which the writer copies
    /// into the sealed line. A decision's or rejection's `data` is checked
    /// here too (see ``checkedStep``).
    /// - Parameter scratch: reused from line to line by one thread.
    package init(line: ArraySlice<UInt8>, scratch: DraftScratch) throws(LineError) {
        self = try line.withUnsafeBytes { buffer in
            Result { () throws(LineError) in try EventDraft(line: buffer, in: line, scratch: scratch) }
        }.get()
    }

    private init(line: UnsafeRawBufferPointer, in slice: ArraySlice<UInt8>, scratch: DraftScratch) throws(LineError) {
        guard line.count <= SegmentLineReader.maximumLineLength else {
            throw LineError("line longer than 1 MiB (\(line.count) bytes)")
        }
        let members: TopLevelMembers?
        do {
            members = try TopLevelMembers(line, tape: scratch.tape)
        } catch {
            throw LineError("invalid JSON: \(error)")
        }
        guard let members else { throw LineError("not a JSON object") }
        if let misplaced = members.misplaced {
            switch misplaced {
            case "seq", "prevhash", "hash": throw LineError("member \"\(misplaced)\" is set by the writer and must be absent")
            default: throw LineError("unexpected member \"\(misplaced)\"")
            }
        }
        func string(_ key: String, _ member: TopLevelMembers.Member?, required: Bool) throws(LineError) -> String? {
            switch member {
            case nil where !required: return nil
            case .string(let text)?: return text
            case nil: throw LineError("missing member \"\(key)\"")
            default: throw LineError("member \"\(key)\" must be a string")
            }
        }
        guard let type = try string("type", members.type, required: true), !type.isEmpty else {
            throw LineError("type is empty")
        }
        let subject = try string("subject", members.subject, required: true) ?? ""
        guard let data = members.data else { throw LineError("missing member \"data\"") }
        guard line[data.lowerBound] == UInt8(ascii: "{") else { throw LineError("member \"data\" must be an object") }
        let id = try string("id", members.id, required: false)
        let source = try string("source", members.source, required: false)
        let specversion = try string("specversion", members.specversion, required: false)
        if let specversion, specversion != "1.0" { throw LineError("specversion must be \"1.0\"") }
        var time: Timestamp?
        if let text = try string("time", members.time, required: false) {
            guard let parsed = Timestamp(rfc3339: text) else { throw LineError("time is not an RFC 3339 time") }
            time = parsed
        }
        let known = EventType.named(type)
        var checkedStep: FoldStep?
        if known == .accessDecided || known == .tokenRejected {
            let text = UnsafeRawBufferPointer(rebasing: line[data])
            if members.dataIndexed || scratch.tape.index(text) {
                checkedStep = scratch.tape.withRoot(text) {
                    FoldStep(type: type, known: known, data: $0, time: Timestamp(milliseconds: 0))
                }
            }
        }
        let base = slice.startIndex
        self.init(type: type, subject: subject, dataText: slice[(base + data.lowerBound)..<(base + data.upperBound)],
                  checkedStep: checkedStep, id: id, time: time, source: source, specversion: specversion)
    }
}

/// What parsing `append` input lines reuses from line to line on one thread.
package final class DraftScratch {
    let tape = JSONTape()
    package init() {}
}

/// The top-level members of an `append` input line, read in one validating
/// pass: the envelope strings built, `data` located but not built.
private struct TopLevelMembers {
    /// A string member's value, or a hint that it has another JSON type.
    enum Member {
        case string(String)
        case notString
    }

    var specversion: Member?
    var id: Member?
    var source: Member?
    var type: Member?
    var time: Member?
    var subject: Member?
    /// Where the value of `data` is.
    var data: Range<Int>?
    /// Whether the tape given to ``init(_:tape:)`` holds the index of `data`.
    var dataIndexed = false
    /// The first member that must not be there (`seq`, `prevhash`, `hash` or an unknown name).
    var misplaced: String?

    /// Validates `line` as one JSON text and reads its top-level members;
    /// `data` is indexed on `tape` in the same pass when it can be.
    /// - Returns: nil when the text is valid JSON but not an object.
    /// - Throws: what the parser finds wrong, as it would while building the tree.
    init?(_ line: UnsafeRawBufferPointer, tape: JSONTape) throws(JSONError) {
        var parser = JSONParser(line)
        parser.skipWhitespace()
        guard parser.position < line.count, line[parser.position] == UInt8(ascii: "{") else {
            try parser.skipValue()
            try parser.expectEnd()
            return nil
        }
        parser.position += 1
        parser.skipWhitespace()
        if parser.position < line.count, line[parser.position] == UInt8(ascii: "}") {
            parser.position += 1
            try parser.expectEnd()
            return
        }
        var seen: UInt8 = 0
        var otherNames: [String] = []
        while true {
            parser.skipWhitespace()
            guard parser.position < line.count, line[parser.position] == UInt8(ascii: "\"") else {
                throw parser.error("expected a member name in quotes")
            }
            let nameOffset = parser.position
            let hasEscapes = try parser.skipString()
            let raw = UnsafeRawBufferPointer(rebasing: line[(nameOffset + 1)..<(parser.position - 1)])
            // Names are compared as code points (RFC 8259), as the parser does.
            let unescaped = hasEscapes ? JSONParser.unescape(raw) : nil
            let name = unescaped.map { text in Array(text.utf8).withUnsafeBytes(Name.init) } ?? Name(raw)
            if let name {
                guard seen & name.bit == 0 else {
                    throw JSONError(offset: nameOffset, reason: "duplicate member \"\(name.rawValue)\"")
                }
                seen |= name.bit
            } else {
                let text = unescaped ?? String(decoding: raw, as: UTF8.self)
                if otherNames.contains(where: { $0.utf8.elementsEqual(text.utf8) }) {
                    throw JSONError(offset: nameOffset, reason: "duplicate member \"\(text)\"")
                }
                otherNames.append(text)
                if misplaced == nil { misplaced = text }
            }
            parser.skipWhitespace()
            try parser.expect(UInt8(ascii: ":"), "expected ':' after a member name")
            parser.skipWhitespace()
            switch name {
            case .specversion?: specversion = try Self.member(&parser)
            case .id?: id = try Self.member(&parser)
            case .source?: source = try Self.member(&parser)
            case .type?: type = try Self.member(&parser)
            case .time?: time = try Self.member(&parser)
            case .subject?: subject = try Self.member(&parser)
            case .data?:
                let start = parser.position
                if let length = tape.indexValidating(UnsafeRawBufferPointer(rebasing: line[start...]), depth: 1) {
                    parser.position = start + length
                    dataIndexed = true
                } else {
                    try parser.skipValue(depth: 1)
                    dataIndexed = false
                }
                data = start..<parser.position
            case nil:
                try parser.skipValue(depth: 1)
            }
            parser.skipWhitespace()
            guard parser.position < line.count else { throw parser.error("unexpected end of input inside an object") }
            if line[parser.position] == UInt8(ascii: ",") { parser.position += 1; continue }
            if line[parser.position] == UInt8(ascii: "}") { parser.position += 1; break }
            throw parser.error("expected ',' or '}' in an object")
        }
        try parser.expectEnd()
    }

    /// The members an input line may have.
    enum Name: String, CaseIterable {
        case specversion, id, source, type, time, subject, data

        /// The member `bytes` (a name without escapes) spells, if any.
        init?(_ bytes: UnsafeRawBufferPointer) {
            let candidate: Name
            switch (bytes.count, bytes.first) {
            case (11, UInt8(ascii: "s")): candidate = .specversion
            case (2, UInt8(ascii: "i")): candidate = .id
            case (6, UInt8(ascii: "s")): candidate = .source
            case (4, UInt8(ascii: "t")): candidate = bytes[1] == UInt8(ascii: "y") ? .type : .time
            case (7, UInt8(ascii: "s")): candidate = .subject
            case (4, UInt8(ascii: "d")): candidate = .data
            default: return nil
            }
            let matches = candidate.rawValue.utf8.withContiguousStorageIfAvailable {
                memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0
            } ?? candidate.rawValue.utf8.elementsEqual(bytes)
            guard matches else { return nil }
            self = candidate
        }

        var bit: UInt8 {
            switch self {
            case .specversion: 1
            case .id: 2
            case .source: 4
            case .type: 8
            case .time: 16
            case .subject: 32
            case .data: 64
            }
        }
    }

    /// A member value: a string is built, anything else validated and skipped.
    private static func member(_ parser: inout JSONParser) throws(JSONError) -> Member {
        if parser.position < parser.bytes.count, parser.bytes[parser.position] == UInt8(ascii: "\"") {
            return .string(try parser.parseString())
        }
        try parser.skipValue(depth: 1)
        return .notString
    }
}
