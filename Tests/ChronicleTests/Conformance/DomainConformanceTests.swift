import Foundation
import Testing
@testable import Chronicle

/// One `project …` or `replay …` case of the shared conformance examples.
struct DomainConformanceCase: Sendable, CustomTestStringConvertible {
    var organisation: String
    var name: String
    var args: [String]
    var exit: Int64
    var stdout: JSONValue

    var testDescription: String { "\(organisation): \(name)" }

    /// The value following `option` in `args`.
    func option(_ option: String) -> String? {
        guard let index = args.firstIndex(of: option), index + 1 < args.count else { return nil }
        return args[index + 1]
    }

    /// Every project and replay case of both example logs.
    static let all: [DomainConformanceCase] = ConformanceFiles.organisations.flatMap { organisation in
        let url = ConformanceFiles.root.appendingPathComponent(organisation).appendingPathComponent("cases.json")
        guard let data = try? Data(contentsOf: url), let cases = try? JSONParser.parse(Array(data)).arrayValue
        else { return [DomainConformanceCase]() }
        return cases.compactMap { item -> DomainConformanceCase? in
            guard let args = item["args"]?.stringArrayValue, let command = args.first,
                  command == "project" || command == "replay",
                  let name = item["name"]?.stringValue, let exit = item["exit"]?.integerValue,
                  let stdout = item["stdout"]
            else { return nil }
            return DomainConformanceCase(organisation: organisation, name: name, args: args, exit: exit, stdout: stdout)
        }
    }
}

/// The decoded events of each example log, decoded once.
enum ConformanceEvents {
    static let byOrganisation: [String: [Event]] = Dictionary(
        uniqueKeysWithValues: ConformanceFiles.organisations.map { organisation in
            (organisation, ConformanceFiles.lines(of: organisation).compactMap { try? EventLine.decode($0) })
        })
}

/// Runs the domain behind `chronicle project` and `chronicle replay` on the
/// shared example logs exactly as the command line does, and compares the
/// JSON and exit status with what an independent implementation gives.
@Suite struct DomainConformanceTests {
    @Test func everyExampleLogDecodesAndHasCases() {
        #expect(DomainConformanceCase.all.count == 28)
        for organisation in ConformanceFiles.organisations {
            #expect(ConformanceEvents.byOrganisation[organisation]?.count == 750)
        }
    }

    @Test(arguments: DomainConformanceCase.all)
    func matchesTheIndependentImplementation(_ testCase: DomainConformanceCase) throws {
        let events = try #require(ConformanceEvents.byOrganisation[testCase.organisation])
        let (json, exit) = try run(testCase, on: events)
        #expect(exit == testCase.exit)
        let difference = firstDifference(expected: testCase.stdout, actual: json)
        #expect(difference == nil, "\(testCase.testDescription): \(difference ?? "")")
    }

    /// What `chronicle <args>` prints as JSON, and its exit status.
    private func run(_ testCase: DomainConformanceCase, on events: [Event]) throws -> (JSONValue, Int64) {
        if testCase.args[0] == "project" {
            let asOf = try #require(testCase.option("--at").flatMap { Timestamp(rfc3339: $0) })
            var state = AuditState()
            var seq: Int64 = 0
            for event in events where event.time <= asOf {
                state.apply(event)
                seq = event.seq
            }
            switch testCase.args[1] {
            case "secrets": return (SecretsProjection(state: state, asOf: asOf, seq: seq).json, 0)
            case "tokens":
                let all = testCase.args.contains("--all")
                return (TokensProjection(state: state, asOf: asOf, seq: seq, includeAll: all).json, 0)
            default: return (RLSProjection(state: state, asOf: asOf, seq: seq).json, 0)
            }
        }
        var from = testCase.option("--from").flatMap { Timestamp(rfc3339: $0) }
        var to = testCase.option("--to").flatMap { Timestamp(rfc3339: $0) }
        if let day = testCase.option("--day") {
            from = try #require(Timestamp(rfc3339: day + "T00:00:00Z"))
            to = from?.adding(milliseconds: Timestamp.millisecondsPerDay)
        }
        var replayer = Replayer(from: from, to: to)
        for event in events { replayer.consume(event) }
        let report = replayer.finish()
        return (report.json, report.hasDivergences ? 1 : 0)
    }
}
