import Foundation

/// Paths of the shared conformance examples (`../shared/conformance` beside the repository).
enum ConformanceFiles {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("shared/conformance")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        }
        return URL(fileURLWithPath: "/nonexistent")
    }()

    static let organisations = ["contoso-9001", "fabrikam-9002"]

    /// The segment files of one example log, in order.
    static func segments(of organisation: String) -> [URL] {
        let log = root.appendingPathComponent(organisation).appendingPathComponent("log")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: log.path)) ?? []
        return names.filter { $0.hasSuffix(".jsonl") && $0 != "checkpoints.jsonl" }.sorted()
            .map { log.appendingPathComponent($0) }
    }

    /// Every line (without its newline) of one example log, in order.
    static func lines(of organisation: String) -> [[UInt8]] {
        segments(of: organisation).flatMap { url -> [[UInt8]] in
            guard let data = try? Data(contentsOf: url) else { return [] }
            return data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).map { Array($0) }
        }
    }
}
