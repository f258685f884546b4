/// The scripted stories (``StorySchedule``): each step writes one event.
extension SimulationEngine {
    /// `<user>@<organisation>.com`.
    func qualified(_ user: String) -> String { "\(user)@\(organisation.name).com" }

    /// The event of one story step at its scheduled time. A step about a
    /// token that was never issued (its request was rejected) becomes a
    /// routine event instead, so the log keeps its length.
    mutating func story(_ step: StoryStep, at time: Timestamp) -> EventDraft {
        let admin = organisation.admin
        switch step {
        case .note(let subject, let text):
            return note(subject: subject, text: text, at: time)
        case let .issue(tag, kind, user, access, saveAs, lifetime, entra, signingSecretId, anomaly):
            let app = apps[kind.rawValue]
            let user = user.map(qualified)
            let homeRole = user.flatMap { name in
                (organisation.salesUsers + organisation.hrUsers).first { $0.user == name }?.homeRole
            }
            let session = EmbedSession(
                app: kind, user: user, homeRole: homeRole,
                grant: EmbedApp.Grant(level: access, allowSaveAs: saveAs, weight: 1),
                reports: app.reportSets[0], token: nil)
            let (payload, token) = issue(
                for: session, renews: nil, lifetimeMinutes: lifetime,
                entraExpiresAt: time.adding(milliseconds: entra * 60_000), anomaly: anomaly,
                signingSecretId: signingSecretId, at: time)
            if let token { tagged[tag] = token }
            return emit(payload, at: time)
        case let .decide(tag, operation):
            guard let token = tagged[tag] else { return routineEvent(at: time) }
            let request = accessRequest(operation, for: token)
            return decision(request: request, presented: presentation(of: token), at: time)
        case let .forge(kind, tag):
            guard let base = tagged[tag] else { return routineEvent(at: time) }
            let presented = Forgery.token(kind, from: base, random: &random)
            let request = accessRequest(.view, for: base)
            return decision(request: request, presented: presentation(of: presented), at: time)
        case let .rotate(secretId, grace, validDays):
            guard let secret = state.secret(id: secretId) else { return routineEvent(at: time) }
            let version = secret.version + 1
            let disclosure = vault.newValue(for: secretId, version: Int(version), kind: secret.kind)
            let rotation = SecretRotated(
                secretId: secretId, version: version, hint: disclosure.hint, fingerprint: disclosure.fingerprint,
                expiresAt: validDays.map { time.adding(milliseconds: $0 * Timestamp.millisecondsPerDay) },
                previousValidUntil: grace.map { time.adding(milliseconds: $0 * 60_000) }, actor: admin)
            return emit(.secretRotated(rotation), at: time)
        case let .revokeSecret(secretId, reason):
            return emit(.secretRevoked(SecretRevoked(secretId: secretId, reason: reason, actor: admin)), at: time)
        case let .revokeToken(tag, reason):
            guard let token = tagged[tag] else { return routineEvent(at: time) }
            return emit(.tokenRevoked(TokenRevoked(tokenId: token.tokenId, reason: reason, actor: admin)), at: time)
        case let .unassign(datasetId, role, user):
            return emit(.rlsUnassigned(RLSAssignment(datasetId: datasetId, role: role, member: qualified(user), actor: admin)),
                        at: time)
        case let .leaveGroup(groupId, user):
            return emit(.groupMemberRemoved(GroupMembership(groupId: groupId, userId: qualified(user), actor: admin)), at: time)
        case let .joinGroup(groupId, user):
            return emit(.groupMemberAdded(GroupMembership(groupId: groupId, userId: qualified(user), actor: admin)), at: time)
        case let .leaveWorkspace(workspaceId, principalId):
            return emit(.workspaceMemberRemoved(WorkspaceMembership(
                workspaceId: workspaceId, principalId: principalId, actor: admin)), at: time)
        }
    }
}
