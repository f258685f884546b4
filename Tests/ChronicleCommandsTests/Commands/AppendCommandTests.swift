import Chronicle
import Foundation
import Testing

@Suite struct AppendCommandTests {
    static let created = #"{"type":"secret.created","subject":"s1","time":"2026-11-21T09:00:00Z","data":{"secretId":"s1","kind":"accessKey","owner":"admin","version":1,"hint":"abc","fingerprint":"hmac-sha256:00","expiresAt":null}}"#
    static let rotated = #"{"type":"secret.rotated","subject":"s1","time":"2026-11-21T10:00:00+01:00","data":{"secretId":"s1","version":2,"hint":"def","fingerprint":"hmac-sha256:01","expiresAt":null,"previousValidUntil":null}}"#
    static let earlyNote = #"{"type":"audit.note","subject":"n","time":"2026-11-21T08:00:00Z","data":{}}"#
    static let note = #"{"type":"audit.note","subject":"n","data":{ "text" : "Clé \u00e9" }}"#

    func segmentBytes(_ directory: String) -> [UInt8] {
        let log = directory + "/log"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: log)) ?? []).filter { $0.hasSuffix(".jsonl") }.sorted()
        return names.flatMap { Array(FileManager.default.contents(atPath: log + "/" + $0) ?? Data()) }
    }

    @Test func appendsFillsInTheEnvelopeAndPrintsTheHead() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let input = [Self.created, Self.rotated, Self.note].joined(separator: "\n") + "\n"
        let run = InProcessRun(["append", "--log", "log", "--format", "json"], in: directory.path, stdin: Array(input.utf8))
        #expect(run.exitCode == .ok, "\(run.stderr)")
        #expect(run.json?["appended"] == 3)
        #expect(run.json?["head"]?["seq"] == 3)
        let lines = segmentBytes(directory.path).split(separator: 0x0A).map { Array($0) }
        let events = try lines.map { try EventLine.decode($0) }
        #expect(events.map(\.source) == ["/orgs/log", "/orgs/log", "/orgs/log"])
        #expect(events[1].time == Timestamp(rfc3339: "2026-11-21T09:00:00Z"))
        #expect(events[2].time == Timestamp(milliseconds: 1_795_300_000_000))
        #expect(Set(events.map(\.id)).count == 3)
        // data is kept as given, byte for byte (white space and escapes included).
        #expect(String(decoding: lines[2], as: UTF8.self).contains(#""data":{ "text" : "Clé \u00e9" },"#))
        let verify = InProcessRun(["verify", "--log", "log", "--format", "json"], in: directory.path)
        #expect(verify.exitCode == .ok)
    }

    @Test func aBadLineInTheMiddleAppendsNothingAndIsNamed() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        _ = InProcessRun(["append", "--log", "log"], in: directory.path, stdin: Array((Self.note + "\n").utf8))
        let before = segmentBytes(directory.path)
        let input = [Self.note, Self.created, "{\"type\":\"x\",\"subject\":\"s\"}", Self.note].joined(separator: "\n")
        try Data(input.utf8).write(to: URL(fileURLWithPath: directory.path + "/batch.jsonl"))
        let run = InProcessRun(["append", "batch.jsonl", "--log", "log"], in: directory.path)
        #expect(run.exitCode == .usage)
        #expect(run.stderr.hasPrefix("chronicle: batch.jsonl:3: missing member \"data\""))
        #expect(segmentBytes(directory.path) == before)
    }

    @Test func anEventInvalidAgainstTheStateRejectsTheBatch() {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let run = InProcessRun(["append", "--log", "log"], in: directory.path, stdin: Array((Self.earlyNote + "\n" + Self.rotated).utf8))
        #expect(run.exitCode == .usage)
        #expect(run.stderr.contains("<stdin>:2: secret.rotated"))
        #expect(segmentBytes(directory.path).isEmpty)
    }

    @Test func refusesMembersTheWriterSets() {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let run = InProcessRun(["append", "--log", "log"], in: directory.path,
                               stdin: Array(#"{"type":"x","subject":"s","data":{},"seq":4}"#.utf8))
        #expect(run.exitCode == .usage)
        #expect(run.stderr.contains("member \"seq\" is set by the writer"))
    }

    @Test func aBadLineInALaterBatchKeepsTheBatchesBeforeItAndNamesTheLine() {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var lines = Array(repeating: Self.note, count: 9)
        lines[7] = #"{"type":"audit.note","subject":"n","data":{"a":1,"a":2}}"#
        let run = InProcessRun(["append", "--log", "log", "--batch-size", "3"], in: directory.path,
                               stdin: Array(lines.joined(separator: "\n").utf8))
        #expect(run.exitCode == .usage)
        #expect(run.stderr.hasPrefix("chronicle: <stdin>:8: invalid JSON"), "\(run.stderr)")
        #expect(run.stderr.contains("the 6 events before its batch were appended"), "\(run.stderr)")
        let appended = segmentBytes(directory.path).split(separator: 0x0A)
        #expect(appended.count == 6)
    }

    /// A file is read a few MiB at a time: lines cut by a chunk's end, blank
    /// lines and line numbers must come out as if it were read whole.
    @Test func aFileReadInChunksKeepsEveryLineAndItsNumber() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let padding = String(repeating: "x", count: 900)
        var lines: [String] = []
        for number in 1...12_000 {
            lines.append(number % 1000 == 0 ? "  " : #"{"type":"audit.note","subject":"n\#(number)","data":{"pad":"\#(padding)"}}"#)
        }
        let input = lines.joined(separator: "\n")
        #expect(input.utf8.count > 2 * (4 << 20), "the input spans several chunks")
        try Data(input.utf8).write(to: URL(fileURLWithPath: directory.path + "/big.jsonl"))
        let run = InProcessRun(["append", "big.jsonl", "--log", "log", "--batch-size", "500", "--format", "json"],
                               in: directory.path)
        #expect(run.exitCode == .ok, "\(run.stderr)")
        #expect(run.json?["appended"] == 11_988)
        let events = try segmentBytes(directory.path).split(separator: 0x0A).map { try EventLine.decode(Array($0)) }
        #expect(events.map(\.subject) == (1...12_000).filter { $0 % 1000 != 0 }.map { "n\($0)" })

        // A bad line far into the file is named by its number; so is a line longer than a chunk.
        lines[10_500] = #"{"type":"audit.note","subject":"n","data":{"pad":1e999}}"#
        lines[3] = #"{"type":"audit.note","subject":"n","data":{"pad":"\#(String(repeating: "y", count: 5 << 20))"}}"#
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: directory.path + "/bad.jsonl"))
        let bad = InProcessRun(["append", "bad.jsonl", "--log", "log2", "--batch-size", "500"], in: directory.path)
        #expect(bad.exitCode == .usage)
        #expect(bad.stderr.hasPrefix("chronicle: bad.jsonl:4: line longer than 1 MiB"), "\(bad.stderr)")
        lines[3] = lines[4]
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: directory.path + "/bad.jsonl"))
        let late = InProcessRun(["append", "bad.jsonl", "--log", "log3", "--batch-size", "500"], in: directory.path)
        #expect(late.exitCode == .usage)
        #expect(late.stderr.hasPrefix("chronicle: bad.jsonl:10501: invalid JSON"), "\(late.stderr)")
        #expect(late.stderr.contains("the 10000 events before its batch were appended"), "\(late.stderr)")
    }

    @Test func batchSizeSplitsTheInputIntoDurableBatches() {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let input = Array(repeating: Self.note, count: 5).joined(separator: "\n")
        let run = InProcessRun(["append", "--log", "log", "--batch-size", "2", "--format", "json"], in: directory.path,
                               stdin: Array(input.utf8))
        #expect(run.json?["appended"] == 5)
        let bad = InProcessRun(["append", "--log", "log", "--batch-size", "0"], in: directory.path)
        #expect(bad.exitCode == .usage)
    }
}

