/// The replayer's answers to the decision rules' questions about its
/// state (``DecisionLookups``), kept at hand between decisions and
/// forgotten when an event may change them (``forget(after:)``); each is
/// what the state itself would answer.
///
/// Secrets, reports and datasets are few and each decision asks for one
/// of each: the last few asked for are kept in short lists, compared
/// string by string (the same id read on one thread is mostly the same
/// string, which compares at once), instead of being hashed and copied
/// out of the state's dictionaries on every decision.
struct ReplayLookups: DecisionLookups {
    /// Secrets that exist (a decision naming an unknown one looks it up anew).
    private var secrets = RecentAnswers<SecretRecord>()
    private var reportDatasets = RecentAnswers<String?>()
    private var rlsTypes = RecentAnswers<RLSType?>()
    /// Sorted assigned roles by dataset and user.
    private var assignedRoles = AssignedRolesCache()
    /// ``AuditState/tokenStanding(id:)`` for every token of the state, kept
    /// in step with it, while every token id is a ``ShortASCIIKey``:
    /// decisions look tokens up here by the hash each key carries, without
    /// hashing strings, copying records or following pointers (a nil
    /// standing: an id the state does not know, such as one revoked but
    /// never issued). Nil once an id is not a short key, for good (then the
    /// state answers).
    private var tokenStandings: ShortKeyTable<TokenStanding?>? = ShortKeyTable()

    /// Forgets what `step` (just folded into `state`) may have changed.
    mutating func forget(after step: FoldStep, in state: AuditState) {
        if step.mayChangeRoles { assignedRoles.removeAll() }
        switch step {
        case .issuedToken(let issuance): noteStanding(ofToken: issuance.tokenId, in: state)
        case .payload(.tokenIssued(let issued)): noteStanding(ofToken: issued.tokenId, in: state)
        case .payload(.tokenRevoked(let revoked)): noteStanding(ofToken: revoked.tokenId, in: state)
        case .payload(.secretCreated), .payload(.secretRotated), .payload(.secretRevoked): secrets.removeAll()
        case .payload(.reportRegistered): reportDatasets.removeAll()
        case .payload(.datasetConfigured): rlsTypes.removeAll()
        default: break
        }
    }

    /// Copies what the state now says of the token `id` into ``tokenStandings``.
    private mutating func noteStanding(ofToken id: String, in state: AuditState) {
        guard tokenStandings != nil else { return }
        if let key = ShortASCIIKey(id) {
            tokenStandings![key] = .some(state.tokenStanding(id: id))
        } else {
            tokenStandings = nil
        }
    }

    mutating func withSecret<Result>(_ id: String, in state: AuditState, _ read: (borrowing SecretRecord) -> Result) -> Result? {
        // No closure captures `state` here: one that did would copy it on every call.
        if let index = secrets.index(of: id) { return secrets.withAnswer(at: index, read) }
        guard let secret = state.secrets[id] else { return nil }
        let index = secrets.keep(secret, for: id)
        return secrets.withAnswer(at: index, read)
    }

    mutating func datasetOfReport(_ id: String, in state: AuditState) -> String? {
        if let index = reportDatasets.index(of: id) { return reportDatasets.withAnswer(at: index) { $0 } }
        let datasetId = AuditState.withRecord(id, in: state.reports) { $0.datasetId }
        _ = reportDatasets.keep(datasetId, for: id)
        return datasetId
    }

    mutating func rlsType(ofDataset id: String, in state: AuditState) -> RLSType? {
        if let index = rlsTypes.index(of: id) { return rlsTypes.withAnswer(at: index) { $0 } }
        let rlsType = AuditState.withRecord(id, in: state.datasets) { $0.rlsType }
        _ = rlsTypes.keep(rlsType, for: id)
        return rlsType
    }

    mutating func tokenStanding(_ reference: TokenReference, in state: AuditState) -> TokenStanding? {
        guard case .short(let key) = reference, tokenStandings != nil else { return state.tokenStanding(id: reference.string) }
        return tokenStandings![key] ?? nil
    }

    mutating func assignedRoles(of userId: String, on datasetId: String, in state: AuditState) -> [String] {
        assignedRoles.roles(of: userId, on: datasetId, in: state)
    }
}

/// The answers for the last few ids asked for, oldest replaced first.
struct RecentAnswers<Answer: Sendable>: Sendable {
    /// How many answers are kept.
    static var capacity: Int { 8 }

    private var ids: [String] = []
    private var answers: [Answer] = []
    /// The slot the next new answer replaces, once every slot is in use.
    private var nextReplaced = 0

    /// The slot of the answer for `id`, if it is kept.
    func index(of id: String) -> Int? {
        for index in ids.indices where ids[index] == id { return index }
        return nil
    }

    /// Keeps `answer` for `id` (not kept yet), in place of the oldest when full.
    /// - Returns: its slot.
    mutating func keep(_ answer: Answer, for id: String) -> Int {
        if ids.count < Self.capacity {
            ids.append(id)
            answers.append(answer)
            return ids.count - 1
        }
        let index = nextReplaced
        nextReplaced = (nextReplaced + 1) % Self.capacity
        ids[index] = id
        answers[index] = answer
        return index
    }

    /// Calls `read` with the answer in `slot`, in place.
    func withAnswer<Result>(at slot: Int, _ read: (borrowing Answer) -> Result) -> Result {
        read(answers[slot])
    }

    mutating func removeAll() {
        ids.removeAll(keepingCapacity: true)
        answers.removeAll(keepingCapacity: true)
        nextReplaced = 0
    }
}
