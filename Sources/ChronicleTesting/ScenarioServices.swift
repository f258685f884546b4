import Chronicle

/// The services a ``LogScenario`` step acts on: wired to the scenario's
/// in-memory log and keyring, with its clock and deterministic ids
/// (`tok-1`, `tok-2`, … for the issuer's token and request ids,
/// `dec-1`, `dec-2`, … for decisions).
public struct ScenarioServices {
    /// Issues tokens into ``log``.
    public let issuer: TokenIssuer
    /// Decides on tokens into ``log``.
    public let checker: AccessChecker
    /// The scenario's log.
    public let log: InMemoryLog
    /// The scenario's keyring.
    public let keyring: Keyring
    /// What the services' clock says.
    public let now: Timestamp
}
