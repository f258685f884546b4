/// Why a GenerateToken request is rejected (SPEC §4.1–4.2), in rule order.
public enum IssuanceReason: String, Sendable, CaseIterable {
    /// The request is out of the §4.1 domains; alone, nothing else is checked.
    case requestInvalid = "request.invalid"
    /// Rule 1.
    case principalUnknown = "principal.unknown"
    /// Rule 2: the principal's credential secret.
    case credentialUnknown = "credential.unknown"
    case credentialRevoked = "credential.revoked"
    case credentialExpired = "credential.expired"
    /// Rule 3: the signing secret.
    case keyUnknown = "key.unknown"
    case keyRevoked = "key.revoked"
    case keyExpired = "key.expired"
    /// Rule 4.
    case entraExpired = "entra.expired"
    /// Rule 5.
    case workspacePersonal = "workspace.personal"
    /// Rule 6.
    case workspaceNotMember = "workspace.not_member"
    /// Rule 7.
    case resourceUnknown = "resource.unknown"
    /// Rule 8.
    case rdlMasterUser = "rdl.master_user"
    /// Rule 9.
    case rlsIdentityRequired = "rls.identity_required"
    /// Rule 10.
    case createDatasetRequired = "create.dataset_required"
}
