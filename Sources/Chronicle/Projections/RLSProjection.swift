/// `chronicle project rls`: every configured dataset with every role it
/// defines, its direct members and the users they resolve to (SPEC §9).
public struct RLSProjection: Sendable, Equatable {
    /// One role of a dataset.
    public struct Role: Sendable, Equatable {
        public var role: String
        /// Direct assignees (users and groups), sorted.
        public var members: [String]
        /// Direct users plus the current users of member groups, sorted.
        public var users: [String]
    }

    /// One dataset.
    public struct Dataset: Sendable, Equatable {
        public var datasetId: String
        public var workspaceId: String
        public var rlsType: RLSType
        /// Every defined role, sorted by name, members or not.
        public var roles: [Role]
    }

    /// The events this projection depends on: `dataset.configured`, `group.member.*` and `rls.*`. A fold of
    /// only these gives the same projection as a fold of the whole log.
    public static let eventTypes: Set<EventType> = [.datasetConfigured, .groupMemberAdded, .groupMemberRemoved, .rlsAssigned, .rlsUnassigned]

    public var asOf: Timestamp
    public var seq: Int64
    /// Sorted by `datasetId`.
    public var datasets: [Dataset]

    /// Projects the RLS assignments of `state`, the fold of every event with `time` ≤ `asOf`.
    public init(state: AuditState, asOf: Timestamp, seq: Int64) {
        self.asOf = asOf
        self.seq = seq
        datasets = state.datasets.values
            .map { dataset in
                Dataset(
                    datasetId: dataset.datasetId, workspaceId: dataset.workspaceId, rlsType: dataset.rlsType,
                    roles: dataset.roles.sortedOrdinally().map { role in
                        let members = dataset.members(ofRole: role)
                        return Role(
                            role: role, members: members.sortedOrdinally(),
                            users: state.resolvedUsers(of: members).sortedOrdinally())
                    })
            }
            .sorted { $0.datasetId.ordinallyPrecedes($1.datasetId) }
    }

    /// `{"asOf", "seq", "datasets": [...]}` exactly as SPEC §9 shows.
    public var json: JSONValue {
        let datasets: [JSONValue] = datasets.map { dataset in
            [
                "datasetId": .string(dataset.datasetId), "workspaceId": .string(dataset.workspaceId),
                "rlsType": .string(dataset.rlsType.rawValue),
                "roles": .array(
                    dataset.roles.map { role in
                        ["role": .string(role.role), "members": .strings(role.members), "users": .strings(role.users)]
                    }),
            ]
        }
        return ["asOf": .string(asOf.rfc3339), "seq": .integer(seq), "datasets": .array(datasets)]
    }

    /// One row per dataset × role (a dataset without roles gets one row with
    /// role `-`): the direct members, shortened, and how many users they resolve to.
    public var table: ProjectionTable {
        var rows: [[String]] = []
        for dataset in datasets {
            let id = TableCell.clipped(dataset.datasetId, to: 14)
            if dataset.roles.isEmpty { rows.append([id, dataset.rlsType.rawValue, "-", "", "0"]) }
            for role in dataset.roles {
                rows.append([
                    id, dataset.rlsType.rawValue, TableCell.clipped(role.role, to: 12),
                    TableCell.clipped(role.members.joined(separator: ","), to: 30), "\(role.users.count)",
                ])
            }
        }
        return ProjectionTable(columns: ["DATASET", "RLS", "ROLE", "MEMBERS", "USERS"], rows: rows)
    }
}
