import Chronicle
import Foundation
import Testing

/// `chronicle report` on the shipped sample: a well-formed page whose
/// figures are exactly replay's.
@Suite struct ReportCommandTests {
    static let sample = SimulateCommandTests.root + "/EventLogs/contoso"

    /// The report and the replay JSON of one day of the sample.
    func reportAndReplay(day: String) throws -> (page: String, replay: JSONValue) {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let report = InProcessRun(["report", "--day", day, "--out", "day.html", "--log", Self.sample], in: directory.path)
        #expect(report.exitCode == .ok, "\(report.stderr)")
        let page = try String(contentsOfFile: directory.path + "/day.html", encoding: .utf8)
        let replay = InProcessRun(["replay", "--day", day, "--format", "json", "--log", Self.sample], in: directory.path)
        return (page, try #require(replay.json))
    }

    @Test(arguments: ["2026-11-21", "2026-11-23"])
    func theReportIsWellFormedAndItsFiguresAreReplays(_ day: String) throws {
        let (page, replay) = try reportAndReplay(day: day)
        let document = XHTMLDocument(page)
        #expect(document.error == nil, "\(document.error ?? "")")

        // The embedded figures are replay's JSON.
        let figures = try #require(document.element(id: "figures"))
        #expect(figures.attributes["type"] == "application/json")
        #expect(try JSONParser.parse(Array(figures.text.utf8)) == replay)

        // Every figure shown is replay's.
        let expected: [String: JSONValue?] = [
            "events": replay["events"], "checked": replay["checked"], "matched": replay["matched"],
            "divergences": .integer(Int64(replay["divergences"]?.arrayValue?.count ?? -1)),
            "allow": replay["decisions"]?["allow"], "deny": replay["decisions"]?["deny"],
            "issued": replay["tokens"]?["issued"], "rejected": replay["tokens"]?["rejected"],
            "cappedByEntra": replay["tokens"]?["cappedByEntra"],
        ]
        let shown = document.elements(with: "data-figure")
        #expect(Set(shown.compactMap { $0.attributes["data-figure"] }) == Set(expected.keys))
        for element in shown {
            let key = element.attributes["data-figure"] ?? ""
            let value = try #require(expected[key] ?? nil, "no replay figure for \(key)")
            #expect(element.attributes["data-value"].flatMap { Int64($0) } == value.integerValue, "\(key)")
            #expect(Int64(element.text.replacingOccurrences(of: ",", with: "")) == value.integerValue, "\(key) as shown")
        }
        let byReason = try #require(replay["decisions"]?["byReason"]?.objectValue)
        let rows = document.elements(with: "data-reason")
        #expect(rows.count == byReason.count)
        for row in rows {
            #expect(byReason[row.attributes["data-reason"] ?? ""]?.integerValue == row.attributes["data-count"].flatMap { Int64($0) })
        }
        let byPrincipal = try #require(replay["tokens"]?["byPrincipal"]?.objectValue)
        let principals = document.elements(with: "data-principal")
        #expect(principals.count == byPrincipal.count)
        for row in principals {
            let counts = byPrincipal[row.attributes["data-principal"] ?? ""]
            #expect(counts?["issued"]?.integerValue == row.attributes["data-issued"].flatMap { Int64($0) })
            #expect(counts?["rejected"]?.integerValue == row.attributes["data-rejected"].flatMap { Int64($0) })
            #expect(counts?["cappedByEntra"]?.integerValue == row.attributes["data-capped"].flatMap { Int64($0) })
        }
    }

    @Test func thePageIsSelfContained() throws {
        let (page, _) = try reportAndReplay(day: "2026-11-22")
        for external in ["src=", "href=", "@import", "url(", "<link", "http://", "https://"] {
            let hits = page.components(separatedBy: external).count - 1
            // The only URLs are the XHTML and SVG namespaces, and the token audience inside the figures.
            if external.hasPrefix("http") {
                #expect(!page.contains(external + "cdn") && !page.contains(external + "fonts"), "\(external)")
            } else {
                #expect(hits == 0, "the page uses \(external)")
            }
        }
        let scripts = XHTMLDocument(page).elements.filter { $0.name == "script" }
        #expect(scripts.count == 1 && scripts[0].attributes["type"] == "application/json", "data only, never a script")
    }

    @Test func theTimelineShowsEveryPrincipalAndTheStoryMarkers() throws {
        let (page, _) = try reportAndReplay(day: "2026-11-22")
        let document = XHTMLDocument(page)
        #expect(document.elements.contains { $0.name == "svg" && $0.attributes["class"] == "timeline" })
        for principal in ["sp-analytics", "sp-portal", "sp-billing", "alice@contoso.com"] {
            #expect(document.elements.contains { $0.name == "text" && $0.text == principal }, "\(principal) has no band")
        }
        #expect(document.elements.contains { $0.name == "rect" && $0.attributes["class"] == "tok capped" })
        #expect(document.elements.contains { $0.name == "rect" && $0.attributes["class"] == "tok revoked" })
        let markers = document.elements.filter { $0.name == "g" && ($0.attributes["class"] ?? "").hasPrefix("marker") }
        #expect(markers.contains { $0.text.contains("sec-embed-primary rotated to version 2") })
        #expect(markers.contains { $0.text.contains("erin@contoso.com loses Region-West on ds-sales") })
        // The secrets as of the end of the day.
        let secrets = document.elements(with: "data-secret")
        #expect(secrets.first { $0.attributes["data-secret"] == "sec-sp-portal" }?.attributes["data-status"] == "expiring")
    }

    @Test func theFirstDayMarksTheClientSecretsExpiry() throws {
        let (page, _) = try reportAndReplay(day: "2026-11-21")
        let markers = XHTMLDocument(page).elements.filter { $0.name == "g" && $0.attributes["class"] == "marker secret-lost" }
        #expect(markers.contains { $0.text.contains("12:00:00 sec-sp-analytics expires") })
    }

    @Test(arguments: [
        ["--out", "x.html"], ["--day", "2026-11-21"], ["--day", "tomorrow", "--out", "x.html"],
        ["--day", "2026-11-21", "--out", "x.html", "--format", "json"],
    ])
    func badArgumentsExitTwo(_ arguments: [String]) {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let run = InProcessRun(["report", "--log", Self.sample] + arguments, in: directory.path)
        #expect(run.exitCode == .usage)
        #expect(run.stderr.hasPrefix("chronicle: "))
    }

    @Test func aDamagedLogGivesNoReport() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let copy = directory.path + "/log"
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        var bytes = try #require(FileManager.default.contents(atPath: Self.sample + "/2026-11-21.jsonl"))
        bytes[500] = bytes[500] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
        FileManager.default.createFile(atPath: copy + "/2026-11-21.jsonl", contents: bytes)
        let run = InProcessRun(["report", "--day", "2026-11-21", "--out", "x.html", "--log", copy], in: directory.path)
        #expect(run.exitCode == .integrity)
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/x.html"))
    }
}
