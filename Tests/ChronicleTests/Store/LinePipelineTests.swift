import Foundation
import Testing
@testable import Chronicle

@Suite struct LinePipelineTests {
    /// Every line of `path` as ``SegmentLineReader`` hands it out, with its number.
    private func referenceLines(_ path: String) throws -> (lines: [(Int, [UInt8])], torn: SegmentLineReader.TornTail?) {
        var lines: [(Int, [UInt8])] = []
        let torn = try SegmentLineReader.forEachLine(path: path, fileName: "segment") { position, line in
            lines.append((position.line, Array(line)))
        }
        return (lines, torn)
    }

    /// Every line through a pipeline whose prepare copies the line.
    private func pipelineLines(_ path: String, _ options: LinePipelineOptions, stopAfter: Int = .max) throws
        -> (lines: [(Int, [UInt8])], outcome: LinePipeline<[UInt8]>.Outcome)
    {
        var lines: [(Int, [UInt8])] = []
        let pipeline = LinePipeline<[UInt8]>(options) { line, _ in Array(line) }
        let outcome = try pipeline.run(path: path, fileName: "segment") { prepared, line, number throws(LogError) in
            #expect(Array(line) == prepared)
            lines.append((number, prepared))
            return lines.count < stopAfter
        }
        return (lines, outcome)
    }

    @Test(arguments: [(1, 2_000), (2, 2_000), (3, 3_000), (2, 4 << 20)])
    func handsOutEveryLineInOrderAcrossChunks(workers: Int, chunkSize: Int) throws {
        let segment = try #require(ConformanceFiles.segments(of: "contoso-9001").first).path
        let reference = try referenceLines(segment)
        let (lines, outcome) = try pipelineLines(segment, LinePipelineOptions(workers: workers, chunkSize: chunkSize))
        #expect(lines.count == reference.lines.count)
        #expect(lines.map(\.0) == reference.lines.map(\.0))
        #expect(lines.map(\.1) == reference.lines.map(\.1))
        #expect(outcome.tornTail == nil && !outcome.stopped)
    }

    @Test func returnsATornTailLikeTheLineReader() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("2030-01-01.jsonl")
        let segment = try #require(ConformanceFiles.segments(of: "contoso-9001").first)
        var bytes = try Data(contentsOf: segment)
        bytes.append(contentsOf: Array(#"{"specversion":"1.0","id":"#.utf8))
        try bytes.write(to: URL(fileURLWithPath: path))
        let reference = try referenceLines(path)
        for chunkSize in [2_500, 4 << 20] {
            let (lines, outcome) = try pipelineLines(path, LinePipelineOptions(workers: 2, chunkSize: chunkSize))
            #expect(lines.count == reference.lines.count)
            #expect(outcome.tornTail == reference.torn)
        }
    }

    @Test func stopsWhenAskedAndLeavesNothingBehind() throws {
        let segment = try #require(ConformanceFiles.segments(of: "contoso-9001").first).path
        let (lines, outcome) = try pipelineLines(segment, LinePipelineOptions(workers: 2, chunkSize: 2_000), stopAfter: 7)
        #expect(lines.count == 7)
        #expect(outcome.stopped)
    }

    @Test func reportsALineTooLongAfterTheLinesBeforeIt() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("2030-01-01.jsonl")
        var bytes = Array("short\nline\n".utf8)
        bytes += Array(repeating: UInt8(ascii: "x"), count: SegmentLineReader.maximumLineLength + 1) + [0x0A]
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var seen: [Int] = []
        let pipeline = LinePipeline<Int>(LinePipelineOptions(workers: 2)) { line, _ in line.count }
        #expect {
            _ = try pipeline.run(path: path, fileName: "2030-01-01.jsonl") { _, _, number throws(LogError) in
                seen.append(number)
                return true
            }
        } throws: { error in
            (error as? LogError).map { "\($0)".contains("2030-01-01.jsonl:3") && "\($0)".contains("longer than 1 MiB") } ?? false
        }
        #expect(seen == [1, 2])
    }

    @Test func consumesTheLinesOfAChunkBeforeALineTooLongInIt() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("2030-01-01.jsonl")
        // 6,000 lines of 1,000 bytes: the second 4 MiB chunk holds the last 1,806 of them, then
        // more than 1 MiB of a line that never ends there.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(6_000_000 + (2 << 20))
        for _ in 1...6_000 { bytes += Array(repeating: UInt8(ascii: "a"), count: 999) + [0x0A] }
        bytes += Array(repeating: UInt8(ascii: "x"), count: 2 << 20) + [0x0A]
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var last = 0
        let pipeline = LinePipeline<Int>(LinePipelineOptions(workers: 2)) { line, _ in line.count }
        #expect {
            _ = try pipeline.run(path: path, fileName: "2030-01-01.jsonl") { _, _, number throws(LogError) in
                last = number
                return true
            }
        } throws: { error in
            (error as? LogError).map { $0.line == 6_001 && $0.reason.contains("longer than 1 MiB") } ?? false
        }
        #expect(last == 6_000)
    }
}
