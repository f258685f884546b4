/// Why `simulate` could not write its log. Messages name paths and
/// problems, never a secret value.
public enum SimulationError: Error, Sendable, CustomStringConvertible {
    /// The arguments describe no log this simulator can write.
    case invalidPlan(String)
    /// The output directory already holds a log (segments or checkpoints).
    case logExists(path: String)
    /// Writing the log failed.
    case log(LogError)
    /// Writing the keyring failed.
    case keyring(KeyringError)

    public var description: String {
        switch self {
        case .invalidPlan(let reason): return reason
        case .logExists(let path): return "\(path) already contains a log; simulate only writes into a new or empty directory"
        case .log(let error): return error.description
        case .keyring(let error): return error.description
        }
    }
}
