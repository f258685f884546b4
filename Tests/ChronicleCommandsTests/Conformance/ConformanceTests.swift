import Chronicle
import Foundation
import Testing

/// The shared conformance examples (`../shared/conformance`): every case
/// must give the same exit status and the same JSON on stdout.
@Suite struct ConformanceTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var organisation: String
        var name: String
        var arguments: [String]
        var stdin: String?
        var exit: Int32
        var stdout: JSONValue
        var testDescription: String { "\(organisation): \(name)" }
    }

    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("shared/conformance")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate.path }
        }
        return "/nonexistent"
    }()

    static let cases: [Case] = ["contoso-9001", "fabrikam-9002"].flatMap { organisation -> [Case] in
        guard let data = FileManager.default.contents(atPath: "\(root)/\(organisation)/cases.json"),
              let list = try? JSONParser.parse(Array(data)).arrayValue
        else { return [] }
        return list.map { item in
            Case(organisation: organisation, name: item["name"]?.stringValue ?? "?",
                 arguments: item["args"]?.stringArrayValue ?? [], stdin: item["stdin"]?.stringValue,
                 exit: Int32(item["exit"]?.integerValue ?? -1), stdout: item["stdout"] ?? .null)
        }
    }

    /// A private copy of each example with its keyring at mode 0600 (git keeps 0644, which must be refused).
    static let copies: [String: String] = {
        // Removed when the test process exits (nothing else owns it).
        atexit { try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + "chronicle-conformance-\(getpid())") }
        var copies: [String: String] = [:]
        for organisation in ["contoso-9001", "fabrikam-9002"] {
            let destination = NSTemporaryDirectory() + "chronicle-conformance-\(getpid())/\(organisation)"
            try? FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
            try? FileManager.default.createDirectory(atPath: destination + "/log", withIntermediateDirectories: true)
            let source = "\(root)/\(organisation)"
            for file in (try? FileManager.default.contentsOfDirectory(atPath: source + "/log")) ?? [] {
                try? FileManager.default.copyItem(atPath: "\(source)/log/\(file)", toPath: "\(destination)/log/\(file)")
            }
            try? FileManager.default.copyItem(atPath: source + "/keyring.json", toPath: destination + "/keyring.json")
            chmod(destination + "/keyring.json", 0o600)
            copies[organisation] = destination
        }
        return copies
    }()

    @Test func theExamplesAreThere() {
        #expect(Self.cases.count >= 38)
    }

    @Test(arguments: cases)
    func givesTheSameExitStatusAndJSON(_ example: Case) throws {
        let directory = try #require(Self.copies[example.organisation])
        let run = InProcessRun(example.arguments, in: directory, stdin: Array((example.stdin ?? "").utf8))
        #expect(run.exitCode.rawValue == example.exit, "stderr: \(run.stderr)")
        let actual = try #require(run.json, "stdout is not JSON: \(run.stdout.prefix(300)) stderr: \(run.stderr)")
        if actual != example.stdout {
            Issue.record("stdout differs: \(JSONDifference.first(expected: example.stdout, actual: actual) ?? "?")")
        }
    }
}

/// Points at the first difference between two JSON values.
enum JSONDifference {
    static func first(expected: JSONValue, actual: JSONValue, path: String = "$") -> String? {
        switch (expected, actual) {
        case let (.object(e), .object(a)):
            for member in e.members {
                guard let other = a[member.key] else { return "\(path).\(member.key): missing" }
                if let difference = first(expected: member.value, actual: other, path: "\(path).\(member.key)") {
                    return difference
                }
            }
            for key in a.keys where !e.contains(key) { return "\(path).\(key): unexpected member" }
            return nil
        case let (.array(e), .array(a)):
            for index in 0..<min(e.count, a.count) {
                if let difference = first(expected: e[index], actual: a[index], path: "\(path)[\(index)]") {
                    return difference
                }
            }
            return e.count == a.count ? nil : "\(path): \(e.count) elements expected, \(a.count) found"
        default:
            return expected == actual ? nil
                : "\(path): expected \(JSONWriter.string(expected)), found \(JSONWriter.string(actual))"
        }
    }
}
