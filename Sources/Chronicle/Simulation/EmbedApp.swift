/// An application of the simulated tenant that embeds reports: who it
/// authenticates as, what it asks GenerateToken for, and with which key.
struct EmbedApp: Sendable {
    enum Kind: Int, Sendable, CaseIterable {
        /// sp-analytics: the customer portal, sales reports with an effective identity (cloud RLS).
        case salesPortal
        /// sp-portal: the employee portal's finance reports (no RLS).
        case financePortal
        /// sp-portal: the employee portal's HR report (cloud RLS, identity).
        case hrPortal
        /// sp-billing: paginated invoices (an `rdl` dataset).
        case billing
        /// alice, a master user: self-service authoring on the sales dataset.
        case authoring
        /// alice reading finance reports.
        case authoringFinance
    }

    /// Who the effective identity is, if the app sends one.
    enum IdentitySource: Sendable {
        case none
        case sales
        case hr
    }

    /// An access level the app asks for, with its share of requests.
    struct Grant: Sendable {
        var level: AccessLevel
        var allowSaveAs: Bool
        var weight: Int
    }

    let kind: Kind
    let principalId: String
    let workspaceId: String
    /// The report sets the app embeds, one chosen per session.
    let reportSets: [[String]]
    /// `datasets` of the request (authoring's Create tokens).
    let datasets: [String]
    let identity: IdentitySource
    let grants: [Grant]
    /// The access key that signs its tokens (the authoring app uses the
    /// legacy key until ``StorySchedule/legacyKeyRetiredAt``).
    let signingSecretId: String
    /// `lifetimeMinutes` it asks for; nil: it leaves the member null (60).
    let lifetimeMinutes: Int64?
    /// Its share of new sessions.
    let weight: Int

    /// The apps of `organisation`, indexed by ``Kind/rawValue``.
    static func all(in organisation: SimulatedOrganisation) -> [EmbedApp] {
        let alice = organisation.authoringUser
        return [
            EmbedApp(kind: .salesPortal, principalId: "sp-analytics", workspaceId: "ws-sales",
                     reportSets: [["rpt-sales-overview"], ["rpt-sales-pipeline"], ["rpt-sales-overview", "rpt-sales-pipeline"]],
                     datasets: [], identity: .sales,
                     grants: [Grant(level: .view, allowSaveAs: false, weight: 70),
                              Grant(level: .edit, allowSaveAs: true, weight: 15),
                              Grant(level: .edit, allowSaveAs: false, weight: 15)],
                     signingSecretId: "sec-embed-primary", lifetimeMinutes: 60, weight: 38),
            EmbedApp(kind: .financePortal, principalId: "sp-portal", workspaceId: "ws-finance",
                     reportSets: [["rpt-finance-pl"], ["rpt-finance-cashflow"], ["rpt-finance-pl", "rpt-finance-cashflow"]],
                     datasets: [], identity: .none,
                     grants: [Grant(level: .view, allowSaveAs: false, weight: 80),
                              Grant(level: .edit, allowSaveAs: true, weight: 20)],
                     signingSecretId: "sec-embed-secondary", lifetimeMinutes: nil, weight: 18),
            EmbedApp(kind: .hrPortal, principalId: "sp-portal", workspaceId: "ws-hr",
                     reportSets: [["rpt-hr-headcount"]], datasets: [], identity: .hr,
                     grants: [Grant(level: .view, allowSaveAs: false, weight: 1)],
                     signingSecretId: "sec-embed-secondary", lifetimeMinutes: 30, weight: 10),
            EmbedApp(kind: .billing, principalId: "sp-billing", workspaceId: "ws-finance",
                     reportSets: [["rpt-invoices"]], datasets: [], identity: .none,
                     grants: [Grant(level: .view, allowSaveAs: false, weight: 1)],
                     signingSecretId: "sec-embed-secondary", lifetimeMinutes: 120, weight: 12),
            EmbedApp(kind: .authoring, principalId: alice, workspaceId: "ws-sales",
                     reportSets: [["rpt-sales-overview"]], datasets: ["ds-sales"], identity: .none,
                     grants: [Grant(level: .create, allowSaveAs: false, weight: 35),
                              Grant(level: .create, allowSaveAs: true, weight: 25),
                              Grant(level: .edit, allowSaveAs: true, weight: 40)],
                     signingSecretId: "sec-embed-primary", lifetimeMinutes: 90, weight: 12),
            EmbedApp(kind: .authoringFinance, principalId: alice, workspaceId: "ws-finance",
                     reportSets: [["rpt-finance-pl"], ["rpt-finance-cashflow"]], datasets: [], identity: .none,
                     grants: [Grant(level: .view, allowSaveAs: false, weight: 1)],
                     signingSecretId: "sec-embed-primary", lifetimeMinutes: 60, weight: 10),
        ]
    }
}
