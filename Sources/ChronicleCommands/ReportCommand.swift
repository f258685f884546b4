import Chronicle
import Foundation

/// `chronicle report --day D --out FILE.html [--log DIR]`: the day's audit
/// report as one self-contained HTML file (``AuditReportPage``).
struct ReportCommand: Command {
    static let name = "report"
    static let abstract = "write one day's audit report as a self-contained HTML file"
    static let usage = """
        usage: chronicle report --day YYYY-MM-DD --out FILE.html [--log DIR]

        Verifies the whole log (exit 3 at the first damaged line), replays the day
        as `chronicle replay --day D` does, and writes one HTML file with no
        external script, font or image: the day's figures (events, checked,
        matched, divergences, allow/deny, issued/rejected/capped by Entra),
        decisions by reason, issuance by principal, every divergence with what was
        recorded and what replay derives, a timeline of token lifetimes per
        principal (capped and revoked tokens marked), the day's changes, and the
        secrets with their expiry status at the end of the day. The figures equal
        replay's JSON, which the page embeds as data.
        Exit 0, or 1 when the day has divergences (the report is written either way).

        example: chronicle report --day 2026-11-21 --out contoso-2026-11-21.html
        """

    var log: LogDirectory
    var day: Timestamp
    var out: String

    init(parsing arguments: inout Arguments, in context: CommandContext) throws(CommandError) {
        let path = try arguments.option("log") ?? context.environment["CHRONICLE_LOG"] ?? CommonOptions.defaultLog
        log = LogDirectory(path: context.resolve(path))
        guard let dayText = try arguments.option("day") else {
            throw .usage("report needs --day", hint: "write --day YYYY-MM-DD (UTC)")
        }
        guard dayText.utf8.count == 10, let day = Timestamp(rfc3339: dayText + "T00:00:00Z") else {
            throw .usage("--day '\(dayText)' is not a date", hint: "write --day YYYY-MM-DD (UTC)")
        }
        self.day = day
        guard let out = try arguments.option("out") else {
            throw .usage("report needs --out FILE.html", hint: "write e.g. --out report-\(dayText).html")
        }
        self.out = context.resolve(out)
        try arguments.finish(command: Self.name)
    }

    func run(in context: CommandContext) throws(CommandError) -> ExitCode {
        let verification = ChainVerifier.verify(log, allowTornTail: true)
        if let failure = verification.failure { throw CommandError(failure) }
        if verification.hasTornTail { context.warn("the last line is incomplete (torn tail); it is ignored") }

        var builder = AuditReportBuilder(day: day)
        var progress = Progress("reading", on: context.errors)
        let dayEnd = builder.dayEnd
        do {
            _ = try LogReader(directory: log).forEachEvent { (event) throws(LogError) -> Bool in
                progress.update(Int(event.seq))
                if event.time >= dayEnd { return false }
                if builder.needs(event.type, at: event.time) { builder.consume(event) }
                return true
            }
        } catch {
            progress.finish()
            throw CommandError(error)
        }
        progress.finish()
        let report = builder.finish(verification: verification)
        warnAboutSkipped(ignored: report.replay.ignoredEvents, unknown: report.replay.unknownTypeEvents, in: context)

        let html = AuditReportPage.render(report)
        guard FileManager.default.createFile(atPath: out, contents: Data(html.utf8)) else {
            throw CommandError(.usage, "cannot write the report to \(out)", hint: "check that the directory exists and is writable")
        }
        let replay = report.replay
        context.output.line("wrote \(out): \(replay.events) events, \(replay.checked) checked, "
            + "\(replay.divergences.count) divergence\(replay.divergences.count == 1 ? "" : "s")")
        return replay.hasDivergences ? .negativeFinding : .ok
    }
}
