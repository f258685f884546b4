/// Why an access decision denies (SPEC §5.1–5.2), in rule order.
public enum DecisionReason: String, Sendable, CaseIterable {
    /// The request is out of the §5.1 domains; alone, checked before `token.malformed`.
    case requestInvalid = "request.invalid"
    /// The token's claims are unusable; alone.
    case tokenMalformed = "token.malformed"
    /// Rule 1.
    case tokenSignatureInvalid = "token.signature_invalid"
    /// Rule 2.
    case keyUnknown = "key.unknown"
    case keyRevoked = "key.revoked"
    case keyExpired = "key.expired"
    /// Rule 3.
    case keySuperseded = "key.superseded"
    /// Rule 4.
    case tokenUnknown = "token.unknown"
    /// Rule 5.
    case tokenRevoked = "token.revoked"
    /// Rule 6.
    case tokenExpired = "token.expired"
    /// Rule 7.
    case tokenNotYetValid = "token.not_yet_valid"
    /// Rule 8.
    case tokenAudienceMismatch = "token.audience_mismatch"
    /// Rule 9.
    case tokenTypeUnsupported = "token.type_unsupported"
    /// Rule 10.
    case workspaceMismatch = "workspace.mismatch"
    /// Rule 11.
    case resourceUnknown = "resource.unknown"
    /// Rule 12.
    case resourceNotInToken = "resource.not_in_token"
    /// Rule 13.
    case scopeInsufficient = "scope.insufficient"
    /// Rule 14.
    case rlsIdentityRequired = "rls.identity_required"
    /// Rule 15.
    case rlsUserNotAssociated = "rls.user_not_associated"
    /// Replay only: the decision was recorded under a policy version this project does not know.
    case policyUnknown = "policy.unknown"
}
