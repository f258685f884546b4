/// Read access to the folded state, for the rules, the projections, the
/// command line and the test kit.
extension AuditState {
    /// The secret `id`, or nil if it was never created.
    public func secret(id: String) -> SecretRecord? { secrets[id] }

    /// The principal `id`, or nil if it is not registered.
    public func principal(id: String) -> PrincipalRecord? { principals[id] }

    /// The dataset `id`, or nil if it was never configured.
    public func dataset(id: String) -> DatasetRecord? { datasets[id] }

    /// The report `id`, or nil if it is not registered.
    public func report(id: String) -> ReportRecord? { reports[id] }

    /// The token `id`, or nil if no `token.issued` names it.
    public func tokenInfo(id: String) -> TokenRecord? { tokens[id] }

    /// Whether `principalId` is currently a member of `workspaceId`.
    public func isMember(_ principalId: String, ofWorkspace workspaceId: String) -> Bool {
        workspacesByPrincipal[principalId]?.contains(workspaceId) ?? false
    }

    /// Whether `id` has appeared as a `groupId` in `group.member.added`.
    public func isGroup(_ id: String) -> Bool { groups.isGroup(id) }

    /// The current users of `groupId`.
    public func users(inGroup groupId: String) -> Set<String> { groups.users(in: groupId) }

    /// The groups `userId` is currently in.
    public func groups(ofUser userId: String) -> Set<String> { groups.groups(of: userId) }

    /// Why the secret `id` cannot be used at `time`, or nil if it can
    /// (unknown, then revoked, then expired: the first that applies).
    func problem(withSecret id: String, at time: Timestamp) -> SecretProblem? {
        // Read in place: a copy of the record would retain each of its strings.
        let problem = Self.withRecord(id, in: secrets) { secret -> SecretProblem? in
            if secret.isRevoked { return .revoked }
            if secret.isExpired(at: time) { return .expired }
            return nil
        }
        return problem ?? .unknown
    }

    /// The roles of `datasetId` assigned to `userId` directly or through a
    /// group the user is in, unsorted (SPEC §5.2 "effective roles", before
    /// narrowing by the token's `roles` claim).
    public func assignedRoles(of userId: String, on datasetId: String) -> [String] {
        guard let dataset = datasets[datasetId] else { return [] }
        var roles = dataset.roles(of: userId)
        for group in groups.groups(of: userId) { roles.formUnion(dataset.roles(of: group)) }
        return Array(roles)
    }

    /// The users a role's members resolve to: each member that is a group
    /// contributes its current users, any other member is a user.
    func resolvedUsers(of members: Set<String>) -> Set<String> {
        var users = Set<String>()
        for member in members {
            if groups.isGroup(member) {
                users.formUnion(groups.users(in: member))
            } else {
                users.insert(member)
            }
        }
        return users
    }
}
