/// Everything the rules and projections need to know, folded from the log
/// one event at a time (SPEC §3).
///
/// The fold is pure and O(1) amortised per event: dictionaries keyed by id,
/// no sorting (sorting happens when a projection is rendered). Memory grows
/// with the state (secrets, principals, tokens, …), not with the log.
///
/// ```swift
/// var state = AuditState()
/// for event in events where event.time <= asOf {
///     if case .ignored(let why) = state.apply(event) { warn(event.seq, why) }
/// }
/// let secrets = SecretsProjection(state: state, asOf: asOf, seq: lastSeq)
/// ```
///
/// Events that §3 calls invalid, and events whose `data` does not decode,
/// are skipped and counted in ``ignored``; unknown types are counted in
/// ``unknownTypes``.
public struct AuditState: Sendable, Equatable {
    package private(set) var secrets: [String: SecretRecord] = [:]
    package private(set) var principals: [String: PrincipalRecord] = [:]
    /// principalId → the workspaces it is a member of.
    package private(set) var workspacesByPrincipal: [String: Set<String>] = [:]
    package private(set) var datasets: [String: DatasetRecord] = [:]
    package private(set) var reports: [String: ReportRecord] = [:]
    private(set) var groups = GroupDirectory()
    package private(set) var tokens: [String: TokenRecord] = [:]

    /// Events skipped as invalid against the state or undecodable.
    public private(set) var ignored = 0
    /// Events of a type §3 does not define.
    public private(set) var unknownTypes = 0
    /// Events that changed (or harmlessly repeated) the state.
    public private(set) var applied = 0
    /// The `seq` of the last event given to ``apply(_:)`` (0 before any).
    public private(set) var lastSeq: Int64 = 0
    /// The `time` of the last event given to ``apply(_:)``.
    public private(set) var lastTime: Timestamp?

    /// An empty state: the state before the first event of a log.
    public init() {}

    /// Folds one event into the state.
    ///
    /// - Parameter event: The next event in log order.
    /// - Returns: Whether it was applied, ignored (and why) or of an unknown type.
    @discardableResult
    public mutating func apply(_ event: Event) -> FoldResult {
        let payload: EventPayload
        do {
            payload = try EventPayload.decode(type: event.type, data: event.data)
        } catch {
            record(event)
            ignored += 1
            return .ignored(reason: error.description)
        }
        return apply(payload, of: event)
    }

    /// Folds an event whose payload the caller already decoded.
    package mutating func apply(_ payload: EventPayload, of event: Event) -> FoldResult {
        apply(payload, seq: event.seq, time: event.time)
    }

    private mutating func apply(_ payload: EventPayload, seq: Int64, time: Timestamp) -> FoldResult {
        record(seq: seq, time: time)
        if case .unknown = payload {
            unknownTypes += 1
            return .unknownType
        }
        if let reason = invalidity(of: payload) {
            ignored += 1
            return .ignored(reason: reason)
        }
        mutate(with: payload, at: time)
        applied += 1
        return .applied
    }

    /// Folds the event at `seq` and `time`, already reduced to a step by a
    /// streaming reader: the same result as ``apply(_:)`` on the event.
    @discardableResult
    mutating func apply(_ step: FoldStep, seq: Int64, time: Timestamp) -> FoldResult {
        switch step {
        case .payload(let payload):
            return apply(payload, seq: seq, time: time)
        case .undecodable(let reason):
            record(seq: seq, time: time)
            ignored += 1
            return .ignored(reason: reason)
        case .unknownType:
            record(seq: seq, time: time)
            unknownTypes += 1
            return .unknownType
        case .unchanged:
            record(seq: seq, time: time)
            applied += 1
            return .applied
        case .issuedToken(let issuance):
            record(seq: seq, time: time)
            tokens[issuance.tokenId] = tokenRecord(for: issuance, at: time)
            applied += 1
            return .applied
        }
    }

    private mutating func record(_ event: Event) { record(seq: event.seq, time: event.time) }

    private mutating func record(seq: Int64, time: Timestamp) {
        lastSeq = seq
        lastTime = time
    }

    /// Why `event` would be ignored, or nil if ``apply(_:)`` would apply it
    /// (unknown types are not errors: nil). `append` uses this to reject
    /// invalid events before writing them.
    ///
    /// - Parameter event: A candidate next event.
    /// - Returns: A one-line reason, e.g. `secret.rotated: version 3 is not 1 + the current version 1`.
    public func validate(_ event: Event) -> String? {
        do {
            let payload = try EventPayload.decode(type: event.type, data: event.data)
            return invalidity(of: payload)
        } catch {
            return error.description
        }
    }

