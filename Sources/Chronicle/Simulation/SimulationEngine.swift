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
    let source: String
    let firstDay: Timestamp
    let clock = SimulatedClock()

    /// The state after every event produced so far.
    private(set) var state = AuditState()
    /// The keyring: every value invented so far.
    var vault: SecretVault
    /// The `seq` of the last event produced.
    private(set) var seq: Int64 = 0

    var random: SeededGenerator
    var identifiers: SeededGenerator

    var sessions: [EmbedSession] = []
    let sessionCapacity: Int
    /// Tokens of sessions that ended, still lying around in browser tabs.
    var abandoned: [HeldToken] = []
    var abandonedCursor = 0
    /// Story tokens by tag.
    var tagged: [String: HeldToken] = [:]
    /// Ids of the revoked tokens (what ``state`` knows, without copying its records).
    var revokedTokenIds: Set<String> = []
    /// Users who joined during the simulation: (user, group, the role their group gives).
    var hires: [(user: String, groupId: String, role: String)] = []
    /// The same, split by the app that embeds for them.
    var salesHires: [(user: String, role: String)] = []
    var hrHires: [(user: String, role: String)] = []
    var hireCount = 0

    let setup: [EventPayload]
    var setupIndex = 0
    var storyIndex = 0
    /// Routine slots per day.
    let slotsPerDay: [Int]
    var day = 0
    var slotIndex = 0
    var pendingSlot: Timestamp?
    /// Routine events of the first day start after the setup.
    let routineStart: Timestamp

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
    mutating func peekSlot() -> Timestamp? {
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
    mutating func emit(_ payload: EventPayload, at time: Timestamp) -> EventDraft {
        fold(payload, at: time)
        return EventDraft(type: payload.type, subject: payload.subject ?? "", data: payload.data, time: time)
    }

    /// Folds the payload of the event being produced into the state.
    mutating func fold(_ payload: EventPayload, at time: Timestamp) {
        let event = Event(id: "", source: source, type: payload.type, time: time, subject: "", seq: seq,
                          prevhash: "", data: .null, hash: "")
        if case .applied = state.apply(payload, of: event), case .tokenRevoked(let revoked) = payload {
            revokedTokenIds.insert(revoked.tokenId)
        }
    }

    /// An `audit.note`, a type SPEC §3 does not define.
    mutating func note(subject: String, text: String, at time: Timestamp) -> EventDraft {
        let type = "audit.note"
        let event = Event(id: "", source: source, type: type, time: time, subject: subject, seq: seq,
                          prevhash: "", data: .null, hash: "")
        _ = state.apply(.unknown(type: type), of: event)
        return EventDraft(type: type, subject: subject, data: ["author": .string(organisation.admin), "text": .string(text)],
                          time: time)
    }

    // MARK: - Setup

    static func appendSetup(
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
}
