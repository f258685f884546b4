/// The simulation's moving parts: the state at the head, the embedded
/// sessions, the story and the random streams. ``nextDraft()`` gives the
/// next event of the log, already folded into ``state``.
///
/// Issuance and decisions are decided by the real rules
/// (``IssuanceRules/evaluate(_:tokenId:in:at:)``,
/// ``DecisionRules/evaluate(request:token:in:at:)``) on the state before
/// the event, exactly what replay re-derives; tokens are real HS256 JWTs
/// signed with the keyring, and every decision's `signatureValid` is a real
/// HMAC check of the presented string.
///
/// The timeline merges three sources, in time order: the tenant's setup
/// (one event a second from the first midnight), the story
/// (``StorySchedule``) and routine activity on the slots of
/// ``SimulatedClock``. About 85% of routine events are decisions.
struct SimulationEngine {
    let organisation: SimulatedOrganisation
    let apps: [EmbedApp]
    let schedule: StorySchedule
    private let source: String
    private let firstDay: Timestamp
    private let clock = SimulatedClock()

    /// The state after every event produced so far.
    private(set) var state = AuditState()
    /// The keyring: every value invented so far.
    private(set) var vault: SecretVault
    /// The `seq` of the last event produced.
    private(set) var seq: Int64 = 0

    private var random: SeededGenerator
    private var identifiers: SeededGenerator

    private var sessions: [EmbedSession] = []
    private let sessionCapacity: Int
    /// Tokens of sessions that ended, still lying around in browser tabs.
    private var abandoned: [HeldToken] = []
    private var abandonedCursor = 0
    /// Story tokens by tag.
    private var tagged: [String: HeldToken] = [:]
    /// Users who joined during the simulation: (user, group, the role their group gives).
    private var hires: [(user: String, groupId: String, role: String)] = []
    /// The same, split by the app that embeds for them.
    private var salesHires: [(user: String, role: String)] = []
    private var hrHires: [(user: String, role: String)] = []
    private var hireCount = 0

    private let setup: [EventPayload]
    private var setupIndex = 0
    private var storyIndex = 0
    /// Routine slots per day.
    private let slotsPerDay: [Int]
    private var day = 0
    private var slotIndex = 0
    private var pendingSlot: Timestamp?
    /// Routine events of the first day start after the setup.
    private let routineStart: Timestamp

    /// Random streams of one seed.
    enum Stream: UInt64 {
        case activity = 1, identifiers = 2, secrets = 3, eventIDs = 4
    }

    /// The pieces of a log of `events` events over `days` days from `firstDay`.
    init(organisation name: String, firstDay: Timestamp, days: Int, events: Int, seed: UInt64) {
        organisation = SimulatedOrganisation(name: name)
        apps = EmbedApp.all(in: organisation)
        schedule = StorySchedule(firstDay: firstDay, days: days)
        source = "/orgs/\(name)"
        self.firstDay = firstDay
        random = SeededGenerator(seed: seed, stream: Stream.activity.rawValue)
        identifiers = SeededGenerator(seed: seed, stream: Stream.identifiers.rawValue)
        vault = SecretVault(seed: seed, stream: Stream.secrets.rawValue)
        routineStart = firstDay.adding(milliseconds: 5 * 60_000)

        let routine = max(0, events - organisation.setupEventCount - schedule.entries.count)
        slotsPerDay = (0..<days).map { routine / days + ($0 < routine % days ? 1 : 0) }
        sessionCapacity = min(4096, max(6, events / days * 35 / 10_000))
        var setup: [EventPayload] = []
        Self.appendSetup(of: organisation, firstDay: firstDay, schedule: schedule, vault: &vault, to: &setup)
        self.setup = setup
    }

    /// The fewest events a log of `days` days can have: the setup, the
    /// story and twenty routine events a day.
    static func minimumEvents(days: Int) -> Int {
        let organisation = SimulatedOrganisation(name: "x")
        let schedule = StorySchedule(firstDay: Timestamp(milliseconds: 0), days: days)
        return organisation.setupEventCount + schedule.entries.count + 20 * days
    }

