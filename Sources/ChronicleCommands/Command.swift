/// A `chronicle` command: parses its own arguments, then runs.
///
/// The dispatcher (``ChronicleCommandLine``) picks the type by ``name``,
/// answers `--help` with ``usage``, and turns thrown ``CommandError``s into
/// `chronicle: …` lines and exit codes.
protocol Command {
    /// The word after `chronicle` (`verify`, `project`, …).
    static var name: String { get }
    /// One line for the command list.
    static var abstract: String { get }
    /// The full usage text shown by `--help`.
    static var usage: String { get }

    /// Consumes the command's arguments; rejects unknown ones.
    init(parsing arguments: inout Arguments, in context: CommandContext) throws(CommandError)

    /// Does the work and says how it went.
    func run(in context: CommandContext) throws(CommandError) -> ExitCode
}
