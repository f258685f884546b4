import Chronicle

/// `verify --keyring`: checks checkpoints (SPEC §6). Filled in when the keyring lands.
enum CheckpointCheck {
    static func run(keyringPath: String, log: LogDirectory, verification: ChainVerification) throws(CommandError) {
        throw .usage("--keyring is not supported yet")
    }
}
