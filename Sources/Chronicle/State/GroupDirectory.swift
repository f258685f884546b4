/// Group memberships, indexed both ways (SPEC §3 `group.member.*`).
///
/// A member of an RLS role is a group when it has appeared as a `groupId`
/// in `group.member.added`; such a group stays a group when it empties.
/// Groups do not nest.
struct GroupDirectory: Sendable, Equatable {
    /// Every group ever added to, with its current users.
    private(set) var usersByGroup: [String: Set<String>] = [:]
    /// Every user's current groups (users without groups may be absent).
    private(set) var groupsByUser: [String: Set<String>] = [:]

    mutating func add(user: String, to group: String) {
        usersByGroup[group, default: []].insert(user)
        groupsByUser[user, default: []].insert(group)
    }

    mutating func remove(user: String, from group: String) {
        usersByGroup[group]?.remove(user)
        groupsByUser[user]?.remove(group)
        if groupsByUser[user]?.isEmpty == true { groupsByUser[user] = nil }
    }

    func isGroup(_ id: String) -> Bool { usersByGroup[id] != nil }

    func users(in group: String) -> Set<String> { usersByGroup[group] ?? [] }

    func groups(of user: String) -> Set<String> { groupsByUser[user] ?? [] }
}
