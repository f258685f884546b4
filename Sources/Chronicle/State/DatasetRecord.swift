/// A configured dataset with its roles and their assignments (SPEC §3).
///
/// Only the roles the dataset currently defines hold assignments: a
/// `dataset.configured` that drops a role drops its assignments, and
/// defining the role again starts it empty.
public struct DatasetRecord: Sendable, Equatable {
    public let datasetId: String
    public internal(set) var workspaceId: String
    public internal(set) var rlsType: RLSType
    /// The defined roles, in configuration order, without repeats.
    public internal(set) var roles: [String]
    /// Direct assignees (users and groups) of every defined role.
    private(set) var assignments: [String: Set<String>]
    /// The same assignments by assignee: the defined roles of each user or group.
    private var rolesByMember: [String: Set<String>] = [:]

    init(_ configured: DatasetConfigured) {
        datasetId = configured.datasetId
        workspaceId = configured.workspaceId
        rlsType = configured.rlsType
        roles = []
        assignments = [:]
        reconfigure(configured)
    }

    mutating func reconfigure(_ configured: DatasetConfigured) {
        workspaceId = configured.workspaceId
        rlsType = configured.rlsType
        var kept: [String: Set<String>] = [:]
        var ordered: [String] = []
        ordered.reserveCapacity(configured.roles.count)
        for role in configured.roles where kept[role] == nil {
            kept[role] = assignments[role] ?? []
            ordered.append(role)
        }
        roles = ordered
        assignments = kept
        rolesByMember = [:]
        for (role, members) in kept {
            for member in members { rolesByMember[member, default: []].insert(role) }
        }
    }

    /// Assigns `role` to `member`; nothing when the dataset does not define it.
    mutating func assign(_ role: String, to member: String) {
        guard assignments[role] != nil else { return }
        assignments[role]?.insert(member)
        rolesByMember[member, default: []].insert(role)
    }

    /// Takes `role` from `member`, if it was assigned.
    mutating func unassign(_ role: String, from member: String) {
        guard assignments[role]?.contains(member) == true else { return }
        assignments[role]?.remove(member)
        rolesByMember[member]?.remove(role)
        if rolesByMember[member]?.isEmpty == true { rolesByMember[member] = nil }
    }

    /// The defined roles assigned to `member` directly.
    func roles(of member: String) -> Set<String> { rolesByMember[member] ?? [] }

    /// Whether the dataset currently defines `role`.
    public func defines(role: String) -> Bool { assignments[role] != nil }

    /// The direct assignees of `role` (empty when the role is not defined).
    public func members(ofRole role: String) -> Set<String> { assignments[role] ?? [] }
}

/// A registered report (SPEC §3 `report.registered`).
public struct ReportRecord: Sendable, Equatable {
    public let reportId: String
    public let workspaceId: String
    public let datasetId: String
}
