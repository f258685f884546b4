import Chronicle

/// `chronicle head`: the head `seq`, `hash` and `time`, to publish outside the log.
struct HeadCommand: Command {
    static let name = "head"
    static let abstract = "print the head seq, hash and time, to publish outside the log"
    static let usage = """
        usage: chronicle head [--log DIR] [--format table|json|csv]

        Verifies the chain (exit 3 on damage), ignores a torn last line with a
        warning, and prints the last line's seq, hash and time (null for an empty log).

        example: chronicle head --format json
        """

    var common: CommonOptions

    init(parsing arguments: inout Arguments, in context: CommandContext) throws(CommandError) {
        common = try CommonOptions(parsing: &arguments, in: context)
        try arguments.finish(command: Self.name)
    }

    func run(in context: CommandContext) throws(CommandError) -> ExitCode {
        let verification = ChainVerifier.verify(common.log, allowTornTail: true)
        if let failure = verification.failure { throw CommandError(failure) }
        if verification.hasTornTail { context.warn("the last line is incomplete (torn tail); it is ignored") }
        let head = verification.head
        switch common.format {
        case .json: context.output.line(JSONWriter.string(head?.json ?? .null))
        case .table:
            if let head { context.output.line("seq \(head.seq)  \(head.time.rfc3339)  \(head.hash)") } else { context.output.line("(empty log)") }
        case .csv:
            context.output.write(TableRenderer.csv(
                columns: ["seq", "hash", "time"],
                rows: head.map { [["\($0.seq)", $0.hash, $0.time.rfc3339]] } ?? []))
        }
        return .ok
    }
}
