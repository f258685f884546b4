/// Where ``DecisionRules`` reads the state for a decision: straight from
/// it (``StateLookups``), or through answers a caller keeps at hand (the
/// replayer's ``ReplayLookups``). Every answer must be the one the state
/// gives; a conformer may only be faster.
protocol DecisionLookups {
    /// Calls `read` with the secret `id` of `state`; nil when it was never created.
    mutating func withSecret<Result>(_ id: String, in state: AuditState, _ read: (borrowing SecretRecord) -> Result) -> Result?
    /// The dataset of the report `id`; nil when the report is not registered.
    mutating func datasetOfReport(_ id: String, in state: AuditState) -> String?
    /// The RLS type of the dataset `id`; nil when it was never configured.
    mutating func rlsType(ofDataset id: String, in state: AuditState) -> RLSType?
    /// What `state` says of the token a decision presents (``AuditState/tokenStanding(id:)``).
    mutating func tokenStanding(_ reference: TokenReference, in state: AuditState) -> TokenStanding?
    /// The roles of `datasetId` assigned to `userId`, sorted ordinally.
    mutating func assignedRoles(of userId: String, on datasetId: String, in state: AuditState) -> [String]
}

/// The state's own answers, looked up anew for every decision.
struct StateLookups: DecisionLookups {
    func withSecret<Result>(_ id: String, in state: AuditState, _ read: (borrowing SecretRecord) -> Result) -> Result? {
        AuditState.withRecord(id, in: state.secrets, read)
    }

    func datasetOfReport(_ id: String, in state: AuditState) -> String? {
        AuditState.withRecord(id, in: state.reports) { $0.datasetId }
    }

    func rlsType(ofDataset id: String, in state: AuditState) -> RLSType? {
        AuditState.withRecord(id, in: state.datasets) { $0.rlsType }
    }

    func tokenStanding(_ reference: TokenReference, in state: AuditState) -> TokenStanding? {
        state.tokenStanding(id: reference.string)
    }

    func assignedRoles(of userId: String, on datasetId: String, in state: AuditState) -> [String] {
        state.assignedRoles(of: userId, on: datasetId).sortedOrdinally()
    }
}
