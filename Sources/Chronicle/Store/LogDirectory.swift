import Foundation

/// The files of one log directory (SPEC §1): day segments
/// `YYYY-MM-DD.jsonl`, the writers' `.lock` and `checkpoints.jsonl`.
/// Nothing else in the directory is part of the log.
public struct LogDirectory: Sendable, Equatable {
    /// The directory's path.
    public var path: String

    public init(path: String) { self.path = path }

    public static let lockFileName = ".lock"
    public static let checkpointsFileName = "checkpoints.jsonl"

    /// The segment file name for the UTC day of `time`.
    public static func segmentName(for time: Timestamp) -> String { time.dayString + ".jsonl" }

    /// Whether `name` has the form `YYYY-MM-DD.jsonl` of a real date.
    public static func isSegmentName(_ name: String) -> Bool {
        guard name.utf8.count == 16, name.hasSuffix(".jsonl") else { return false }
        return Timestamp(rfc3339: name.prefix(10) + "T00:00:00Z") != nil
    }

    public func file(_ name: String) -> String { path.hasSuffix("/") ? path + name : path + "/" + name }

    public var exists: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The segment file names in order (which is day order).
    public func segmentNames() throws(LogError) -> [String] {
        guard exists else { throw LogError(.io, "no log directory at \(path)") }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw LogError(.io, "cannot list \(path): \(error.localizedDescription)")
        }
        return names.filter(Self.isSegmentName).sorted()
    }

    /// The index in `names` (``segmentNames()``) of the last segment file
    /// that holds bytes: empty files after it (a writer killed right after
    /// creating one) hold no line, so its incomplete last line is the log's
    /// torn tail rather than damage before another segment.
    func indexOfLastSegmentWithBytes(_ names: [String]) -> Int {
        names.lastIndex { FileIO.size(path: file($0)) > 0 } ?? names.count - 1
    }
}
