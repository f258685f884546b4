import ChronicleTesting
import Foundation
import Testing
@testable import Chronicle

#if canImport(Glibc)
import Glibc
#endif

/// Damage to a sealed log, byte by byte and line by line, must be caught by
/// `ChainVerifier.verify` at the first damaged `file:line`. The log: 240
/// events over three UTC days, written through `LogWriter`.
///
/// The suite samples a few changes of every byte class at every kind of
/// line position; `CHRONICLE_TAMPER_SAMPLES` raises the sample,
/// `CHRONICLE_TAMPER_SAMPLES=all` changes every byte of every line
/// (`Tools/tamper.sh`). Truncation at a line boundary leaves a valid chain:
/// it is caught against a recorded head and by the checkpoints.
@Suite struct TamperDetectionTests {
    /// One line of the pristine log.
    struct Line {
        var segment: String
        /// 1-based, in its segment.
        var number: Int
        /// 0-based, in the whole log.
        var ordinal: Int
        var bytes: [UInt8]  // with its newline
        /// What each byte is part of.
        var classes: [ByteClass]
    }

    /// What a byte of a line is part of.
    enum ByteClass: String, CaseIterable {
        case structure, specversion, id, source, type, time, subject, seq, prevhash, data, hash, newline
    }

    /// Where a line sits: detection must not depend on it.
    enum LinePosition: String, CaseIterable {
        case firstOfLog, firstOfSegment, middle, lastOfSegment, lastOfLog
    }

    let scratch: TemporaryDirectory
    let pristine: LogDirectory
    let lines: [Line]
    let segments: [String]
    let recordedHead: ChainHead

    init() throws {
        scratch = try TemporaryDirectory("tamper")
        pristine = LogDirectory(path: scratch.file("pristine"))
        let events = try LogFixtures.makeLog(in: pristine, count: 240, days: 3)
        recordedHead = ChainHead(seq: events.last!.seq, hash: events.last!.hash, time: events.last!.time)
        segments = try pristine.segmentNames()
        var lines: [Line] = []
        for segment in segments {
            let data = Array(try Data(contentsOf: URL(fileURLWithPath: pristine.file(segment))))
            var start = 0
            for (number, end) in data.indices.filter({ data[$0] == 0x0A }).enumerated() {
                let bytes = Array(data[start...end])
                lines.append(Line(segment: segment, number: number + 1, ordinal: lines.count, bytes: bytes, classes: Self.classes(of: bytes)))
                start = end + 1
            }
        }
        self.lines = lines
    }

    static var samples: Int? {
        let text = ProcessInfo.processInfo.environment["CHRONICLE_TAMPER_SAMPLES"]
        return text == "all" ? nil : text.flatMap(Int.init) ?? 2
    }

    func position(of line: Line) -> LinePosition {
        if line.ordinal == 0 { return .firstOfLog }
        if line.ordinal == lines.count - 1 { return .lastOfLog }
        if line.number == 1 { return .firstOfSegment }
        if lines[line.ordinal + 1].segment != line.segment { return .lastOfSegment }
        return .middle
    }

