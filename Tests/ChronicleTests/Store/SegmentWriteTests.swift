import Foundation
import Testing
@testable import Chronicle

/// A batch is written, then synced; a batch that cannot be made durable is
/// undone together with every batch written after it, newest first.
@Suite struct SegmentWriteTests {
    static func segment(_ name: String, _ text: String) -> (name: String, bytes: [UInt8], lines: Int) {
        (name, Array(text.utf8), text.split(separator: "\n").count)
    }

    static func contents(_ log: LogDirectory, _ name: String) -> String? {
        FileManager.default.contents(atPath: log.file(name)).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func undoingTwoUnsyncedBatchesNewestFirstLeavesTheFilesAsTheyWere() throws {
        let scratch = try TemporaryDirectory()
        let log = LogDirectory(path: scratch.path)
        let kept = OpenSegment()
        let first = try SegmentWrite(
            [Self.segment("2030-01-01.jsonl", "a\n")], in: log, kept: kept, syncedElsewhere: true)
        try first.sync(in: log)
        // Two more batches written; the second crosses midnight and creates the next day's segment.
        let second = try SegmentWrite(
            [Self.segment("2030-01-01.jsonl", "b\n")], in: log, kept: kept, syncedElsewhere: true)
        let third = try SegmentWrite(
            [Self.segment("2030-01-01.jsonl", "c\n"), Self.segment("2030-01-02.jsonl", "d\n")], in: log, kept: kept,
            syncedElsewhere: true)
        #expect(Self.contents(log, "2030-01-01.jsonl") == "a\nb\nc\n")
        #expect(Self.contents(log, "2030-01-02.jsonl") == "d\n")
        third.undo(in: log, files: kept)
        second.undo(in: log, files: kept)
        #expect(Self.contents(log, "2030-01-01.jsonl") == "a\n")
        #expect(Self.contents(log, "2030-01-02.jsonl") == nil, "the segment the undone batch created is removed")
        // The writer's kept file was let go: the next batch opens the segment afresh and appends after
        // "a" (synced on this thread, on the writer's own descriptor).
        let fourth = try SegmentWrite(
            [Self.segment("2030-01-01.jsonl", "e\n")], in: log, kept: kept, syncedElsewhere: false)
        try fourth.sync(in: log)
        #expect(Self.contents(log, "2030-01-01.jsonl") == "a\ne\n")
    }

    @Test func aFailedWriteUndoesItsOwnSegmentsAndThrows() throws {
        let scratch = try TemporaryDirectory()
        let log = LogDirectory(path: scratch.path)
        let kept = OpenSegment()
        try SegmentWrite([Self.segment("2030-01-01.jsonl", "a\n")], in: log, kept: kept, syncedElsewhere: false)
            .sync(in: log)
        // The next day's segment cannot be opened for writing: a directory stands in its place.
        try FileManager.default.createDirectory(atPath: log.file("2030-01-02.jsonl"), withIntermediateDirectories: false)
        #expect(throws: LogError.self) {
            try SegmentWrite(
                [Self.segment("2030-01-01.jsonl", "b\n"), Self.segment("2030-01-02.jsonl", "c\n")], in: log, kept: kept,
                syncedElsewhere: true)
        }
        #expect(Self.contents(log, "2030-01-01.jsonl") == "a\n", "the part written before the failure is cut off")
    }
}

extension SegmentWriteTests {
    @Test func aWriteSyncedOnTheWritersThreadLeavesTheKeptFileOpen() throws {
        let scratch = try TemporaryDirectory()
        let log = LogDirectory(path: scratch.path)
        let kept = OpenSegment()
        for text in ["a\n", "b\n", "c\n"] {
            try SegmentWrite([Self.segment("2030-01-01.jsonl", text)], in: log, kept: kept, syncedElsewhere: false)
                .sync(in: log)
        }
        #expect(Self.contents(log, "2030-01-01.jsonl") == "a\nb\nc\n")
        // Still open and counted: one more write lands after the others.
        let (fd, created, size) = try kept.descriptor(for: "2030-01-01.jsonl", in: log)
        #expect(fcntl(fd, F_GETFD) != -1, "the kept descriptor was not closed by the writes")
        #expect(!created)
        #expect(size == 6)
    }
}
