import Chronicle

/// The options every command takes: `--log DIR` (default `$CHRONICLE_LOG`,
/// else `EventLogs/contoso`) and `--format`.
struct CommonOptions {
    var log: LogDirectory
    var format: OutputFormat
    /// Whether `--format` was given (else ``format`` is the default for the output stream).
    var formatIsExplicit: Bool

    static let defaultLog = "EventLogs/contoso"

    init(parsing arguments: inout Arguments, in context: CommandContext) throws(CommandError) {
        let path = try arguments.option("log") ?? context.environment["CHRONICLE_LOG"] ?? Self.defaultLog
        log = LogDirectory(path: context.resolve(path))
        let format = try arguments.option("format")
        formatIsExplicit = format != nil
        self.format = try OutputFormat.parse(format, in: context)
    }

    static let usage = """
          --log DIR          the log directory (default $CHRONICLE_LOG, else EventLogs/contoso)
          --format F         table | json | csv (default: table on a terminal, else json)
        """
}

/// Parses an RFC 3339 argument such as `--at` or `--from`.
func parseTime(_ value: String, option: String) throws(CommandError) -> Timestamp {
    guard let time = Timestamp(rfc3339: value) else {
        throw .usage("\(option) '\(value)' is not an RFC 3339 time", hint: "write e.g. 2026-11-21T09:30:00Z")
    }
    return time
}
