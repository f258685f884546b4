import Chronicle

/// `chronicle token check`: an access decision through ``AccessChecker``.
struct TokenCheckCommand {
    var common: CommonOptions
    var keyringPath: String
    /// The token as given, or nil to read it from stdin (`-`).
    var token: String?
    var request: JSONValue

    init(parsing arguments: inout Arguments, in context: CommandContext) throws(CommandError) {
        common = try CommonOptions(parsing: &arguments, in: context)
        keyringPath = try KeyringLoading.option(&arguments, command: "token check")
        guard let operationName = try arguments.option("operation") else {
            throw .usage("`token check` needs --operation OP", hint: Self.operationsHint)
        }
        guard let operation = Chronicle.Operation(rawValue: operationName) else {
            throw .usage("--operation '\(operationName)' is not an operation", hint: Self.operationsHint)
        }
        guard let workspace = try arguments.option("workspace") else {
            throw .usage("`token check` needs --workspace WORKSPACEID", hint: "see `chronicle token --help`")
        }
        let report = try arguments.option("report")
        let dataset = try arguments.option("dataset")
        guard let token = arguments.positional() else {
            throw .usage("`token check` needs the token", hint: "give the JWT as the first argument, or - to read it from stdin")
        }
        try arguments.finish(command: "token check")
        if token != "-" { try Self.checkShape(token) }
        self.token = token == "-" ? nil : token
        request = ["operation": .string(operation.rawValue), "reportId": .string(report), "datasetId": .string(dataset),
                   "workspaceId": .string(workspace)]
    }

    static let operationsHint = "use one of " + Chronicle.Operation.allCases.map(\.rawValue).joined(separator: ", ")

    func run(in context: CommandContext) throws(CommandError) -> ExitCode {
        let jwt: String
        if let token {
            jwt = token
        } else {
            var text = String(decoding: context.readInput(), as: UTF8.self)
            while let last = text.last, last.isWhitespace { text.removeLast() }
            try Self.checkShape(text)
            jwt = text
        }
        let keyring = try KeyringLoading.load(keyringPath, in: context)
        let writer = try LiveLog.open(common.log, follower: AuditState(), keyring: keyring)
        let checker = AccessChecker(log: writer, keyring: keyring, clock: context.now)
        let outcome: AccessOutcome
        do {
            outcome = try checker.check(token: jwt, request: request)
        } catch {
            LiveLog.warnAboutSideEffects(of: writer, in: context)
            throw LiveLog.commandError(error)
        }
        LiveLog.warnAboutSideEffects(of: writer, in: context)
        switch common.format {
        case .json:
            context.output.line(JSONWriter.string(outcome.json))
        case .table:
            context.output.line("effect   \(outcome.effect.rawValue)")
            context.output.line("reasons  \(outcome.reasons.isEmpty ? "-" : outcome.reasons.joined(separator: ", "))")
            context.output.line("roles    \(outcome.roles.isEmpty ? "-" : outcome.roles.joined(separator: ", "))")
        case .csv:
            context.output.write(TableRenderer.csv(
                columns: ["effect", "reasons", "roles"],
                rows: [[outcome.effect.rawValue, outcome.reasons.joined(separator: " "), outcome.roles.joined(separator: " ")]]))
        }
        return outcome.effect == .allow ? .ok : .negativeFinding
    }

    /// Refuses (exit 2) a string that is not a compact JWT in shape: three
    /// parts separated by `.`, the header and payload non-empty, every
    /// character base64url (the signature may be empty, as in `alg: none`).
    /// The token is never echoed.
    static func checkShape(_ token: String) throws(CommandError) {
        let parts = token.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        let isBase64URL = { (byte: UInt8) -> Bool in
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty, parts.allSatisfy({ $0.allSatisfy(isBase64URL) })
        else {
            throw .usage("the token is not a JWT: it must be three base64url parts separated by '.'",
                         hint: "pass the token exactly as issued (header.payload.signature); nothing was recorded")
        }
    }
}
