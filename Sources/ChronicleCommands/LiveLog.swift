import Chronicle

/// Opening the log for live issuance, decisions and checkpoints: an
/// existing log directory (a mistyped `--log` must not start a new log
/// and record decisions in it), a writer that keeps the domain state and
/// seals day-closing checkpoints with the keyring's audit key.
enum LiveLog {
    static func open<Follower: LogFollower>(
        _ directory: LogDirectory, follower: Follower, keyring: Keyring
    ) throws(CommandError) -> LogWriter<Follower> {
        guard directory.exists else {
            throw .usage("no log directory at \(directory.path)",
                         hint: "check --log (or $CHRONICLE_LOG); `chronicle append` starts a new log")
        }
        let name = directory.path.split(separator: "/").last.map(String.init) ?? "log"
        do {
            return try LogWriter(directory: directory, follower: follower, source: "/orgs/" + name,
                                 checkpointMAC: { keyring.checkpointMAC(seq: $0, hash: $1) })
        } catch {
            throw CommandError(error)
        }
    }

    /// Warns about what the writer did besides appending: quarantined torn
    /// tails and day-closing checkpoints it could not write.
    static func warnAboutSideEffects<Follower>(of writer: LogWriter<Follower>, in context: CommandContext) {
        for name in writer.quarantined {
            context.warn("an incomplete last line was moved to \(name)")
        }
        for failure in writer.checkpointFailures {
            context.warn("the day-closing checkpoint could not be written: \(failure)")
        }
    }

    /// The command-line form of a service failure: exit 3 when the log is
    /// damaged, else 2, and a hint saying what was (not) handed out.
    static func commandError(_ error: ServiceError) -> CommandError {
        switch error {
        case .issuanceNotRecorded(let cause), .decisionNotRecorded(let cause):
            let code: ExitCode = cause.isIntegrityFailure ? .integrity : .usage
            let hint = cause.isIntegrityFailure
                ? "run `chronicle verify` to see the first damaged line"
                : "nothing was recorded; check that the log directory is writable and the disk has room"
            return CommandError(code, error.description, hint: hint)
        case .signingKeyUnavailable(let kid):
            return .usage(error.description, hint: "the keyring must hold the current version of the signing secret (\(kid))")
        }
    }
}
