/// One scripted event of the simulation's stories (``StorySchedule``).
/// Each step writes exactly one event.
enum StoryStep: Sendable {
    /// An `audit.note`: a type §3 does not define, kept and counted by readers.
    case note(subject: String, text: String)
    /// A GenerateToken request by `app` for `user` (a local name, or nil for
    /// no identity), with an app mistake if `anomaly` says so; the token, if
    /// issued, is remembered under `tag`.
    case issue(tag: String, app: EmbedApp.Kind, user: String?, access: AccessLevel = .view, saveAs: Bool = false,
               lifetimeMinutes: Int64, entraMinutes: Int64, signingSecretId: String? = nil,
               anomaly: IssuanceAnomaly = .none)
    /// An access decision on the token remembered under `tag`.
    case decide(tag: String, operation: Operation)
    /// An access decision on a forgery made from the token under `tag`.
    case forge(Forgery.Kind, tag: String)
    /// `secret.rotated`: the next version; `graceMinutes` becomes
    /// `previousValidUntil` (nil: the previous version stops at once);
    /// `validDays` its expiry (nil: never).
    case rotate(secretId: String, graceMinutes: Int64?, validDays: Int64?)
    case revokeSecret(secretId: String, reason: String)
    /// `token.revoked` for the token under `tag`.
    case revokeToken(tag: String, reason: String)
    case unassign(datasetId: String, role: String, user: String)
    case leaveGroup(groupId: String, user: String)
    case joinGroup(groupId: String, user: String)
    case leaveWorkspace(workspaceId: String, principalId: String)
}