    // MARK: - The timeline

    /// The next event: folded into ``state``, with its `time` set (the
    /// writer gives it its `id`, `seq` and chain).
    mutating func nextDraft() -> EventDraft {
        seq += 1
        if setupIndex < setup.count {
            let time = firstDay.adding(milliseconds: Int64(setupIndex) * 1000)
            setupIndex += 1
            return emit(setup[setupIndex - 1], at: time)
        }
        let slot = peekSlot()
        if storyIndex < schedule.entries.count {
            let entry = schedule.entries[storyIndex]
            if slot == nil || entry.time <= slot! {
                storyIndex += 1
                return story(entry.step, at: entry.time)
            }
        }
        pendingSlot = nil
        slotIndex += 1
        return routineEvent(at: slot ?? schedule.entries.last?.time ?? firstDay)
    }

    /// The time of the next routine slot, nil when there is none left.
    private mutating func peekSlot() -> Timestamp? {
        if let pendingSlot { return pendingSlot }
        while day < slotsPerDay.count, slotIndex >= slotsPerDay[day] {
            day += 1
            slotIndex = 0
        }
        guard day < slotsPerDay.count else { return nil }
        let dayStart = firstDay.adding(milliseconds: Int64(day) * Timestamp.millisecondsPerDay)
        var time = clock.time(ofSlot: slotIndex, of: slotsPerDay[day], dayStart: dayStart, jitter: random.next())
        if day == 0 { time = max(time, routineStart) }
        pendingSlot = time
        return time
    }

    /// Folds `payload` into the state and drafts its event.
    private mutating func emit(_ payload: EventPayload, at time: Timestamp) -> EventDraft {
        fold(payload, at: time)
        return EventDraft(type: payload.type, subject: payload.subject ?? "", data: payload.data, time: time)
    }

    /// Folds the payload of the event being produced into the state.
    private mutating func fold(_ payload: EventPayload, at time: Timestamp) {
        let event = Event(id: "", source: source, type: payload.type, time: time, subject: "", seq: seq,
                          prevhash: "", data: .null, hash: "")
        _ = state.apply(payload, of: event)
    }

    /// An `audit.note`, a type SPEC §3 does not define.
    private mutating func note(subject: String, text: String, at time: Timestamp) -> EventDraft {
        let type = "audit.note"
        let event = Event(id: "", source: source, type: type, time: time, subject: subject, seq: seq,
                          prevhash: "", data: .null, hash: "")
        _ = state.apply(.unknown(type: type), of: event)
        return EventDraft(type: type, subject: subject, data: ["author": .string(organisation.admin), "text": .string(text)],
                          time: time)
    }

    // MARK: - Setup

