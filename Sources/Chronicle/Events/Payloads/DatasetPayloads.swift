/// A dataset's row-level-security mode (SPEC §3 `dataset.configured`).
public enum RLSType: String, Sendable, CaseIterable {
    case none
    case cloud
    /// Paginated (RDL) reports: master users cannot embed them (SPEC §4.2 rule 8).
    case rdl
    case asOnPrem
    case asAzure
    case sso

    /// Whether access needs an effective identity with roles (every mode but `none` and `rdl`).
    public var enforcesRowLevelSecurity: Bool { self != .none && self != .rdl }
}

/// `dataset.configured`: creates or replaces a dataset's workspace, RLS mode
/// and roles; assignments of roles it still defines are kept.
public struct DatasetConfigured: Sendable, Equatable {
    public var datasetId: String
    public var workspaceId: String
    public var rlsType: RLSType
    public var roles: [String]
    public var actor: String?

    public init(datasetId: String, workspaceId: String, rlsType: RLSType, roles: [String], actor: String? = nil) {
        self.datasetId = datasetId
        self.workspaceId = workspaceId
        self.rlsType = rlsType
        self.roles = roles
        self.actor = actor
    }

    init<Source>(reading data: PayloadReader<Source>) throws(PayloadDecodingError) {
        datasetId = try data.string("datasetId")
        workspaceId = try data.string("workspaceId")
        rlsType = try data.enumeration("rlsType", RLSType.self)
        roles = try data.strings("roles")
        actor = try data.nullableString("actor")
    }

    var data: JSONValue {
        var json = PayloadWriter(capacity: 5)
        json.add("datasetId", datasetId)
        json.add("workspaceId", workspaceId)
        json.add("rlsType", rlsType.rawValue)
        json.add("roles", .strings(roles))
        json.addIfPresent("actor", actor)
        return json.json
    }
}

/// `report.registered`: a report on a dataset; a repeat replaces it.
public struct ReportRegistered: Sendable, Equatable {
    public var reportId: String
    public var workspaceId: String
    public var datasetId: String
    public var actor: String?

    public init(reportId: String, workspaceId: String, datasetId: String, actor: String? = nil) {
        self.reportId = reportId
        self.workspaceId = workspaceId
        self.datasetId = datasetId
        self.actor = actor
    }

    init<Source>(reading data: PayloadReader<Source>) throws(PayloadDecodingError) {
        reportId = try data.string("reportId")
        workspaceId = try data.string("workspaceId")
        datasetId = try data.string("datasetId")
        actor = try data.nullableString("actor")
    }

    var data: JSONValue {
        var json = PayloadWriter(capacity: 4)
        json.add("reportId", reportId)
        json.add("workspaceId", workspaceId)
        json.add("datasetId", datasetId)
        json.addIfPresent("actor", actor)
        return json.json
    }
}

/// `rls.assigned` / `rls.unassigned`: a user or a group in a dataset's role.
/// A member is a group when it has appeared as a `groupId` in `group.member.added`.
public struct RLSAssignment: Sendable, Equatable {
    public var datasetId: String
    public var role: String
    public var member: String
    public var actor: String?

    public init(datasetId: String, role: String, member: String, actor: String? = nil) {
        self.datasetId = datasetId
        self.role = role
        self.member = member
        self.actor = actor
    }

    init<Source>(reading data: PayloadReader<Source>) throws(PayloadDecodingError) {
        datasetId = try data.string("datasetId")
        role = try data.string("role")
        member = try data.string("member")
        actor = try data.nullableString("actor")
    }

    var data: JSONValue {
        var json = PayloadWriter(capacity: 4)
        json.add("datasetId", datasetId)
        json.add("role", role)
        json.add("member", member)
        json.addIfPresent("actor", actor)
        return json.json
    }
}
