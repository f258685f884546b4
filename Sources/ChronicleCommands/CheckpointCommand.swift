import Chronicle

/// `chronicle checkpoint`: seals the head in `checkpoints.jsonl` (SPEC §6).
struct CheckpointCommand: Command {
    static let name = "checkpoint"
    static let abstract = "write a checkpoint of the head, sealed with the keyring's audit key"
    static let usage = """
        usage: chronicle checkpoint --keyring FILE [--log DIR] [--format table|json|csv]

        Takes the writers' lock, checks the log up to its head (exit 3 on damage),
        and appends {seq, hash, time, mac} for the head to checkpoints.jsonl, where
        mac is the HMAC-SHA256 of "<seq>:<hash>" under the keyring's audit key; then
        prints the head's seq, hash and time. `verify --keyring` checks every
        checkpoint. Writers given a keyring (token issue, token check, append
        --keyring) also write one when a new UTC day starts. An empty log has no
        head to checkpoint (exit 2).

        example: chronicle checkpoint --keyring keyring.json --log EventLogs/contoso
        """

    var common: CommonOptions
    var keyringPath: String

    init(parsing arguments: inout Arguments, in context: CommandContext) throws(CommandError) {
        common = try CommonOptions(parsing: &arguments, in: context)
        keyringPath = try KeyringLoading.option(&arguments, command: Self.name)
        try arguments.finish(command: Self.name)
    }

    func run(in context: CommandContext) throws(CommandError) -> ExitCode {
        let keyring = try KeyringLoading.load(keyringPath, in: context)
        let writer = try LiveLog.open(common.log, follower: AcceptingFollower(), keyring: keyring)
        let checkpoint: Checkpoint?
        do {
            checkpoint = try writer.checkpoint()
        } catch {
            LiveLog.warnAboutSideEffects(of: writer, in: context)
            throw CommandError(error)
        }
        LiveLog.warnAboutSideEffects(of: writer, in: context)
        guard let checkpoint else {
            throw .usage("the log is empty: there is no head to checkpoint", hint: "append events first")
        }
        let head = ChainHead(seq: checkpoint.seq, hash: checkpoint.hash, time: checkpoint.time)
        switch common.format {
        case .json: context.output.line(JSONWriter.string(head.json))
        case .table:
            context.output.line("checkpoint at seq \(head.seq), \(head.time.rfc3339)")
            context.output.line("hash \(head.hash)")
        case .csv:
            context.output.write(TableRenderer.csv(columns: ["seq", "hash", "time"],
                                                   rows: [["\(head.seq)", head.hash, head.time.rfc3339]]))
        }
        return .ok
    }
}
