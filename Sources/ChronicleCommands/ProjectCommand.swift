import Chronicle

/// `chronicle project secrets|tokens|rls [--at T] [--all]` (SPEC §9).
struct ProjectCommand: Command {
    static let name = "project"
    static let abstract = "rebuild secrets, tokens or RLS assignments as of a moment"
    static let usage = """
        usage: chronicle project secrets|tokens|rls [--at T] [--all] [--log DIR] [--format table|json|csv]

        Folds every event with time <= T (default: now) and prints the state:
          secrets  every secret with its version, expiry, status (active, expiring
                   within 30 days, expired, revoked) and days left
          tokens   live tokens with their lifetime and whether Entra cut it short;
                   --all adds expired and revoked ones
          rls      every dataset's roles with their direct members and resolved users
        Each projection reads only the events it depends on (the start of every
        other line tells what it is); invalid ones among them and events of
        unknown type are skipped and counted on stderr.

        examples:
          chronicle project secrets --at 2026-11-21T12:00:00Z
          chronicle project tokens --all --format csv
          chronicle project rls --format json
        """

    enum Projection: String { case secrets, tokens, rls }

    var common: CommonOptions
    var projection: Projection
    var at: Timestamp?
    var all: Bool

    init(parsing arguments: inout Arguments, in context: CommandContext) throws(CommandError) {
        common = try CommonOptions(parsing: &arguments, in: context)
        at = try arguments.option("at").map { (value) throws(CommandError) in try parseTime(value, option: "--at") }
        all = arguments.flag("all")
        guard let word = arguments.positional() else {
            throw .usage("say which projection: secrets, tokens or rls", hint: "e.g. chronicle project secrets")
        }
        guard let projection = Projection(rawValue: word) else {
            throw .usage("unknown projection '\(word)'", hint: "use secrets, tokens or rls")
        }
        self.projection = projection
        try arguments.finish(command: Self.name)
    }

    func run(in context: CommandContext) throws(CommandError) -> ExitCode {
        let asOf = at ?? context.now()
        let json: () -> [UInt8], table: () -> ProjectionTable, title: String
        let folded: StateAtTime
        switch projection {
        case .secrets:
            folded = try StateAtTime.fold(common.log, asOf: asOf, folding: SecretsProjection.eventTypes, in: context)
            let view = SecretsProjection(state: folded.state, asOf: asOf, seq: folded.seq)
            (json, table, title) = ({ JSONWriter.serialize(view.json) }, { view.table }, "secrets")
        case .tokens:
            folded = try StateAtTime.fold(common.log, asOf: asOf, folding: TokensProjection.eventTypes, in: context)
            let view = TokensProjection(state: folded.state, asOf: asOf, seq: folded.seq, includeAll: all)
            (json, table, title) = ({ view.jsonBytes }, { view.table }, all ? "tokens (all)" : "active tokens")
        case .rls:
            folded = try StateAtTime.fold(common.log, asOf: asOf, folding: RLSProjection.eventTypes, in: context)
            let view = RLSProjection(state: folded.state, asOf: asOf, seq: folded.seq)
            (json, table, title) = ({ JSONWriter.serialize(view.json) }, { view.table }, "RLS assignments")
        }
        switch common.format {
        case .json: context.output.write(bytes: json() + [UInt8(ascii: "\n")])
        case .csv:
            let table = table()
            context.output.write(TableRenderer.csv(columns: table.columns, rows: table.rows))
        case .table:
            let table = table()
            context.output.line("\(title) as of \(asOf.rfc3339) (seq \(folded.seq))")
            context.output.write(TableRenderer.table(columns: table.columns, rows: table.rows))
        }
        return .ok
    }
}

/// The state after every event with `time` ≤ a moment, read from a log.
struct StateAtTime {
    var state = AuditState()
    /// The `seq` of the last event with `time` ≤ the moment (0 when none).
    var seq: Int64 = 0

    /// Folds the events of the `folding` types up to `asOf`, warning on
    /// stderr about what it skipped among them.
    ///
    /// Of the other lines only the start is read: that is most of a busy log.
    static func fold(
        _ log: LogDirectory, asOf: Timestamp, folding types: Set<EventType>, in context: CommandContext
    ) throws(CommandError) -> StateAtTime {
        var progress = Progress("projecting", on: context.errors)
        let folded: LogReader.FoldedState
        do {
            folded = try LogReader(directory: log).state(at: asOf, folding: types) { progress.update(Int($0)) }
        } catch {
            progress.finish()
            throw CommandError(error)
        }
        progress.finish()
        if folded.summary.ignoredTornTail { context.warn("the last line is incomplete (torn tail); it is ignored") }
        warnAboutSkipped(ignored: folded.state.ignored, unknown: folded.state.unknownTypes, in: context)
        return StateAtTime(state: folded.state, seq: folded.seq)
    }
}

/// Tells on stderr how many events a fold skipped (SPEC §3).
func warnAboutSkipped(ignored: Int, unknown: Int, in context: CommandContext) {
    if ignored > 0 { context.warn("skipped \(ignored) invalid event\(ignored == 1 ? "" : "s") (SPEC §3)") }
    if unknown > 0 { context.warn("skipped \(unknown) event\(unknown == 1 ? "" : "s") of unknown type") }
}
