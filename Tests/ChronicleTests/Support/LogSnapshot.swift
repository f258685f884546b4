import Foundation
@testable import Chronicle

/// Every file of a log directory with its bytes, to prove that a refused
/// operation changed nothing.
struct LogSnapshot: Equatable, CustomStringConvertible {
    var files: [String: [UInt8]]

    init(_ directory: LogDirectory) throws {
        files = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            files[name] = Array(try Data(contentsOf: URL(fileURLWithPath: directory.file(name))))
        }
    }

    var description: String {
        files.keys.sorted().map { "\($0): \(files[$0]!.count) bytes" }.joined(separator: ", ")
    }

    /// Names of quarantined torn tails (`<segment>.torn-<unix time>`).
    var tornFiles: [String] { files.keys.filter { $0.contains(".torn-") }.sorted() }
}

/// Reads a whole log back as events, in order, checking nothing but the line format.
enum LogContents {
    static func events(in directory: LogDirectory) throws -> [Event] {
        var events: [Event] = []
        for name in try directory.segmentNames() {
            let data = try Data(contentsOf: URL(fileURLWithPath: directory.file(name)))
            for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) where !line.isEmpty {
                events.append(try EventLine.decode(Array(line)))
            }
        }
        return events
    }

    /// Every line of every segment with where it is: (segment, 1-based line, bytes without `\n`).
    static func lines(in directory: LogDirectory) throws -> [(segment: String, line: Int, bytes: [UInt8])] {
        var lines: [(segment: String, line: Int, bytes: [UInt8])] = []
        for name in try directory.segmentNames() {
            let data = try Data(contentsOf: URL(fileURLWithPath: directory.file(name)))
            var number = 0
            for line in data.split(separator: 0x0A, omittingEmptySubsequences: true) {
                number += 1
                lines.append((name, number, Array(line)))
            }
        }
        return lines
    }
}
