import Chronicle

/// `chronicle replay [--day D | --from T --to T]` (SPEC §10).
struct ReplayCommand: Command {
    static let name = "replay"
    static let abstract = "re-derive recorded issuance and decisions and report divergences"
    static let usage = """
        usage: chronicle replay [--day YYYY-MM-DD | --from T --to T] [--log DIR] [--format table|json|csv]

        Verifies the whole log first (exit 3 at the first damaged line), then
        re-derives every token.issued, token.rejected and access.decided in the
        window from the state built from all earlier events, and compares with what
        was recorded. --day D is [D 00:00Z, D+1 00:00Z); --from/--to is [from, to)
        and either may be given alone; no window means the whole log.
        Exit 0 when everything matches, 1 when anything diverges.
        table: a summary, then each divergence with recorded and replayed side by side;
        csv: one row per divergence; json: the SPEC §10 shape.

        examples:
          chronicle replay --day 2026-11-21
          chronicle replay --from 2026-11-21T08:00:00Z --to 2026-11-21T12:00:00Z --format json
        """

    var common: CommonOptions
    var from: Timestamp?
    var to: Timestamp?

    init(parsing arguments: inout Arguments, in context: CommandContext) throws(CommandError) {
        common = try CommonOptions(parsing: &arguments, in: context)
        let day = try arguments.option("day")
        let fromText = try arguments.option("from"), toText = try arguments.option("to")
        if let day {
            guard fromText == nil, toText == nil else {
                throw .usage("give either --day or --from/--to, not both")
            }
            guard day.utf8.count == 10, let start = Timestamp(rfc3339: day + "T00:00:00Z") else {
                throw .usage("--day '\(day)' is not a date", hint: "write --day YYYY-MM-DD (UTC)")
            }
            from = start
            to = start.adding(milliseconds: Timestamp.millisecondsPerDay)
        } else {
            from = try fromText.map { (text) throws(CommandError) in try parseTime(text, option: "--from") }
            to = try toText.map { (text) throws(CommandError) in try parseTime(text, option: "--to") }
        }
        try arguments.finish(command: Self.name)
    }

    func run(in context: CommandContext) throws(CommandError) -> ExitCode {
        let replay = try replay(in: context)
        if replay.ignoredTornTail { context.warn("the last line is incomplete (torn tail); it is ignored") }
        let report = replay.report
        warnAboutSkipped(ignored: report.ignoredEvents, unknown: report.unknownTypeEvents, in: context)
        switch common.format {
        case .json: context.output.line(JSONWriter.string(report.json))
        case .table: context.output.write(ReplayTable.text(report))
        case .csv: context.output.write(ReplayTable.csv(report))
        }
        return report.hasDivergences ? .negativeFinding : .ok
    }

    /// Verifies the whole log and replays the window in one pass (a damaged
    /// line stops it with exit 3 before any result).
    func replay(in context: CommandContext) throws(CommandError) -> LogReplay {
        var progress = Progress("replaying", on: context.errors)
        defer { progress.finish() }
        do {
            return try Replayer.replay(common.log, from: from, to: to) { progress.update(Int($0)) }
        } catch {
            throw CommandError(error)
        }
    }
}
