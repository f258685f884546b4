extension AuditState {
    /// Calls `read` with the record `id` of `records` where it is stored,
    /// without copying it (a copy retains each of its strings and arrays);
    /// nil when there is none. The rules read one or two fields this way
    /// on every decision.
    @inline(__always)
    static func withRecord<Record, Result>(
        _ id: String, in records: [String: Record], _ read: (borrowing Record) -> Result
    ) -> Result? {
        guard let index = records.index(forKey: id) else { return nil }
        return read(records.values[index])
    }
}

/// What the decision rules read of an issued token (rules 4, 5 and 15):
/// a plain value, so that looking it up copies no strings.
struct TokenStanding: Sendable, Equatable {
    var isRevoked: Bool
    /// The principal's kind when the token was issued; nil if it was not registered then.
    var principalKind: PrincipalKind?
}

extension AuditState {
    /// What the decision rules read of the token `id`; nil if no `token.issued` names it.
    func tokenStanding(id: String) -> TokenStanding? {
        Self.withRecord(id, in: tokens) { TokenStanding(isRevoked: $0.isRevoked, principalKind: $0.principalKind) }
    }
}