@Suite struct CommandLineTests {
    @Test func unknownCommandsAndOptionsAreUsageErrorsWithAHint() {
        let unknown = InProcessRun(["frobnicate"], in: "/tmp")
        #expect(unknown.exitCode == .usage)
        #expect(unknown.stderr == "chronicle: unknown command 'frobnicate'\nhint: see `chronicle --help` for the commands\n")
        let option = InProcessRun(["verify", "--bogus"], in: "/tmp")
        #expect(option.exitCode == .usage)
        #expect(option.stderr.hasPrefix("chronicle: unknown option --bogus for `verify`"))
    }

    @Test func everyCommandAnswersHelp() {
        for command in ["append", "verify", "head", "project", "replay"] {
            let run = InProcessRun([command, "--help"], in: "/tmp")
            #expect(run.exitCode == .ok)
            #expect(run.stdout.contains("usage: chronicle \(command)"))
        }
    }

    @Test func badTimesAndProjectionsAreUsageErrors() {
        #expect(InProcessRun(["project", "secrets", "--at", "yesterday"], in: "/tmp").exitCode == .usage)
        #expect(InProcessRun(["project", "keys"], in: "/tmp").exitCode == .usage)
        #expect(InProcessRun(["replay", "--day", "2026-13-01"], in: "/tmp").exitCode == .usage)
        #expect(InProcessRun(["replay", "--day", "2026-11-21", "--from", "2026-11-21T00:00:00Z"], in: "/tmp").exitCode == .usage)
        #expect(InProcessRun(["verify", "--format", "xml"], in: "/tmp").exitCode == .usage)
    }

    @Test func aMissingLogIsAnInputError() {
        let run = InProcessRun(["verify", "--log", "/nonexistent/log"], in: "/tmp")
        #expect(run.exitCode == .usage)
        #expect(run.stderr.hasPrefix("chronicle: no log directory at /nonexistent/log"))
    }

    @Test func theLogComesFromTheEnvironmentWhenNotGiven() {
        let run = InProcessRun(["verify"], in: "/tmp", environment: ["CHRONICLE_LOG": "/nonexistent/env-log"])
        #expect(run.stderr.contains("/nonexistent/env-log"))
    }
}
