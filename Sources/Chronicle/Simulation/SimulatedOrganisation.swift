/// The cast of a simulated tenant: its secrets, principals, workspaces,
/// datasets, reports, groups and row-level-security assignments, as they
/// stand when the simulation starts (SPEC §3).
///
/// The layout is fixed; only the organisation's name (in user names and
/// the `source`) and the secret values (from the seed) vary. It is small on
/// purpose: every id in it appears in `EventLogs/README.md`'s story.
struct SimulatedOrganisation: Sendable {
    /// A secret as created at the start, before any rotation.
    struct Secret: Sendable {
        var secretId: String
        var kind: SecretKind
        var owner: String
        var description: String
        /// Days after the first simulated midnight; nil: never expires.
        var expiresAfter: Expiry?
    }

    /// When a secret expires, relative to the first simulated day.
    enum Expiry: Sendable {
        /// `days` whole days after the first midnight.
        case days(Int64)
        /// At a time of day on the day of a story slot (see ``StorySchedule``).
        case storyDay(slot: Int, hour: Int64, minute: Int64)
    }

    struct Principal: Sendable {
        var principalId: String
        var kind: PrincipalKind
        var credentialSecretId: String
        var workspaces: [String]
    }

    struct Dataset: Sendable {
        var datasetId: String
        var workspaceId: String
        var rlsType: RLSType
        var roles: [String]
    }

    struct Report: Sendable {
        var reportId: String
        var workspaceId: String
        var datasetId: String
    }

    /// The organisation's name (`/orgs/<name>`).
    let name: String
    /// `admin@<name>.com`: who makes the administrative changes.
    let admin: String
    let secrets: [Secret]
    let principals: [Principal]
    let datasets: [Dataset]
    let reports: [Report]
    /// groupId → users, in order.
    let groups: [(groupId: String, users: [String])]
    /// (datasetId, role, member) at the start.
    let assignments: [(datasetId: String, role: String, member: String)]
    /// Users the sales portal embeds for, with the role the portal falls
    /// back to when the directory gives them none.
    let salesUsers: [(user: String, homeRole: String)]
    /// A sales user with no role at all: the portal's "not associated" case.
    let unassignedSalesUser: String
    /// Users the HR portal embeds for.
    let hrUsers: [(user: String, homeRole: String)]

    init(name: String) {
        self.name = name
        func user(_ local: String) -> String { "\(local)@\(name).com" }
        admin = user("admin")
        let alice = user("alice")
        secrets = [
            Secret(secretId: "sec-embed-primary", kind: .accessKey, owner: user("platform-team"),
                   description: "Power BI Embedded capacity key (primary)", expiresAfter: nil),
            Secret(secretId: "sec-embed-secondary", kind: .accessKey, owner: user("platform-team"),
                   description: "Power BI Embedded capacity key (secondary)", expiresAfter: nil),
            Secret(secretId: "sec-embed-legacy", kind: .accessKey, owner: user("bi-team"),
                   description: "legacy capacity key, to be decommissioned", expiresAfter: nil),
            Secret(secretId: "sec-sp-analytics", kind: .clientSecret, owner: "sp-analytics",
                   description: "client secret of the customer analytics portal's app registration",
                   expiresAfter: .storyDay(slot: 0, hour: 12, minute: 0)),
            Secret(secretId: "sec-sp-portal", kind: .clientSecret, owner: "sp-portal",
                   description: "client secret of the employee portal's app registration", expiresAfter: .days(21)),
            Secret(secretId: "sec-sp-billing", kind: .clientSecret, owner: "sp-billing",
                   description: "client secret of the billing service's app registration", expiresAfter: .days(200)),
            Secret(secretId: "sec-pw-alice", kind: .password, owner: alice,
                   description: "password of the self-service authoring master user", expiresAfter: .days(64)),
        ]
        principals = [
            Principal(principalId: "sp-analytics", kind: .servicePrincipal, credentialSecretId: "sec-sp-analytics",
                      workspaces: ["ws-sales"]),
            Principal(principalId: "sp-portal", kind: .servicePrincipal, credentialSecretId: "sec-sp-portal",
                      workspaces: ["ws-finance", "ws-hr"]),
            Principal(principalId: "sp-billing", kind: .servicePrincipal, credentialSecretId: "sec-sp-billing",
                      workspaces: ["ws-finance"]),
            Principal(principalId: alice, kind: .masterUser, credentialSecretId: "sec-pw-alice",
                      workspaces: ["ws-sales", "ws-finance"]),
        ]
        datasets = [
            Dataset(datasetId: "ds-sales", workspaceId: "ws-sales", rlsType: .cloud,
                    roles: ["Region-East", "Region-West", "Manager"]),
            Dataset(datasetId: "ds-finance", workspaceId: "ws-finance", rlsType: .none, roles: []),
            Dataset(datasetId: "ds-invoices", workspaceId: "ws-finance", rlsType: .rdl, roles: []),
            Dataset(datasetId: "ds-hr", workspaceId: "ws-hr", rlsType: .cloud, roles: ["Employee", "HR-Admin"]),
        ]
        reports = [
            Report(reportId: "rpt-sales-overview", workspaceId: "ws-sales", datasetId: "ds-sales"),
            Report(reportId: "rpt-sales-pipeline", workspaceId: "ws-sales", datasetId: "ds-sales"),
            Report(reportId: "rpt-finance-pl", workspaceId: "ws-finance", datasetId: "ds-finance"),
            Report(reportId: "rpt-finance-cashflow", workspaceId: "ws-finance", datasetId: "ds-finance"),
            Report(reportId: "rpt-invoices", workspaceId: "ws-finance", datasetId: "ds-invoices"),
            Report(reportId: "rpt-hr-headcount", workspaceId: "ws-hr", datasetId: "ds-hr"),
        ]
        groups = [
            ("grp-sales-east", ["ana", "ben", "chloe", "dev"].map(user)),
            ("grp-sales-west", ["grace", "hiro", "ines"].map(user)),
            ("grp-hr-staff", ["kemal", "lena", "mateo", "nora"].map(user)),
        ]
        assignments = [
            ("ds-sales", "Region-East", "grp-sales-east"),
            ("ds-sales", "Region-East", user("jonas")),
            ("ds-sales", "Region-West", "grp-sales-west"),
            ("ds-sales", "Region-West", user("erin")),
            ("ds-sales", "Manager", user("farid")),
            ("ds-hr", "Employee", "grp-hr-staff"),
            ("ds-hr", "HR-Admin", user("omar")),
        ]
        salesUsers = [
            ("ana", "Region-East"), ("ben", "Region-East"), ("chloe", "Region-East"), ("dev", "Region-East"),
            ("erin", "Region-West"), ("farid", "Manager"), ("grace", "Region-West"), ("hiro", "Region-West"),
            ("ines", "Region-West"), ("jonas", "Region-East"),
        ].map { (user($0.0), $0.1) }
        unassignedSalesUser = user("priya")
        hrUsers = [("kemal", "Employee"), ("lena", "Employee"), ("mateo", "Employee"), ("nora", "Employee"),
                   ("omar", "HR-Admin")].map { (user($0.0), $0.1) }
    }

    /// The master user of the self-service authoring app.
    var authoringUser: String { "alice@\(name).com" }

    func report(_ reportId: String) -> Report? { reports.first { $0.reportId == reportId } }

    /// The number of events ``setupPayloads(values:)`` produces.
    var setupEventCount: Int {
        secrets.count + principals.count + principals.reduce(0) { $0 + $1.workspaces.count } + datasets.count
            + reports.count + groups.reduce(0) { $0 + $1.users.count } + assignments.count
    }
}