    /// Why `payload` is invalid against the state (SPEC §3), or nil.
    package func invalidity(of payload: EventPayload) -> String? {
        switch payload {
        case .secretCreated(let created):
            if secrets[created.secretId] != nil { return "secret.created: secret \(created.secretId) already exists" }
        case .secretRotated(let rotated):
            guard let secret = secrets[rotated.secretId] else {
                return "secret.rotated: unknown secret \(rotated.secretId)"
            }
            if secret.isRevoked { return "secret.rotated: secret \(rotated.secretId) is revoked" }
            if rotated.version != secret.version + 1 {
                return "secret.rotated: version \(rotated.version) of \(rotated.secretId) is not \(secret.version + 1)"
            }
        case .secretRevoked(let revoked):
            if secrets[revoked.secretId] == nil { return "secret.revoked: unknown secret \(revoked.secretId)" }
        case .principalRegistered(let registered):
            if principals[registered.principalId] != nil {
                return "principal.registered: principal \(registered.principalId) is already registered"
            }
        case .tokenRevoked(let revoked):
            if tokens[revoked.tokenId] == nil { return "token.revoked: token \(revoked.tokenId) was never issued" }
        case .rlsAssigned(let assignment):
            if datasets[assignment.datasetId]?.defines(role: assignment.role) != true {
                return "rls.assigned: dataset \(assignment.datasetId) does not define role \(assignment.role)"
            }
        default:
            break
        }
        return nil
    }

    private mutating func mutate(with payload: EventPayload, at time: Timestamp) {
        switch payload {
        case .secretCreated(let created):
            secrets[created.secretId] = SecretRecord(created, at: time)
        case .secretRotated(let rotated):
            secrets[rotated.secretId]?.rotate(rotated, at: time)
        case .secretRevoked(let revoked):
            if secrets[revoked.secretId]?.isRevoked == false {
                secrets[revoked.secretId]?.isRevoked = true
                secrets[revoked.secretId]?.revokedAt = time
            }
        case .principalRegistered(let registered):
            principals[registered.principalId] = PrincipalRecord(
                principalId: registered.principalId, kind: registered.kind,
                credentialSecretId: registered.credentialSecretId)
        case .workspaceMemberAdded(let membership):
            workspacesByPrincipal[membership.principalId, default: []].insert(membership.workspaceId)
        case .workspaceMemberRemoved(let membership):
            workspacesByPrincipal[membership.principalId]?.remove(membership.workspaceId)
        case .datasetConfigured(let configured):
            if datasets[configured.datasetId] != nil {
                datasets[configured.datasetId]?.reconfigure(configured)
            } else {
                datasets[configured.datasetId] = DatasetRecord(configured)
            }
        case .reportRegistered(let registered):
            reports[registered.reportId] = ReportRecord(
                reportId: registered.reportId, workspaceId: registered.workspaceId, datasetId: registered.datasetId)
        case .groupMemberAdded(let membership):
            groups.add(user: membership.userId, to: membership.groupId)
        case .groupMemberRemoved(let membership):
            groups.remove(user: membership.userId, from: membership.groupId)
        case .rlsAssigned(let assignment):
            datasets[assignment.datasetId]?.assign(assignment.role, to: assignment.member)
        case .rlsUnassigned(let assignment):
            datasets[assignment.datasetId]?.unassign(assignment.role, from: assignment.member)
        case .tokenIssued(let issued):
            tokens[issued.tokenId] = tokenRecord(for: TokenIssuance(issued, at: time), at: time)
        case .tokenRevoked(let revoked):
            if tokens[revoked.tokenId]?.isRevoked == false {
                tokens[revoked.tokenId]?.isRevoked = true
                tokens[revoked.tokenId]?.revokedAt = time
            }
        case .tokenRejected, .accessDecided, .unknown:
            break
        }
    }

    private func tokenRecord(for issued: TokenIssuance, at time: Timestamp) -> TokenRecord {
        TokenRecord(
            tokenId: issued.tokenId, principalId: issued.principalId, principalKind: principals[issued.principalId]?.kind,
            kid: issued.kid, issuedAt: time, expiresAt: issued.expiresAt, cappedByEntra: issued.cappedByEntra,
            renews: issued.renews)
    }
}
