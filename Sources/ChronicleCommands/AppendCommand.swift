import Chronicle
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `chronicle append [FILE|-]`: appends JSON lines, all or nothing.
struct AppendCommand: Command {
    static let name = "append"
    static let abstract = "append events (JSON lines) to the log, all or nothing"
    static let usage = """
        usage: chronicle append [FILE|-] [--batch-size N] [--keyring FILE] [--log DIR] [--format table|json|csv]

        Reads one event per line (from FILE, or stdin for - or no FILE): a JSON object
        with type, subject and data, and optionally id, time, source and specversion,
        which are filled in when absent (a new UUID, the current time, the log's
        source, "1.0"). seq, prevhash and hash are the writer's and must be absent.
        Every event is checked (envelope, the data members SPEC §3 gives its type,
        validity against the state at the head); one bad line rejects the whole batch
        and is named as FILE:LINE. A new log's source is /orgs/<directory name>.
        The whole input is one batch (one write and one fsync per segment) unless
        --batch-size N splits it into batches of N events, each durable on its own
        and all or nothing on its own; a refused batch (a bad line or a refused
        event) stops the rest, and the batches before it stay appended. Later
        batches are parsed while earlier ones are sealed and written.
        With --keyring, a batch that starts a new UTC day also writes the checkpoint
        closing the previous day (SPEC §6).

        example: chronicle append new-events.jsonl --log EventLogs/contoso
        """

    var common: CommonOptions
    var input: String?
    var batchSize: Int?
    var keyringPath: String?

    init(parsing arguments: inout Arguments, in context: CommandContext) throws(CommandError) {
        common = try CommonOptions(parsing: &arguments, in: context)
        if let size = try arguments.option("batch-size") {
            guard let value = Int(size), value > 0 else {
                throw .usage("--batch-size '\(size)' is not a positive integer")
            }
            batchSize = value
        }
        keyringPath = try arguments.option("keyring")
        input = arguments.positional()
        try arguments.finish(command: Self.name)
    }

    func run(in context: CommandContext) throws(CommandError) -> ExitCode {
        let inputName: String
        let parser: DraftParser
        if let input, input != "-" {
            inputName = input
            let descriptor = open(context.resolve(input), O_RDONLY | O_CLOEXEC)
            var info = stat()
            guard descriptor >= 0, fstat(descriptor, &info) == 0, info.st_mode & S_IFMT != S_IFDIR else {
                if descriptor >= 0 { close(descriptor) }
                throw .usage("cannot read \(input)", hint: "give a readable file of JSON lines, or - for stdin")
            }
            parser = DraftParser(.file(descriptor: descriptor, name: input), batchSize: batchSize ?? Int.max)
        } else {
            inputName = "<stdin>"
            parser = DraftParser(.bytes(context.readInput()), batchSize: batchSize ?? Int.max)
        }
        defer { parser.cancel() }
        // The first batch is parsed before the log is opened: input that is bad from the start leaves no trace.
        guard let firstBatch = parser.next() else {
            if let failure = parser.failure {
                throw .usage("\(inputName):\(failure.line): \(failure.reason)", hint: "nothing was appended")
            }
            throw .usage("\(inputName): no events to append")
        }
        var checkpointMAC: (@Sendable (Int64, String) -> String)?
        if let keyringPath {
            let keyring = try KeyringLoading.load(keyringPath, in: context)
            checkpointMAC = { keyring.checkpointMAC(seq: $0, hash: $1) }
        }
        let writer: LogWriter<AppendFollower>
        do {
            writer = try LogWriter(directory: common.log, follower: AppendFollower(),
                                   source: "/orgs/" + (common.log.path.split(separator: "/").last.map(String.init) ?? "log"),
                                   checkpointMAC: checkpointMAC)
        } catch {
            throw CommandError(error)
        }
        let outcome = writer.append(batches: sequence(first: firstBatch) { _ in parser.next() }, now: context.now())
        let appended = outcome.appended
        func done(_ count: Int) -> String {
            count == 0 ? "nothing was appended" : "the \(count) events before its batch were appended"
        }
        if let error = outcome.failure {
            if error.kind == .input, let index = error.line {
                throw .usage("\(inputName):\(parser.lineNumber(ofDraft: index - 1)): \(error.reason)", hint: done(appended))
            }
            throw CommandError(error)
        }
        if let failure = parser.failure {
            throw .usage("\(inputName):\(failure.line): \(failure.reason)", hint: done(appended))
        }
        guard let head = outcome.head else { throw .usage("\(inputName): no events to append") }
        LiveLog.warnAboutSideEffects(of: writer, in: context)
        switch common.format {
        case .json:
            context.output.line(JSONWriter.string(["appended": .integer(Int64(appended)), "head": head.json]))
        case .table:
            context.output.line("appended \(appended) events; head seq \(head.seq) at \(head.time.rfc3339)")
            context.output.line("head hash \(head.hash)")
        case .csv:
            context.output.write(TableRenderer.csv(columns: ["appended", "seq", "hash", "time"],
                                                   rows: [["\(appended)", "\(head.seq)", head.hash, head.time.rfc3339]]))
        }
        return .ok
    }
}

/// The state `append` checks new events against.
typealias AppendFollower = AuditState
