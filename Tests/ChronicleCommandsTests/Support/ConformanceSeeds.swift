import Foundation

/// The lines of the shared conformance logs (`shared/conformance/*/log/*.jsonl`
/// beside the repository), as seeds for fuzzing.
enum ConformanceSeeds {
    static let sealedLines: [[UInt8]] = {
        var url = URL(fileURLWithPath: #filePath)
        var root: URL?
        while url.path != "/" {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("shared/conformance")
            if FileManager.default.fileExists(atPath: candidate.path) { root = candidate; break }
        }
        guard let root else { return [] }
        var lines: [[UInt8]] = []
        for organisation in ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).sorted() {
            let log = root.appendingPathComponent(organisation).appendingPathComponent("log")
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: log.path)) ?? [])
                .filter { $0.hasSuffix(".jsonl") && $0 != "checkpoints.jsonl" }.sorted()
            for name in names {
                guard let data = FileManager.default.contents(atPath: log.appendingPathComponent(name).path) else { continue }
                lines += data.split(separator: 0x0A).map { Array($0) }
            }
        }
        return lines
    }()
}