    private static func appendSetup(
        of organisation: SimulatedOrganisation, firstDay: Timestamp, schedule: StorySchedule,
        vault: inout SecretVault, to payloads: inout [EventPayload]
    ) {
        let admin = organisation.admin
        for secret in organisation.secrets {
            let disclosure = vault.newValue(for: secret.secretId, version: 1, kind: secret.kind)
            let expiresAt: Timestamp?
            switch secret.expiresAfter {
            case nil: expiresAt = nil
            case .days(let days)?: expiresAt = firstDay.adding(milliseconds: days * Timestamp.millisecondsPerDay)
            case .storyDay(let slot, let hour, let minute)?:
                expiresAt = schedule.slotDays[slot].adding(milliseconds: (hour * 60 + minute) * 60_000)
            }
            payloads.append(.secretCreated(SecretCreated(
                secretId: secret.secretId, kind: secret.kind, owner: secret.owner, hint: disclosure.hint,
                fingerprint: disclosure.fingerprint, expiresAt: expiresAt, description: secret.description, actor: admin)))
        }
        for principal in organisation.principals {
            payloads.append(.principalRegistered(PrincipalRegistered(
                principalId: principal.principalId, kind: principal.kind,
                credentialSecretId: principal.credentialSecretId, actor: admin)))
        }
        for principal in organisation.principals {
            for workspace in principal.workspaces {
                payloads.append(.workspaceMemberAdded(WorkspaceMembership(
                    workspaceId: workspace, principalId: principal.principalId, actor: admin)))
            }
        }
        for dataset in organisation.datasets {
            payloads.append(.datasetConfigured(DatasetConfigured(
                datasetId: dataset.datasetId, workspaceId: dataset.workspaceId, rlsType: dataset.rlsType,
                roles: dataset.roles, actor: admin)))
        }
        for report in organisation.reports {
            payloads.append(.reportRegistered(ReportRegistered(
                reportId: report.reportId, workspaceId: report.workspaceId, datasetId: report.datasetId, actor: admin)))
        }
        for group in organisation.groups {
            for user in group.users {
                payloads.append(.groupMemberAdded(GroupMembership(groupId: group.groupId, userId: user, actor: admin)))
            }
        }
        for assignment in organisation.assignments {
            payloads.append(.rlsAssigned(RLSAssignment(
                datasetId: assignment.datasetId, role: assignment.role, member: assignment.member, actor: admin)))
        }
    }

    // MARK: - The story

    private func qualified(_ user: String) -> String { "\(user)@\(organisation.name).com" }

