/// The `chronicle` command line: picks the command, answers `--help`, and
/// turns every failure into one `chronicle: …` line (plus a hint) and an
/// exit code. The executable's `main.swift` only calls ``run(_:in:)``.
public enum ChronicleCommandLine {
    nonisolated(unsafe) static let commands: [any Command.Type] = [
        AppendCommand.self, VerifyCommand.self, ProjectCommand.self, ReplayCommand.self, HeadCommand.self,
        TokenCommand.self, CheckpointCommand.self, FingerprintCommand.self, SimulateCommand.self, ReportCommand.self,
    ]

    /// Runs `chronicle <arguments>` and returns the exit code.
    public static func run(_ arguments: [String], in context: CommandContext) -> ExitCode {
        defer {
            context.output.flush()
            context.errors.flush()
        }
        guard let name = arguments.first, name != "--help", name != "-h", name != "help" else {
            context.output.write(usage)
            return arguments.isEmpty ? .usage : .ok
        }
        guard let command = commands.first(where: { $0.name == name }) else {
            report(CommandError.usage("unknown command '\(name)'", hint: "see `chronicle --help` for the commands"), in: context)
            return .usage
        }
        var rest = Arguments(Array(arguments.dropFirst()))
        if rest.wantsHelp {
            context.output.line(command.usage)
            return .ok
        }
        do {
            let parsed = try command.init(parsing: &rest, in: context)
            return try parsed.run(in: context)
        } catch {
            report(error, in: context)
            return error.exitCode
        }
    }

    static func report(_ error: CommandError, in context: CommandContext) {
        context.errors.line("chronicle: \(error.message)")
        if let hint = error.hint { context.errors.line("hint: \(hint)") }
    }

    static var usage: String {
        var text = "usage: chronicle <command> [options]\n\ncommands:\n"
        for command in commands {
            text += "  " + command.name.padding(toLength: 12) + command.abstract + "\n"
        }
        text += "\nEvery command takes --log DIR (default $CHRONICLE_LOG, else EventLogs/contoso)\n"
        text += "and --format table|json|csv. `chronicle <command> --help` tells more.\n"
        text += "Exit codes: 0 ok, 1 negative finding, 2 usage or input error, 3 integrity failure.\n"
        return text
    }
}

extension String {
    func padding(toLength length: Int) -> String {
        count >= length ? self + " " : self + String(repeating: " ", count: length - count)
    }
}
