/// The sorted roles of a dataset assigned to a user, as the replayer has
/// looked them up since the last event that could change them: decisions
/// ask for the same few pairs again and again.
struct AssignedRolesCache: Sendable {
    private struct Key: Hashable {
        var datasetId: String
        var userId: String
    }

    private var roles: [Key: [String]] = [:]

    /// The sorted roles of `datasetId` assigned to `userId` in `state`.
    mutating func roles(of userId: String, on datasetId: String, in state: AuditState) -> [String] {
        let key = Key(datasetId: datasetId, userId: userId)
        if let roles = roles[key] { return roles }
        let found = state.assignedRoles(of: userId, on: datasetId).sortedOrdinally()
        roles[key] = found
        return found
    }

    /// Forgets every pair (after an event that may change assignments).
    mutating func removeAll() {
        if !roles.isEmpty { roles.removeAll(keepingCapacity: true) }
    }
}
