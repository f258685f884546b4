/// `--format table | json | csv`; `table` on a terminal, else `json` (SPEC §8).
enum OutputFormat: String, Sendable {
    case table, json, csv

    static func parse(_ value: String?, in context: CommandContext) throws(CommandError) -> OutputFormat {
        guard let value else { return context.output.isTerminal ? .table : .json }
        guard let format = OutputFormat(rawValue: value) else {
            throw .usage("unknown format '\(value)'", hint: "use --format table, json or csv")
        }
        return format
    }
}