    private mutating func story(_ step: StoryStep, at time: Timestamp) -> EventDraft {
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

    // MARK: - Routine activity

    private mutating func routineEvent(at time: Timestamp) -> EventDraft {
        let roll = random.below(10_000)
        if sessions.isEmpty || roll < 550 { return routineIssuance(at: time) }
        if roll < 575, let draft = routineRevocation(at: time) { return draft }
        if roll < 590 { return staffChange(at: time) }
        return routineDecision(at: time)
    }

    /// Whether the app holding `token` asks for a new one: it expires
    /// within ten minutes (or has), or (once a decision told it so) was revoked.
    private mutating func renewalDue(_ token: HeldToken, at time: Timestamp) -> Bool {
        if token.expiresAt.milliseconds - time.milliseconds <= 10 * 60_000 { return true }
        return state.tokenInfo(id: token.tokenId)?.isRevoked == true && random.chance(perTenThousand: 3_000)
    }

    /// A session starts (the pool grows to its capacity, then a new session
    /// replaces one that ends), or a session whose token is due renews it.
    private mutating func routineIssuance(at time: Timestamp) -> EventDraft {
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

    private mutating func abandon(_ token: HeldToken) {
        if abandoned.count < 64 {
            abandoned.append(token)
        } else {
            abandoned[abandonedCursor] = token
            abandonedCursor = (abandonedCursor + 1) % abandoned.count
        }
    }

    private mutating func issue(forSessionAt index: Int, renewing: Bool, at time: Timestamp) -> EventDraft {
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
    private mutating func entraExpiry(lifetimeMinutes: Int64, at time: Timestamp) -> Timestamp {
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

    private mutating func newSession() -> EmbedSession {
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

    private mutating func routineRevocation(at time: Timestamp) -> EventDraft? {
        guard let token = sessions[random.below(sessions.count)].token,
              state.tokenInfo(id: token.tokenId)?.isRevoked == false
        else { return nil }
        let reason = random.element(of: [
            "user signed out of the portal", "session terminated by an administrator", "suspicious activity reported",
        ])
        return emit(.tokenRevoked(TokenRevoked(tokenId: token.tokenId, reason: reason, actor: organisation.admin)),
                    at: time)
    }

    /// A new hire joins a group, or an earlier one leaves.
    private mutating func staffChange(at time: Timestamp) -> EventDraft {
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

    private mutating func routineDecision(at time: Timestamp) -> EventDraft {
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

    private mutating func usualOperation(for token: HeldToken) -> Operation {
        let roll = random.below(100)
        switch token.level {
        case .view: return .view
        case .edit: return roll < 60 ? .view : roll < 90 || !token.allowSaveAs ? .editAndSave : .saveAs
        case .create: return roll < 55 ? .create : .createAndSave
        }
    }

    // MARK: - Issuance and decisions through the rules

    /// A GenerateToken request evaluated by the rules: the `token.issued`
    /// (with the signed token) or `token.rejected` it gives.
    private mutating func issue(
        for session: EmbedSession, renews: String?, lifetimeMinutes: Int64?, entraExpiresAt: Timestamp,
        anomaly: IssuanceAnomaly, signingSecretId: String?, at time: Timestamp
    ) -> (EventPayload, HeldToken?) {
        let app = apps[session.app.rawValue]
        var level = session.grant.level
        var principalId = app.principalId
        var workspaceId = app.workspaceId
        var reports = level == .create ? [] : session.reports
        var datasets = level == .create ? app.datasets : []
        var targetWorkspaces = level == .create ? [app.workspaceId] : []
        var identities: [JSONValue] = []
        if let user = session.user, let datasetId = identityDataset(of: app) {
            var roles = state.assignedRoles(of: user, on: datasetId).sortedOrdinally()
            if roles.isEmpty, let home = session.homeRole { roles = [home] }
            identities = [["username": .string(user), "roles": .strings(roles), "datasets": [.string(datasetId)]]]
        }
        var lifetime: JSONValue = lifetimeMinutes.map { .integer($0) } ?? .null
        let signingKey = signingSecretId
            ?? (app.kind == .authoring && time < schedule.legacyKeyRetiredAt ? "sec-embed-legacy" : app.signingSecretId)
        switch anomaly {
        case .none: break
        case .missingIdentity: identities = []
        case .paginatedByMasterUser:
            (workspaceId, reports, datasets, targetWorkspaces) = ("ws-finance", ["rpt-invoices"], [], [])
            level = .view
        case .personalWorkspace: workspaceId = "me"
        case .staleReport: reports.append("rpt-sales-2019")
        case .createWithoutDataset: datasets = []
        case .invalidLifetime: lifetime = .integer(0)
        case .foreignTargetWorkspace:
            let foreign = ["ws-sales", "ws-finance", "ws-hr"].first { !state.isMember(principalId, ofWorkspace: $0) }
            targetWorkspaces.append(foreign ?? "ws-archive")
        case .unknownPrincipal: principalId = "sp-legacy-integration"
        }
        let request: JSONValue = [
            "principalId": .string(principalId),
            "entraTokenExpiresAt": .string(entraExpiresAt.rfc3339),
            "signingSecretId": .string(signingKey),
            "workspaceId": .string(workspaceId),
            "reports": .strings(reports),
            "datasets": .strings(datasets),
            "targetWorkspaces": .strings(targetWorkspaces),
            "identities": .array(identities),
            "accessLevel": .string(level.rawValue),
            "allowSaveAs": .bool(session.grant.allowSaveAs),
            "lifetimeMinutes": lifetime,
            "renews": .string(renews),
        ]
        let id = identifiers.uuid()
        switch IssuanceRules.evaluate(request, tokenId: id, in: state, at: time) {
        case .rejected(let reasons):
            return (.tokenRejected(TokenRejected(requestId: id, request: request, reasons: reasons)), nil)
        case .accepted(let issued):
            let kid = SigningKeyID(secretId: issued.signingSecretId, version: issued.signingVersion)
            let signed = vault.key(for: kid).flatMap {
                HeldToken(issued, key: $0, level: level, allowSaveAs: session.grant.allowSaveAs,
                            workspaceId: workspaceId, reports: reports, datasets: datasets)
            }
            guard let signed else {
                preconditionFailure("the simulated keyring lacks the signing key \(issued.kid)")
            }
            let payload = TokenIssued(
                tokenId: issued.tokenId, request: request, kid: issued.kid, scopes: issued.scopes,
                claims: issued.claims, expiresAt: issued.expiresAt, tokenHash: signed.tokenHash, renews: issued.renews)
            return (.tokenIssued(payload), signed)
        }
    }

    /// The dataset an app's effective identity is for.
    private func identityDataset(of app: EmbedApp) -> String? {
        switch app.identity {
        case .none: return nil
        case .sales: return "ds-sales"
        case .hr: return "ds-hr"
        }
    }

    /// An access request on `token`'s own resources.
    private mutating func accessRequest(_ operation: Operation, for token: HeldToken, workspaceId: String? = nil) -> JSONValue {
        let workspace = workspaceId ?? token.workspaceId
        if operation.targetsDataset || token.reports.isEmpty {
            return accessRequest(operation, reportId: nil, datasetId: token.datasets.first, workspaceId: workspace)
        }
        let reportId = token.reports.count == 1 ? token.reports[0] : random.element(of: token.reports)
        return accessRequest(operation, reportId: reportId, datasetId: organisation.report(reportId)?.datasetId,
                             workspaceId: workspace)
    }

    private func accessRequest(_ operation: Operation, reportId: String?, datasetId: String?, workspaceId: String) -> JSONValue {
        ["operation": .string(operation.rawValue), "reportId": .string(reportId), "datasetId": .string(datasetId),
         "workspaceId": .string(workspaceId)]
    }

    /// A token as handed to the access checker: the `token` object it
    /// records, and that object's JSON text when it is known in advance.
    struct Presentation {
        var envelope: JSONValue
        var text: [UInt8]?
    }

    /// What the access checker records about a token the simulation issued:
    /// `signatureValid` is a real HS256 check with the key its `kid` names.
    private func presentation(of token: HeldToken) -> Presentation {
        let valid = token.keyID.flatMap(vault.key(for:)).map(token.decoded.verifySignature(key:)) ?? false
        return valid ? Presentation(envelope: token.envelopes.valid, text: token.envelopeTexts.valid)
            : Presentation(envelope: token.envelopes.invalid, text: token.envelopeTexts.invalid)
    }

    /// The same for an arbitrary presented string (forgeries), exactly as
    /// the live ``AccessChecker`` records it: decoded, then checked; an
    /// undecodable one has null claims.
    private func presentation(of presented: String) -> Presentation {
        Presentation(envelope: AccessChecker.inspect(presented, keyring: vault.keyring), text: nil)
    }

    /// An `access.decided` by the rules on the state before it. Its `data`
    /// text is assembled from the presented token's ready-made text; in
    /// debug builds it is checked against a full serialisation.
    private mutating func decision(request: JSONValue, presented: Presentation, at time: Timestamp) -> EventDraft {
        let outcome = DecisionRules.evaluate(request: request, token: presented.envelope, in: state, at: time)
        let decided = AccessDecided(
            decisionId: identifiers.uuid(), request: request, token: presented.envelope, outcome: outcome,
            policy: DecisionRules.policyVersion)
        let payload = EventPayload.accessDecided(decided)
        let data = payload.data
        fold(payload, at: time)
        var text: [UInt8] = []
        text.reserveCapacity(1_200)
        text.append(contentsOf: #"{"decisionId":"#.utf8)
        JSONWriter.appendString(decided.decisionId, to: &text)
        text.append(contentsOf: #","request":"#.utf8)
        JSONWriter.append(request, to: &text)
        text.append(contentsOf: #","token":"#.utf8)
        if let ready = presented.text { text.append(contentsOf: ready) } else { JSONWriter.append(presented.envelope, to: &text) }
        text.append(contentsOf: #","outcome":"#.utf8)
        JSONWriter.append(outcome.json, to: &text)
        text.append(contentsOf: #","policy":"#.utf8)
        JSONWriter.appendString(decided.policy, to: &text)
        text.append(UInt8(ascii: "}"))
        assert(text == JSONWriter.serialize(data), "the assembled access.decided text differs from its data")
        return EventDraft(type: payload.type, subject: decided.decisionId, data: data, dataBytes: text, time: time)
    }
}
