/// Routine activity: sessions start, renew and end, decisions on their
/// tokens (with the usual mistakes and a few forgeries), revocations and
/// staff changes.
extension SimulationEngine {
    /// One routine event: 5.5% issuance, 0.25% revocations, 0.15% staff
    /// changes, the rest decisions (some of which turn into renewals).
    mutating func routineEvent(at time: Timestamp) -> EventDraft {
        let roll = random.below(10_000)
        if sessions.isEmpty || roll < 550 { return routineIssuance(at: time) }
        if roll < 575, let draft = routineRevocation(at: time) { return draft }
        if roll < 590 { return staffChange(at: time) }
        return routineDecision(at: time)
    }

    /// Whether the app holding `token` asks for a new one: it expires
    /// within ten minutes (or has), or (once a decision told it so) was revoked.
    mutating func renewalDue(_ token: HeldToken, at time: Timestamp) -> Bool {
        if token.expiresAt.milliseconds - time.milliseconds <= 10 * 60_000 { return true }
        return revokedTokenIds.contains(token.tokenId) && random.chance(perTenThousand: 3_000)
    }

    /// A session starts (the pool grows to its capacity, then a new session
    /// replaces one that ends), or a session whose token is due renews it.
    mutating func routineIssuance(at time: Timestamp) -> EventDraft {
        if sessions.count < sessionCapacity {
            sessions.append(newSession())
            return issue(forSessionAt: sessions.count - 1, renewing: false, at: time)
        }
        let index = random.below(sessions.count)
        if let token = sessions[index].token {
            if renewalDue(token, at: time) { return issue(forSessionAt: index, renewing: true, at: time) }
            abandon(token)
        }
        sessions[index] = newSession()
        return issue(forSessionAt: index, renewing: false, at: time)
    }

    /// Keeps the token of a session that ended, for the stale-tab decisions.
    mutating func abandon(_ token: HeldToken) {
        if abandoned.count < 64 {
            abandoned.append(token)
        } else {
            abandoned[abandonedCursor] = token
            abandonedCursor = (abandonedCursor + 1) % abandoned.count
        }
    }

    /// A routine GenerateToken request of session `index` (a renewal names the token it renews).
    mutating func issue(forSessionAt index: Int, renewing: Bool, at time: Timestamp) -> EventDraft {
        let session = sessions[index]
        let app = apps[session.app.rawValue]
        let lifetime = app.lifetimeMinutes ?? IssuanceRequest.defaultLifetimeMinutes
        let entra = entraExpiry(lifetimeMinutes: lifetime, at: time)
        let anomaly = IssuanceAnomaly.draw(&random, app: app, level: session.grant.level)
        let (payload, token) = issue(
            for: session, renews: renewing ? session.token?.tokenId : nil, lifetimeMinutes: app.lifetimeMinutes,
            entraExpiresAt: entra, anomaly: anomaly, signingSecretId: nil, at: time)
        if let token { sessions[index].token = token }
        return emit(payload, at: time)
    }

    /// The remaining life of the Entra token the app calls GenerateToken
    /// with: mostly longer than the embed token's, about 29% shorter (the
    /// token is capped), 1% already expired.
    mutating func entraExpiry(lifetimeMinutes: Int64, at time: Timestamp) -> Timestamp {
        let roll = random.below(10_000)
        let minutes: Int64
        if roll < 100 {
            minutes = -Int64(random.between(1...30))
        } else if roll < 3_000 {
            minutes = Int64(random.between(5...Int(max(5, lifetimeMinutes - 1))))
        } else {
            minutes = lifetimeMinutes + Int64(random.between(5...45))
        }
        return time.adding(milliseconds: minutes * 60_000 + Int64(random.below(60_000)))
    }

    /// A new session: an app by weight, an access level by weight, a user for apps that send an identity.
    mutating func newSession() -> EmbedSession {
        var pick = random.below(apps.reduce(0) { $0 + $1.weight })
        var app = apps[0]
        for candidate in apps {
            if pick < candidate.weight { app = candidate; break }
            pick -= candidate.weight
        }
        var pickGrant = random.below(app.grants.reduce(0) { $0 + $1.weight })
        var grant = app.grants[0]
        for candidate in app.grants {
            if pickGrant < candidate.weight { grant = candidate; break }
            pickGrant -= candidate.weight
        }
        var user: String?
        var homeRole: String?
        switch app.identity {
        case .none:
            break
        case .sales:
            if random.chance(perTenThousand: 100) {
                user = organisation.unassignedSalesUser
                homeRole = "Region-East"
            } else if !salesHires.isEmpty, random.chance(perTenThousand: 500) {
                let hire = random.element(of: salesHires)
                (user, homeRole) = (hire.user, hire.role)
            } else {
                let known = random.element(of: organisation.salesUsers)
                (user, homeRole) = (known.user, known.homeRole)
            }
        case .hr:
            if !hrHires.isEmpty, random.chance(perTenThousand: 500) {
                let hire = random.element(of: hrHires)
                (user, homeRole) = (hire.user, hire.role)
            } else {
                let known = random.element(of: organisation.hrUsers)
                (user, homeRole) = (known.user, known.homeRole)
            }
        }
        return EmbedSession(app: app.kind, user: user, homeRole: homeRole, grant: grant,
                            reports: random.element(of: app.reportSets), token: nil)
    }

