/// The event types that SPEC §3 defines.
///
/// Any other non-empty `type` is legal on a line: readers keep and count it
/// (``AuditState/unknownTypes``) and projections skip it. Use
/// ``named(_:)`` (or `init(rawValue:)`) to tell the two apart.
public enum EventType: String, Sendable, CaseIterable {
    case secretCreated = "secret.created"
    case secretRotated = "secret.rotated"
    case secretRevoked = "secret.revoked"
    case principalRegistered = "principal.registered"
    case workspaceMemberAdded = "workspace.member.added"
    case workspaceMemberRemoved = "workspace.member.removed"
    case datasetConfigured = "dataset.configured"
    case reportRegistered = "report.registered"
    case groupMemberAdded = "group.member.added"
    case groupMemberRemoved = "group.member.removed"
    case rlsAssigned = "rls.assigned"
    case rlsUnassigned = "rls.unassigned"
    case tokenIssued = "token.issued"
    case tokenRejected = "token.rejected"
    case tokenRevoked = "token.revoked"
    case accessDecided = "access.decided"

    /// The known type named `name`, or nil. A hashed lookup: cheaper than
    /// `init(rawValue:)`, which compares `name` with every case in turn.
    public static func named(_ name: String) -> EventType? { byName[name] }

    private static let byName: [String: EventType] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })

    /// Whether the event records an administrative change, whose `data` may
    /// carry an optional `actor` (who made the change).
    public var isAdministrative: Bool {
        switch self {
        case .tokenIssued, .tokenRejected, .accessDecided: return false
        default: return true
        }
    }

    /// Whether replay re-derives events of this type (SPEC §10).
    public var isCheckedByReplay: Bool {
        switch self {
        case .tokenIssued, .tokenRejected, .accessDecided: return true
        default: return false
        }
    }
}
