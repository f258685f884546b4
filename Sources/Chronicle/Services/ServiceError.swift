/// Why a live service call handed out neither a token nor an `allow`.
///
/// The services fail closed (SPEC §6): a token or an `allow` exists only
/// once its event is durable. Every case says what the caller must assume,
/// and no description contains a token or a secret value.
public enum ServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `token.issued` or `token.rejected` event could not be appended:
    /// no token was issued.
    case issuanceNotRecorded(LogError)
    /// The `access.decided` event could not be appended: the access is denied.
    case decisionNotRecorded(LogError)
    /// The rules accepted the request, but the keyring has no value for the
    /// signing secret's current version (`kid`). Nothing was appended and no
    /// token was issued: this is a deployment fault, not a policy decision,
    /// so it leaves no `token.rejected` that replay would contradict.
    case signingKeyUnavailable(kid: String)

    /// The log failure behind the error, if there is one.
    public var logError: LogError? {
        switch self {
        case .issuanceNotRecorded(let error), .decisionNotRecorded(let error): return error
        case .signingKeyUnavailable: return nil
        }
    }

    public var description: String {
        switch self {
        case .issuanceNotRecorded(let error):
            return "no token was issued: the issuance could not be recorded: \(error)"
        case .decisionNotRecorded(let error):
            return "access denied: the decision could not be recorded: \(error)"
        case .signingKeyUnavailable(let kid):
            return "no token was issued: the keyring has no value for the signing key \(kid) "
                + "(add that version to the keyring; nothing was recorded)"
        }
    }
}