    /// An admin revokes a live session's token (nil when the pick has none to revoke).
    mutating func routineRevocation(at time: Timestamp) -> EventDraft? {
        guard let token = sessions[random.below(sessions.count)].token,
              !revokedTokenIds.contains(token.tokenId)
        else { return nil }
        let reason = random.element(of: [
            "user signed out of the portal", "session terminated by an administrator", "suspicious activity reported",
        ])
        return emit(.tokenRevoked(TokenRevoked(tokenId: token.tokenId, reason: reason, actor: organisation.admin)),
                    at: time)
    }

    /// A new hire joins a group, or an earlier one leaves.
    mutating func staffChange(at time: Timestamp) -> EventDraft {
        if hires.count < 3 || random.chance(perTenThousand: 6_000) {
            hireCount += 1
            let user = qualified("newhire\(hireCount)")
            let (groupId, role) = random.element(of: [
                ("grp-sales-east", "Region-East"), ("grp-sales-west", "Region-West"), ("grp-hr-staff", "Employee"),
            ])
            hires.append((user, groupId, role))
            if groupId == "grp-hr-staff" { hrHires.append((user, role)) } else { salesHires.append((user, role)) }
            return emit(.groupMemberAdded(GroupMembership(groupId: groupId, userId: user, actor: organisation.admin)),
                        at: time)
        }
        let leaver = hires.remove(at: random.below(hires.count))
        salesHires.removeAll { $0.user == leaver.user }
        hrHires.removeAll { $0.user == leaver.user }
        return emit(.groupMemberRemoved(GroupMembership(groupId: leaver.groupId, userId: leaver.user,
                                                        actor: organisation.admin)), at: time)
    }

    /// A session uses its token: mostly the operations its access level
    /// allows; sometimes another report, workspace or operation, an
    /// abandoned token, or a forgery.
    mutating func routineDecision(at time: Timestamp) -> EventDraft {
        let index = random.below(sessions.count)
        guard let token = sessions[index].token else { return issue(forSessionAt: index, renewing: false, at: time) }
        // Most clients renew a token that is about to expire (or was revoked) before using it again.
        if renewalDue(token, at: time), random.chance(perTenThousand: 9_000) {
            return issue(forSessionAt: index, renewing: true, at: time)
        }
        let roll = random.below(10_000)
        var operation = usualOperation(for: token)
        var presented = presentation(of: token)
        var request: JSONValue
        switch roll {
        case ..<15:
            let kind = random.element(of: Forgery.Kind.allCases)
            presented = presentation(of: Forgery.token(kind, from: token, random: &random))
            request = accessRequest(operation, for: token)
        case ..<115:
            let others = organisation.reports.filter { $0.workspaceId == token.workspaceId && !token.reports.contains($0.reportId) }
            request = accessRequest(operation, for: token)
            if !operation.targetsDataset, let other = others.isEmpty ? nil : random.element(of: others) {
                request = accessRequest(operation, reportId: other.reportId, datasetId: other.datasetId,
                                        workspaceId: token.workspaceId)
            }
        case ..<155:
            let workspace = random.element(of: ["ws-sales", "ws-finance", "ws-hr"].filter { $0 != token.workspaceId })
            request = accessRequest(operation, for: token, workspaceId: workspace)
        case ..<175:
            request = accessRequest(.view, reportId: "rpt-retired-2019", datasetId: nil, workspaceId: token.workspaceId)
        case ..<325:
            switch (token.level, token.allowSaveAs) {
            case (.view, _): operation = random.chance(perTenThousand: 5_000) ? .editAndSave : .saveAs
            case (.edit, false): operation = .saveAs
            case (.edit, true): operation = .createAndSave
            case (.create, _): operation = .view
            }
            request = accessRequest(operation, for: token)
        case ..<365 where !abandoned.isEmpty:
            let stale = random.element(of: abandoned)
            presented = presentation(of: stale)
            request = accessRequest(usualOperation(for: stale), for: stale)
        default:
            request = accessRequest(operation, for: token)
        }
        return decision(request: request, presented: presented, at: time)
    }

    /// An operation the token's access level allows.
    mutating func usualOperation(for token: HeldToken) -> Operation {
        let roll = random.below(100)
        switch token.level {
        case .view: return .view
        case .edit: return roll < 60 ? .view : roll < 90 || !token.allowSaveAs ? .editAndSave : .saveAs
        case .create: return roll < 55 ? .create : .createAndSave
        }
    }
}
