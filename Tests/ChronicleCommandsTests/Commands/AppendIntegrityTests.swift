import Chronicle
import ChronicleCommands
import Foundation
import Testing

@Suite struct AppendIntegrityTests {
    let scratch: ScratchDirectory
    let log: String

    init() throws {
        scratch = try ScratchDirectory()
        log = scratch.file("contoso")
        let first = CommandRun(["append", "-", "--log", log, "--format", "json"], in: scratch.path,
                               stdin: Array(Self.lines(1...3).utf8))
        guard first.status == .ok else { throw CocoaError(.fileWriteUnknown) }
    }

    static func lines(_ numbers: ClosedRange<Int>) -> String {
        numbers.map { #"{"id":"e\#($0)","type":"audit.note","subject":"s\#($0)","data":{"n":\#($0)}}"# }.joined(separator: "\n") + "\n"
    }

    func append(_ text: String) -> CommandRun {
        CommandRun(["append", "-", "--log", log, "--format", "json"], in: scratch.path, stdin: Array(text.utf8))
    }

    func verify(_ directory: String? = nil) -> CommandRun {
        CommandRun(["verify", "--log", directory ?? log, "--format", "json"], in: scratch.path)
    }

    @Test func aBadLineInTheMiddleOfABatchIsNamedAndNothingIsAppended() throws {
        let before = try ScratchDirectory.contents(of: log)
        let run = append(Self.lines(4...4) + #"{"id":"e5","type":"audit.note","subject":"s","data":[]}"# + "\n" + Self.lines(6...6))
        #expect(run.status == .usage)
        #expect(run.stderr == "chronicle: <stdin>:2: member \"data\" must be an object\nhint: nothing was appended\n")
        #expect(try ScratchDirectory.contents(of: log) == before)
    }

    @Test func anEventRefusedByTheWriterInTheMiddleOfABatchIsNamedByItsInputLine() throws {
        let before = try ScratchDirectory.contents(of: log)
        // Blank lines are skipped, so the repeated id is input line 4.
        let run = append(Self.lines(4...4) + "\n\n" + Self.lines(4...4))
        #expect(run.status == .usage)
        #expect(run.stderr.hasPrefix("chronicle: <stdin>:4: id \"e4\" is repeated in the batch\n"), "\(run.stderr)")
        #expect(try ScratchDirectory.contents(of: log) == before)
    }

    @Test func anEventEarlierThanTheHeadIsRefused() throws {
        let run = append(#"{"type":"audit.note","subject":"s","data":{},"time":"2029-12-31T23:59:59Z"}"# + "\n")
        #expect(run.status == .usage)
        #expect(run.stderr.contains("<stdin>:1: time 2029-12-31T23:59:59.000Z is earlier than the previous event's 2030-01-01T12:00:00.000Z"),
                "\(run.stderr)")
    }

    @Test func refusesWithExit3WhenTheLogIsDamagedBeforeItsLastLine() throws {
        let segment = log + "/2030-01-01.jsonl"
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: segment)))
        bytes[28] ^= 0x02  // the first line's id: "e1" becomes "e3"
        try Data(bytes).write(to: URL(fileURLWithPath: segment))
        let before = try ScratchDirectory.contents(of: log)
        let run = append(Self.lines(4...4))
        #expect(run.status == .integrity)
        #expect(run.stderr.hasPrefix("chronicle: 2030-01-01.jsonl:1: hash mismatch"), "\(run.stderr)")
        #expect(try ScratchDirectory.contents(of: log) == before)
        #expect(verify().status == .integrity)
    }

    /// The source of a new log comes from its directory's name; an existing
    /// log keeps its own, whatever its directory is called. Appending to a
    /// copy of a conformance log (`…/log`, source `/orgs/contoso`) used to
    /// write `/orgs/log` lines, which verify rejected.
    @Test func appendsToAnExistingLogUnderItsOwnSourceWhateverItsDirectoryIsCalled() throws {
        let copy = scratch.file("log")
        try FileManager.default.copyItem(atPath: log, toPath: copy)
        let run = CommandRun(["append", "-", "--log", copy, "--format", "json"], in: scratch.path, stdin: Array(Self.lines(4...4).utf8))
        #expect(run.status == .ok, "\(run.stderr)")
        let verification = verify(copy)
        #expect(verification.status == .ok, "\(verification.stderr)")
        let last = try String(contentsOfFile: copy + "/2030-01-01.jsonl", encoding: .utf8).split(separator: "\n").last ?? ""
        #expect(last.contains(#""source":"/orgs/contoso""#))
    }
}