    /// The class of every byte of a line written by `EventLine.encode`.
    static func classes(of bytes: [UInt8]) -> [ByteClass] {
        var classes = [ByteClass](repeating: .structure, count: bytes.count)
        classes[bytes.count - 1] = .newline
        let names: [(String, ByteClass)] = [("specversion", .specversion), ("id", .id), ("source", .source), ("type", .type),
                                            ("time", .time), ("subject", .subject), ("seq", .seq), ("prevhash", .prevhash),
                                            ("data", .data), ("hash", .hash)]
        func find(_ needle: [UInt8], from start: Int) -> Int? {
            guard needle.count <= bytes.count else { return nil }
            return (start...(bytes.count - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
        }
        var starts: [Int] = []
        var cursor = 0
        for (name, _) in names {
            let key = Array("\"\(name)\":".utf8)
            let at = name == "hash" ? bytes.count - 1 - 66 - key.count - 1 : find(key, from: cursor)!
            starts.append(at + key.count)
            cursor = at + key.count
        }
        for (index, (_, byteClass)) in names.enumerated() {
            let end = index + 1 < names.count ? starts[index + 1] - Array("\"\(names[index + 1].0)\":".utf8).count - 1 : bytes.count - 3
            var valueStart = starts[index], valueEnd = end
            if bytes[valueStart] == UInt8(ascii: "\"") { valueStart += 1; valueEnd -= 1 }  // strings: inside the quotes
            for offset in valueStart...valueEnd where offset < bytes.count - 1 { classes[offset] = byteClass }
        }
        return classes
    }

    // MARK: - Checking one damaged log

    struct Tally: CustomStringConvertible {
        var tried = 0, detected = 0
        var description: String { "\(detected)/\(tried)" }
    }

    /// Verifies the log in `directory` and checks the failure is where expected.
    func expectDetected(in directory: LogDirectory, at expected: (segment: String, line: Int), _ what: @autoclosure () -> String,
                        tally: inout Tally)
    {
        tally.tried += 1
        let failure = ChainVerifier.verify(directory).failure
        if let failure, failure.kind == .integrity, failure.file == expected.segment, failure.line == expected.line,
           !failure.reason.isEmpty
        {
            tally.detected += 1
        } else {
            Issue.record("\(what()): expected a failure at \(expected.segment):\(expected.line), got \(failure.map { "\($0)" } ?? "none")")
        }
    }

    // MARK: - Single bytes

    @Test func everyChangedByteIsCaughtOnItsOwnLine() throws {
        let work = LogDirectory(path: scratch.file("bytes"))
        try FileManager.default.copyItem(atPath: pristine.path, toPath: work.path)
        var random = SeededRandom(seed: TestScale.seed ^ 0xB17E)
        var tally = Tally()
        var byClass: [ByteClass: Tally] = [:]
        var targets: [(line: Line, offset: Int)] = []
        if let samples = Self.samples {
            // A few bytes of each class on lines of each kind of position.
            for position in LinePosition.allCases {
                let candidates = lines.filter { self.position(of: $0) == position }
                for byteClass in ByteClass.allCases {
                    for _ in 0..<samples {
                        let line = candidates.randomElement(using: &random)!
                        let offsets = line.classes.indices.filter { line.classes[$0] == byteClass }
                        targets.append((line, offsets.randomElement(using: &random)!))
                    }
                }
            }
        } else {
            targets = lines.flatMap { line in line.bytes.indices.map { (line, $0) } }
        }
        // Every one of the 255 other values at one byte of each class of the first line (of
        // the first two lines in the full run); in the suite, 32 of them for the value classes.
        var exhaustive: [(line: Line, offset: Int, value: UInt8)] = []
        for line in lines.prefix(Self.samples == nil ? 2 : 1) {
            let classes = line.classes
            for byteClass in ByteClass.allCases {
                let offset = classes.indices.filter { classes[$0] == byteClass }.randomElement(using: &random)!
                var values = (0...255).map(UInt8.init).filter { $0 != line.bytes[offset] }
                if Self.samples != nil, ![.structure, .newline, .hash, .seq].contains(byteClass) {
                    values = Array(values.shuffled(using: &random).prefix(32))
                }
                exhaustive += values.map { (line, offset, $0) }
            }
        }
        let changes = targets.map { target -> (Line, Int, UInt8) in
            var value = UInt8.random(in: 0...255, using: &random)
            while value == target.line.bytes[target.offset] { value = UInt8.random(in: 0...255, using: &random) }
            return (target.line, target.offset, value)
        } + exhaustive
        var fileOffsets: [String: Int] = [:]  // where each line starts in its file
        var lineStart: [Int: Int] = [:]
        for line in lines {
            lineStart[line.ordinal] = fileOffsets[line.segment, default: 0]
            fileOffsets[line.segment, default: 0] += line.bytes.count
        }
        for (line, offset, value) in changes {
            let fd = open(work.file(line.segment), O_WRONLY)
            defer { close(fd) }
            let at = off_t(lineStart[line.ordinal]! + offset)
            var byte = value
            _ = pwrite(fd, &byte, 1, at)
            let byteClass = line.classes[offset]
            var classTally = byClass[byteClass, default: Tally()]
            expectDetected(in: work, at: (line.segment, line.number),
                           "byte \(offset) (\(byteClass)) of \(line.segment):\(line.number) set to \(value)", tally: &classTally)
            byClass[byteClass] = classTally
            tally.tried += 1
            tally.detected = byClass.values.reduce(0) { $0 + $1.detected }
            byte = line.bytes[offset]
            _ = pwrite(fd, &byte, 1, at)
        }
        tally.tried = byClass.values.reduce(0) { $0 + $1.tried }
        #expect(ChainVerifier.verify(work).isValid, "the work copy was restored")
        print("tamper: single bytes \(tally) detected at the right line; by class: "
              + ByteClass.allCases.map { "\($0.rawValue) \(byClass[$0].map(\.description) ?? "-")" }.joined(separator: ", "))
    }

    // MARK: - Whole lines

    /// A log rearranged from the pristine lines, and where verify must first fail.
    struct Rearrangement {
        var kind: String
        var name: String
        var segments: [(name: String, lines: [Line])]
    }

    /// The first position whose line is not the pristine line of that rank, or sits in another day's segment.
    static func firstDamage(in rearranged: Rearrangement) -> (segment: String, line: Int)? {
        var rank = 0
        for (name, lines) in rearranged.segments {
            for (index, line) in lines.enumerated() {
                if line.ordinal != rank || line.segment != name { return (name, index + 1) }
                rank += 1
            }
        }
        return nil
    }

    func write(_ rearranged: Rearrangement, to directory: LogDirectory) throws {
        try? FileManager.default.removeItem(atPath: directory.path)
        try FileManager.default.createDirectory(atPath: directory.path, withIntermediateDirectories: true)
        for (name, lines) in rearranged.segments {
            try Data(lines.flatMap(\.bytes)).write(to: URL(fileURLWithPath: directory.file(name)))
        }
    }

    var segmentsOfLines: [(name: String, lines: [Line])] {
        segments.map { name in (name, lines.filter { $0.segment == name }) }
    }

    /// Lines chosen to cover every kind of position, plus a seeded sample.
    func sampleOrdinals(_ random: inout SeededRandom, count: Int?) -> [Int] {
        guard let count else { return Array(lines.indices) }
        var chosen = Set(LinePosition.allCases.compactMap { position in lines.first { self.position(of: $0) == position }?.ordinal })
        chosen.formUnion(lines.filter { position(of: $0) == .lastOfSegment || position(of: $0) == .firstOfSegment }.map(\.ordinal))
        while chosen.count < count * 4 + 8 { chosen.insert(Int.random(in: lines.indices, using: &random)) }
        return chosen.sorted()
    }

    @Test func deletedSwappedDuplicatedAndMovedLinesAreCaughtAtTheFirstDamagedLine() throws {
        var random = SeededRandom(seed: TestScale.seed ^ 0x11E5)
        let ordinals = sampleOrdinals(&random, count: Self.samples)
        var rearrangements: [Rearrangement] = []
        func locate(_ ordinal: Int) -> (segment: Int, index: Int) {
            let line = lines[ordinal]
            let segment = segments.firstIndex(of: line.segment)!
            return (segment, line.number - 1)
        }
        for ordinal in ordinals {
            let (s, i) = locate(ordinal)
            if ordinal < lines.count - 1 {  // deleting the last line is a truncation (below)
                var deleted = segmentsOfLines
                deleted[s].lines.remove(at: i)
                rearrangements.append(Rearrangement(kind: "deleted", name: "line \(ordinal + 1) deleted", segments: deleted))
            }
            var duplicated = segmentsOfLines
            duplicated[s].lines.insert(lines[ordinal], at: i + 1)
            rearrangements.append(Rearrangement(kind: "repeated", name: "line \(ordinal + 1) repeated", segments: duplicated))
            if ordinal + 1 < lines.count {
                let (t, j) = locate(ordinal + 1)
                var swapped = segmentsOfLines
                swapped[s].lines[i] = lines[ordinal + 1]
                swapped[t].lines[j] = lines[ordinal]
                rearrangements.append(Rearrangement(kind: "adjacent swapped", name: "lines \(ordinal + 1) and \(ordinal + 2) swapped", segments: swapped))
                let far = Int.random(in: (ordinal + 1)..<lines.count, using: &random)
                let (u, k) = locate(far)
                var exchanged = segmentsOfLines
                exchanged[s].lines[i] = lines[far]
                exchanged[u].lines[k] = lines[ordinal]
                rearrangements.append(Rearrangement(kind: "distant swapped", name: "lines \(ordinal + 1) and \(far + 1) swapped", segments: exchanged))
            }
            // Moved to another segment, at its start, end, or a random place.
            for target in segments.indices where target != s {
                var moved = segmentsOfLines
                moved[s].lines.remove(at: i)
                let at = [0, moved[target].lines.count, Int.random(in: 0...moved[target].lines.count, using: &random)]
                    .randomElement(using: &random)!
                moved[target].lines.insert(lines[ordinal], at: at)
                rearrangements.append(Rearrangement(kind: "moved to another segment", name: "line \(ordinal + 1) moved to \(segments[target]) at \(at + 1)", segments: moved))
            }
        }
        // The day boundary itself: the last line of a day moved to the start of the next keeps the chain intact.
        for (s, segment) in segmentsOfLines.enumerated().dropLast() {
            var moved = segmentsOfLines
            let line = moved[s].lines.removeLast()
            moved[s + 1].lines.insert(line, at: 0)
            rearrangements.append(Rearrangement(kind: "moved across midnight", name: "last line of \(segment.name) moved to the next day", segments: moved))
        }
        let work = LogDirectory(path: scratch.file("lines"))
        var tally = Tally()
        var kinds: [String: Tally] = [:]
        for rearrangement in rearrangements {
            let kind = rearrangement.kind
            guard let expected = Self.firstDamage(in: rearrangement) else {
                Issue.record("\(rearrangement.name) changes nothing: a bad test case")
                continue
            }
            try write(rearrangement, to: work)
            var kindTally = kinds[kind, default: Tally()]
            expectDetected(in: work, at: expected, rearrangement.name, tally: &kindTally)
            kinds[kind] = kindTally
        }
        tally.tried = kinds.values.reduce(0) { $0 + $1.tried }
        tally.detected = kinds.values.reduce(0) { $0 + $1.detected }
        print("tamper: whole lines \(tally) detected at the first damaged line; "
              + kinds.keys.sorted().map { "\($0) \(kinds[$0]!)" }.joined(separator: ", "))
    }

    // MARK: - Truncation

    /// Cutting whole lines off the end leaves a valid, shorter chain: only
    /// something kept outside the log (a published head, a checkpoint) shows it.
    @Test(arguments: [1, 2, 80, 81, 239])
    func truncationAtALineBoundaryIsCaughtAgainstTheRecordedHead(cut: Int) throws {
        var truncated = segmentsOfLines
        var remaining = cut
        while remaining > 0 {
            let take = min(remaining, truncated[truncated.count - 1].lines.count)
            truncated[truncated.count - 1].lines.removeLast(take)
            remaining -= take
            if truncated[truncated.count - 1].lines.isEmpty { truncated.removeLast() }
        }
        let work = LogDirectory(path: scratch.file("truncated"))
        try write(Rearrangement(kind: "truncated", name: "cut \(cut)", segments: truncated), to: work)
        let verification = ChainVerifier.verify(work)
        #expect(verification.isValid, "a truncated chain is still a valid chain")
        #expect(verification.head != recordedHead, "the head published before the cut differs")
        #expect(verification.head?.seq == recordedHead.seq - Int64(cut))
    }

    /// With checkpoints (SPEC §6) the cut is caught inside the log directory:
    /// `verify --keyring` finds a checkpoint past the log's end. The writer
    /// closes each UTC day with a checkpoint and one more seals the head.
    @Test(arguments: [(1, 3, 240), (2, 3, 240), (81, 2, 160), (160, 2, 160), (161, 1, 80), (239, 1, 80)])
    func truncationAtALineBoundaryIsCaughtByTheCheckpoints(cut: Int, checkpointLine: Int, checkpointSeq: Int) throws {
        let chronicle = try TestExecutables.chronicle()
        let keyring = Keyring(auditSalt: Array("tamper-salt".utf8), auditKey: Array("tamper-audit-key".utf8))
        let keyringPath = scratch.file("keyring.json")
        try Data(#"{"auditSalt":"tamper-salt","auditKey":"tamper-audit-key","secrets":{}}"#.utf8)
            .write(to: URL(fileURLWithPath: keyringPath))
        #expect(chmod(keyringPath, 0o600) == 0)
        let log = LogDirectory(path: scratch.file("checkpointed"))
        let writer = try LogWriter(directory: log, follower: AcceptingFollower(), source: "/orgs/test",
                                   checkpointMAC: { keyring.checkpointMAC(seq: $0, hash: $1) })
        try writer.append(lines.map { try EventLine.decode(Array($0.bytes.dropLast())) }.map {
            EventDraft(type: $0.type, subject: $0.subject, data: $0.data, id: $0.id, time: $0.time)
        }, now: LogFixtures.start)
        _ = try writer.checkpoint()
        func verify() throws -> ProcessResult {
            try ChildProcess.run(chronicle, ["verify", "--keyring", keyringPath, "--log", log.path, "--format", "json"],
                                 scratch: scratch)
        }
        let intact = try verify()
        #expect(intact.status == 0, "\(intact.stderr)")

        // The same events as the pristine log, so the same lines: keep the first 240 - cut.
        #expect(try LogSnapshot(log).files[segments[0]] == lines.filter { $0.segment == segments[0] }.flatMap(\.bytes))
        let kept = lines.prefix(240 - cut)
        for segment in segments {
            let bytes = kept.filter { $0.segment == segment }.flatMap(\.bytes)
            if bytes.isEmpty {
                try FileManager.default.removeItem(atPath: log.file(segment))  // the whole day goes
            } else {
                try Data(bytes).write(to: URL(fileURLWithPath: log.file(segment)))
            }
        }
        #expect(ChainVerifier.verify(log).head?.seq == Int64(240 - cut), "plain verify passes the shorter chain")
        let cutShort = try verify()
        #expect(cutShort.status == 3)
        #expect(cutShort.stderr.hasPrefix(
            "chronicle: checkpoints.jsonl:\(checkpointLine): checkpoint seq \(checkpointSeq) lies past the end of the log (head seq \(240 - cut))"),
            "\(cutShort.stderr)")
    }
}
