import Chronicle

/// Loads the keyring a command needs (SPEC §7), turning every problem into
/// one `chronicle: …` line, a hint and exit 2. Messages name the file as
/// the user wrote it and never show a value.
enum KeyringLoading {
    /// The keyring at `path` (as given on the command line).
    static func load(_ path: String, in context: CommandContext) throws(CommandError) -> Keyring {
        do {
            return try Keyring.load(path: context.resolve(path))
        } catch {
            let error = relabel(error, path: path)
            switch error {
            case .permissionsTooOpen:
                throw .usage(error.description, hint: "chmod 600 \(path)")
            case .notFound:
                throw .usage(error.description, hint: "give the keyring file with --keyring FILE")
            case .malformed:
                throw .usage(error.description,
                             hint: #"a keyring is {"auditSalt": "…", "auditKey": "…", "secrets": {"<secretId>": {"<version>": "<value>"}}}"#)
            case .unreadable, .unwritable:
                throw .usage(error.description)
            }
        }
    }

    /// The `--keyring` option, required.
    static func option(_ arguments: inout Arguments, command: String) throws(CommandError) -> String {
        guard let path = try arguments.option("keyring") else {
            throw .usage("`\(command)` needs --keyring FILE", hint: "see `chronicle \(command) --help`")
        }
        return path
    }

    private static func relabel(_ error: KeyringError, path: String) -> KeyringError {
        switch error {
        case .notFound: return .notFound(path: path)
        case .unreadable(_, let reason): return .unreadable(path: path, reason: reason)
        case .permissionsTooOpen(_, let mode): return .permissionsTooOpen(path: path, mode: mode)
        case .malformed(_, let reason): return .malformed(path: path, reason: reason)
        case .unwritable(_, let reason): return .unwritable(path: path, reason: reason)
        }
    }
}
