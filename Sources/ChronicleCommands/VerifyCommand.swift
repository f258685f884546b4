import Chronicle

/// `chronicle verify [--keyring F]`: checks every line and the chain (SPEC §6).
struct VerifyCommand: Command {
    static let name = "verify"
    static let abstract = "check every line, the hash chain and (with --keyring) the checkpoints"
    static let usage = """
        usage: chronicle verify [--keyring FILE] [--log DIR] [--format table|json|csv]

        Checks every line of the log: valid JSON with exactly the envelope members,
        one source, canonical times in order and in their segment's day, seq without
        gaps, the prevhash chain and each line's hash. With --keyring it also checks
        every checkpoint's MAC and that no checkpoint lies past the end of the log.
        Exit 0 when the log is good, 3 at the first failure (named as file:line).

        example: chronicle verify --log EventLogs/contoso
        """

    var common: CommonOptions
    var keyring: String?

    init(parsing arguments: inout Arguments, in context: CommandContext) throws(CommandError) {
        common = try CommonOptions(parsing: &arguments, in: context)
        keyring = try arguments.option("keyring")
        try arguments.finish(command: Self.name)
    }

    func run(in context: CommandContext) throws(CommandError) -> ExitCode {
        let verification: ChainVerification
        if let keyring {
            let keyring = try KeyringLoading.load(keyring, in: context)
            verification = try CheckpointCheck.verify(common.log, keyring: keyring, in: context)
        } else {
            verification = ChainVerifier.verify(common.log)
            if let failure = verification.failure {
                if failure.kind == .integrity { throw CommandError(.integrity, failure.description) }
                throw CommandError(failure)
            }
        }
        switch common.format {
        case .json:
            context.output.line(JSONWriter.string(verification.json))
        case .table:
            if let head = verification.head {
                context.output.line("ok: \(verification.events) events in \(verification.segments) segments; head seq \(head.seq) at \(head.time.rfc3339)")
                context.output.line("head hash \(head.hash)")
            } else {
                context.output.line("ok: the log is empty")
            }
        case .csv:
            let head = verification.head
            context.output.write(TableRenderer.csv(
                columns: ["events", "segments", "seq", "hash", "time"],
                rows: [["\(verification.events)", "\(verification.segments)", head.map { "\($0.seq)" } ?? "",
                        head?.hash ?? "", head?.time.rfc3339 ?? ""]]))
        }
        return .ok
    }
}
