import Chronicle

/// `chronicle token issue`: a GenerateToken request through ``TokenIssuer``.
struct TokenIssueCommand {
    var common: CommonOptions
    var keyringPath: String
    var request: JSONValue

    init(parsing arguments: inout Arguments, in context: CommandContext) throws(CommandError) {
        common = try CommonOptions(parsing: &arguments, in: context)
        keyringPath = try KeyringLoading.option(&arguments, command: "token issue")
        func required(_ name: String, _ placeholder: String) throws(CommandError) -> String {
            guard let value = try arguments.option(name) else {
                throw .usage("`token issue` needs --\(name) \(placeholder)", hint: "see `chronicle token --help`")
            }
            return value
        }
        let principal = try required("principal", "PRINCIPALID")
        let key = try required("key", "SECRETID")
        let workspace = try required("workspace", "WORKSPACEID")
        let entraExpires = try parseTime(try required("entra-expires", "T"), option: "--entra-expires")
        let reports = try arguments.options("report")
        let datasets = try arguments.options("dataset")
        let targets = try arguments.options("target-workspace")
        var identities: [JSONValue] = []
        for text in try arguments.options("identity") { identities.append(try Self.identity(text)) }
        let access = try Self.accessLevel(try arguments.option("access"))
        let saveAs = arguments.flag("save-as")
        let lifetime = try arguments.option("lifetime").map(Self.lifetime)
        let renews = try arguments.option("renews")
        try arguments.finish(command: "token issue")

        request = [
            "principalId": .string(principal), "entraTokenExpiresAt": .string(entraExpires.rfc3339),
            "signingSecretId": .string(key), "workspaceId": .string(workspace), "reports": .strings(reports),
            "datasets": .strings(datasets), "targetWorkspaces": .strings(targets), "identities": .array(identities),
            "accessLevel": .string(access.rawValue), "allowSaveAs": .bool(saveAs),
            "lifetimeMinutes": lifetime.map { .integer($0) } ?? .null, "renews": .string(renews),
        ]
    }

    func run(in context: CommandContext) throws(CommandError) -> ExitCode {
        let keyring = try KeyringLoading.load(keyringPath, in: context)
        let writer = try LiveLog.open(common.log, follower: AuditState(), keyring: keyring)
        let issuer = TokenIssuer(log: writer, keyring: keyring, clock: context.now)
        let result: IssuanceResult
        do {
            result = try issuer.issue(request)
        } catch {
            LiveLog.warnAboutSideEffects(of: writer, in: context)
            throw LiveLog.commandError(error)
        }
        LiveLog.warnAboutSideEffects(of: writer, in: context)
        let json = common.formatIsExplicit && common.format == .json
        switch result {
        case .issued(let token):
            if json {
                context.output.line(JSONWriter.string([
                    "tokenId": .string(token.tokenId), "token": .string(token.jwt), "kid": .string(token.kid),
                    "expiresAt": .string(token.expiresAt.rfc3339),
                ]))
            } else {
                context.output.line(token.jwt)
            }
            return .ok
        case .rejected(let requestId, let reasons):
            if json {
                context.output.line(JSONWriter.string(["reasons": .strings(reasons)]))
            } else {
                context.errors.line("chronicle: token request rejected: \(reasons.joined(separator: ", "))")
                context.errors.line("hint: recorded as token.rejected \(requestId)")
            }
            return .negativeFinding
        }
    }

    /// `USER[:ROLE,…][@DATASET,…]`: the user up to the first `:` (or, without
    /// one, up to the last `@`), roles up to the last `@`, datasets after it.
    static func identity(_ text: String) throws(CommandError) -> JSONValue {
        func list(_ part: Substring?) -> [String] {
            (part ?? "").split(separator: ",", omittingEmptySubsequences: true).map(String.init)
        }
        var user = Substring(text)
        var roles: Substring?
        var datasets: Substring?
        if let colon = text.firstIndex(of: ":") {
            user = text[..<colon]
            let rest = text[text.index(after: colon)...]
            if let at = rest.lastIndex(of: "@") {
                roles = rest[..<at]
                datasets = rest[rest.index(after: at)...]
            } else {
                roles = rest
            }
        } else if let at = text.lastIndex(of: "@") {
            user = text[..<at]
            datasets = text[text.index(after: at)...]
        }
        guard !user.isEmpty else {
            throw .usage("--identity '\(text)' has no username", hint: "write USER[:ROLE,…][@DATASET,…], e.g. ann:EU@ds-sales")
        }
        return ["username": .string(String(user)), "roles": .strings(list(roles)), "datasets": .strings(list(datasets))]
    }

    static func accessLevel(_ value: String?) throws(CommandError) -> AccessLevel {
        guard let value else { return .view }
        guard let level = AccessLevel.allCases.first(where: { $0.rawValue.lowercased() == value.lowercased() }) else {
            throw .usage("--access '\(value)' is not an access level", hint: "use View, Edit or Create")
        }
        return level
    }

    static func lifetime(_ value: String) throws(CommandError) -> Int64 {
        guard let minutes = Int64(value), minutes > 0 else {
            throw .usage("--lifetime '\(value)' is not a positive number of minutes", hint: "e.g. --lifetime 60")
        }
        return minutes
    }
}
