import Chronicle

/// `chronicle fingerprint`: the `fingerprint` of a secret value read on
/// stdin, so an admin can find the secret in the log without the log
/// holding it (SPEC §3, §8).
struct FingerprintCommand: Command {
    static let name = "fingerprint"
    static let abstract = "print the fingerprint of a secret value read on stdin"
    static let usage = """
        usage: chronicle fingerprint --keyring FILE [--format table|json|csv]

        Reads a secret value on stdin and prints hmac-sha256: + the hex HMAC-SHA256
        of it under the keyring's audit salt: the fingerprint secret.created and
        secret.rotated record. One trailing newline is not part of the value (\\n, or
        \\r\\n as Windows tools write it); everything else is, spaces included. An
        empty value is refused (exit 2). The value is never printed.

        example: printf '%s' "$SECRET" | chronicle fingerprint --keyring keyring.json
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
        let value = Self.value(from: context.readInput())
        guard !value.isEmpty else {
            throw .usage("no secret value on stdin", hint: "pipe the value in, e.g. printf '%s' \"$SECRET\" | chronicle fingerprint --keyring FILE")
        }
        let fingerprint = keyring.fingerprint(of: value)
        switch common.format {
        case .json: context.output.line(JSONWriter.string(["fingerprint": .string(fingerprint)]))
        case .table: context.output.line(fingerprint)
        case .csv: context.output.write(TableRenderer.csv(columns: ["fingerprint"], rows: [[fingerprint]]))
        }
        return .ok
    }

    /// The input without one trailing `\n` or `\r\n`.
    static func value(from input: [UInt8]) -> [UInt8] {
        var value = input
        if value.last == 0x0A {
            value.removeLast()
            if value.last == 0x0D { value.removeLast() }
        }
        return value
    }
}
