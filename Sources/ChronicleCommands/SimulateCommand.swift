import Chronicle

/// `chronicle simulate --org O --day D --events N --seed S --out DIR [--days K]` (SPEC §8).
struct SimulateCommand: Command {
    static let name = "simulate"
    static let abstract = "write a realistic synthetic log and its keyring (same arguments, same bytes)"
    static let usage = """
        usage: chronicle simulate --org O --day YYYY-MM-DD --events N --seed S --out DIR [--days K]
                                  [--format table|json|csv]

        Writes a synthetic log of exactly N events for organisation O to DIR,
        starting at D 00:00Z and spread over K days (default 1), and its keyring to
        DIR.keyring.json (mode 0600). Every issuance and decision goes through the
        real rules and the real store, so the log verifies and replays without a
        divergence. The same arguments always give the same bytes. DIR must not
        contain a log yet (exit 2). S is a decimal integer below 2^64.

        The stories in it (an expiring client secret, key rotations with and
        without grace, an RLS removal, a group change, forged tokens, revocations)
        are told in EventLogs/README.md.

        example: chronicle simulate --org contoso --day 2026-11-21 --days 3 --events 6000 --seed 2026 --out EventLogs/contoso
        """

    var format: OutputFormat
    var plan: Simulation
    var out: String

    init(parsing arguments: inout Arguments, in context: CommandContext) throws(CommandError) {
        if try arguments.option("log") != nil {
            throw .usage("simulate writes a new log with --out DIR, not --log", hint: "write --out DIR")
        }
        format = try OutputFormat.parse(try arguments.option("format"), in: context)
        func required(_ name: String, _ example: String) throws(CommandError) -> String {
            guard let value = try arguments.option(name) else {
                throw .usage("simulate needs --\(name)", hint: "write --\(name) \(example)")
            }
            return value
        }
        let organisation = try required("org", "contoso")
        let dayText = try required("day", "2026-11-21")
        let eventsText = try required("events", "6000")
        let seedText = try required("seed", "2026")
        let outText = try required("out", "DIR")
        let daysText = try arguments.option("days")
        try arguments.finish(command: Self.name)

        guard dayText.utf8.count == 10, let day = Timestamp(rfc3339: dayText + "T00:00:00Z") else {
            throw .usage("--day '\(dayText)' is not a date", hint: "write --day YYYY-MM-DD (UTC)")
        }
        guard let events = Int(eventsText), events > 0 else {
            throw .usage("--events '\(eventsText)' is not a positive integer", hint: "write e.g. --events 6000")
        }
        guard let seed = UInt64(seedText) else {
            throw .usage("--seed '\(seedText)' is not a decimal integer below 2^64", hint: "write e.g. --seed 2026")
        }
        var days = 1
        if let daysText {
            guard let value = Int(daysText), value > 0 else {
                throw .usage("--days '\(daysText)' is not a positive integer", hint: "write e.g. --days 3")
            }
            days = value
        }
        do {
            plan = try Simulation(organisation: organisation, firstDay: day, days: days, events: events, seed: seed)
        } catch {
            throw .usage(error.description)
        }
        var out = context.resolve(outText)
        while out.count > 1, out.hasSuffix("/") { out.removeLast() }
        self.out = out
    }

    /// Where the keyring of the log in `directory` goes: beside it, never inside.
    static func keyringPath(for directory: String) -> String { directory + ".keyring.json" }

    func run(in context: CommandContext) throws(CommandError) -> ExitCode {
        let keyring = Self.keyringPath(for: out)
        var progress = Progress("simulating", on: context.errors)
        let summary: Simulation.Summary
        do {
            summary = try plan.write(to: LogDirectory(path: out), keyringPath: keyring) { progress.update($0) }
        } catch {
            progress.finish()
            switch error {
            case .log(let failure): throw CommandError(failure)
            case .keyring(let failure): throw CommandError(.usage, failure.description)
            case .invalidPlan, .logExists:
                throw CommandError(.usage, error.description, hint: "choose a new --out directory")
            }
        }
        progress.finish()
        let head = summary.head
        switch format {
        case .json:
            let json: JSONValue = [
                "events": .integer(Int64(summary.events)), "segments": .integer(Int64(summary.segments)),
                "bytes": .integer(summary.bytes), "head": head?.json ?? .null, "keyring": .string(keyring),
            ]
            context.output.line(JSONWriter.string(json))
        case .table:
            let megabytes = Double(summary.bytes) / 1_000_000
            context.output.line("wrote \(summary.events) events in \(summary.segments) segments "
                + "(\((megabytes * 10).rounded() / 10) MB) to \(out)")
            if let head { context.output.line("head seq \(head.seq) at \(head.time.rfc3339), hash \(head.hash)") }
            context.output.line("keyring \(keyring) (mode 0600): keep it out of the log directory and out of git")
        case .csv:
            context.output.write(TableRenderer.csv(
                columns: ["events", "segments", "bytes", "seq", "hash", "time", "keyring"],
                rows: [["\(summary.events)", "\(summary.segments)", "\(summary.bytes)", head.map { "\($0.seq)" } ?? "",
                        head?.hash ?? "", head?.time.rfc3339 ?? "", keyring]]))
        }
        return .ok
    }
}
