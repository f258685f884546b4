/// The stories auditors look for, at fixed times of fixed days.
///
/// Stories belong to three *slots*: slot 0 is the first simulated day,
/// slot 1 the second and slot 2 the third. With fewer days, later slots
/// fall on the last day; their times of day never collide, so each story
/// keeps its meaning. Every day also opens and closes with an `audit.note`.
///
/// | slot | time (UTC) | story |
/// | --- | --- | --- |
/// | 0 | 02:40–02:44 | a billing token, then a tampered copy, a copy re-signed with a guessed key, an `alg: none` copy and an undecodable string |
/// | 0 | 09:20–09:26 | an operations tour: view, editAndSave, saveAs, create, createAndSave |
/// | 0 | 11:40–11:45 | alice (a master user) asks for the paginated invoices (`rdl.master_user`); the portal forgets grace's identity (`rls.identity_required`) |
/// | 0 | 12:00 | `sec-sp-analytics` (the customer portal's client secret) expires: issuance stops with `credential.expired` |
/// | 0 | 13:15 | the secret is rotated (version 2, valid 180 days): issuance resumes |
/// | 1 | 08:45–10:05 | `sec-embed-primary` rotated at 09:00 with a one-hour grace window: version-1 tokens pass until 10:00, then `key.superseded` |
/// | 1 | 10:20–10:35 | erin's `Region-West` assignment removed while her token is live: `rls.user_not_associated` |
/// | 1 | 13:50–14:25 | dev moves from `grp-sales-east` to `grp-sales-west`: his old token loses its role, a new one works |
/// | 2 | 08:15–08:35 | `sec-embed-secondary` rotated at 08:30 without grace: version-1 tokens are superseded at once |
/// | 2 | 10:50–11:05 | a leaked token is revoked: `token.revoked` |
/// | 2 | 15:50–16:10 | `sec-embed-legacy` revoked at 16:00: its tokens fail with `key.revoked`; the authoring app switches keys at 16:30 |
/// | 2 | 17:00–17:10 | sp-portal leaves `ws-hr`: HR embedding is rejected with `workspace.not_member` |
struct StorySchedule: Sendable {
    struct Entry: Sendable {
        var time: Timestamp
        var step: StoryStep
    }

    /// Every step, in time order.
    let entries: [Entry]
    /// From when the authoring app signs with the primary key instead of the legacy one.
    let legacyKeyRetiredAt: Timestamp
    /// When a slot's story day starts.
    let slotDays: [Timestamp]

    init(firstDay: Timestamp, days: Int) {
        let slotDays = (0..<3).map { firstDay.adding(milliseconds: Int64(min($0, days - 1)) * Timestamp.millisecondsPerDay) }
        self.slotDays = slotDays
        func at(_ slot: Int, _ hour: Int64, _ minute: Int64) -> Timestamp {
            slotDays[slot].adding(milliseconds: (hour * 60 + minute) * 60_000)
        }
        var entries: [Entry] = []
        func add(_ slot: Int, _ hour: Int64, _ minute: Int64, _ step: StoryStep) {
            entries.append(Entry(time: at(slot, hour, minute), step: step))
        }

        // Slot 0: forgeries in the night.
        add(0, 2, 40, .issue(tag: "forgery-base", app: .billing, user: nil, lifetimeMinutes: 120, entraMinutes: 150))
        add(0, 2, 41, .forge(.tampered, tag: "forgery-base"))
        add(0, 2, 42, .forge(.resigned, tag: "forgery-base"))
        add(0, 2, 43, .forge(.algorithmNone, tag: "forgery-base"))
        add(0, 2, 44, .forge(.garbage, tag: "forgery-base"))
        add(0, 2, 50, .note(subject: "INC-3107", text: "SOC: forged embed tokens presented against the billing service; all denied"))
        // Slot 0: every operation of the scopes table.
        add(0, 9, 20, .issue(tag: "tour-edit", app: .salesPortal, user: "ana", access: .edit, saveAs: true, lifetimeMinutes: 60, entraMinutes: 75))
        add(0, 9, 21, .decide(tag: "tour-edit", operation: .view))
        add(0, 9, 22, .decide(tag: "tour-edit", operation: .editAndSave))
        add(0, 9, 23, .decide(tag: "tour-edit", operation: .saveAs))
        add(0, 9, 24, .issue(tag: "tour-create", app: .authoring, user: nil, access: .create, saveAs: true, lifetimeMinutes: 90, entraMinutes: 120))
        add(0, 9, 25, .decide(tag: "tour-create", operation: .create))
        add(0, 9, 26, .decide(tag: "tour-create", operation: .createAndSave))
        // Slot 0: two app mistakes the rules catch.
        add(0, 11, 40, .issue(tag: "alice-invoices", app: .authoringFinance, user: nil, lifetimeMinutes: 60,
                              entraMinutes: 75, anomaly: .paginatedByMasterUser))
        add(0, 11, 45, .issue(tag: "no-identity", app: .salesPortal, user: "grace", lifetimeMinutes: 60,
                              entraMinutes: 75, anomaly: .missingIdentity))
        // Slot 0: the customer portal's client secret expires at 12:00.
        add(0, 12, 10, .issue(tag: "after-expiry", app: .salesPortal, user: "ben", lifetimeMinutes: 60, entraMinutes: 75))
        add(0, 13, 10, .note(subject: "INC-3112", text: "Customer portal cannot embed since 12:00: the sp-analytics client secret expired. Rotating."))
        add(0, 13, 15, .rotate(secretId: "sec-sp-analytics", graceMinutes: nil, validDays: 180))
        add(0, 13, 20, .issue(tag: "after-rotation", app: .salesPortal, user: "ben", lifetimeMinutes: 60, entraMinutes: 75))
        add(0, 13, 21, .decide(tag: "after-rotation", operation: .view))
        // Slot 1: the primary key rotated with a one-hour grace window.
        add(1, 8, 45, .issue(tag: "pre-rotation", app: .salesPortal, user: "chloe", lifetimeMinutes: 120, entraMinutes: 180))
        add(1, 9, 0, .rotate(secretId: "sec-embed-primary", graceMinutes: 60, validDays: nil))
        add(1, 9, 30, .decide(tag: "pre-rotation", operation: .view))
        add(1, 10, 5, .decide(tag: "pre-rotation", operation: .view))
        // Slot 1: an RLS assignment removed while a token is live.
        add(1, 10, 20, .issue(tag: "erin", app: .salesPortal, user: "erin", lifetimeMinutes: 60, entraMinutes: 75))
        add(1, 10, 25, .decide(tag: "erin", operation: .view))
        add(1, 10, 30, .unassign(datasetId: "ds-sales", role: "Region-West", user: "erin"))
        add(1, 10, 35, .decide(tag: "erin", operation: .view))
        // Slot 1: a group membership change.
        add(1, 13, 50, .issue(tag: "dev-east", app: .salesPortal, user: "dev", lifetimeMinutes: 60, entraMinutes: 75))
        add(1, 14, 0, .leaveGroup(groupId: "grp-sales-east", user: "dev"))
        add(1, 14, 1, .joinGroup(groupId: "grp-sales-west", user: "dev"))
        add(1, 14, 10, .decide(tag: "dev-east", operation: .view))
        add(1, 14, 20, .issue(tag: "dev-west", app: .salesPortal, user: "dev", lifetimeMinutes: 60, entraMinutes: 75))
        add(1, 14, 25, .decide(tag: "dev-west", operation: .view))
        // Slot 2: the secondary key rotated without grace.
        add(2, 8, 15, .issue(tag: "secondary-v1", app: .financePortal, user: nil, lifetimeMinutes: 60, entraMinutes: 75))
        add(2, 8, 28, .note(subject: "INC-3120", text: "Secondary capacity key pasted into a support ticket; emergency rotation without grace"))
        add(2, 8, 30, .rotate(secretId: "sec-embed-secondary", graceMinutes: nil, validDays: nil))
        add(2, 8, 35, .decide(tag: "secondary-v1", operation: .view))
        // Slot 2: a leaked token revoked.
        add(2, 10, 50, .issue(tag: "leaked", app: .financePortal, user: nil, lifetimeMinutes: 60, entraMinutes: 75))
        add(2, 10, 55, .decide(tag: "leaked", operation: .view))
        add(2, 11, 0, .revokeToken(tag: "leaked", reason: "token posted in a public chat channel"))
        add(2, 11, 5, .decide(tag: "leaked", operation: .view))
        // Slot 2: the legacy key revoked.
        add(2, 15, 50, .issue(tag: "legacy", app: .authoring, user: nil, access: .create, lifetimeMinutes: 90, entraMinutes: 120))
        add(2, 16, 0, .revokeSecret(secretId: "sec-embed-legacy", reason: "legacy capacity decommissioned"))
        add(2, 16, 5, .decide(tag: "legacy", operation: .create))
        add(2, 16, 10, .issue(tag: "legacy-after", app: .authoring, user: nil, access: .create, lifetimeMinutes: 90, entraMinutes: 120,
                              signingSecretId: "sec-embed-legacy"))
        // Slot 2: a workspace membership removed.
        add(2, 17, 0, .leaveWorkspace(workspaceId: "ws-hr", principalId: "sp-portal"))
        add(2, 17, 10, .issue(tag: "hr-after", app: .hrPortal, user: "kemal", lifetimeMinutes: 30, entraMinutes: 45))

        // Every day opens and closes with a note.
        for day in 0..<days {
            let start = firstDay.adding(milliseconds: Int64(day) * Timestamp.millisecondsPerDay)
            entries.append(Entry(time: start.adding(milliseconds: (7 * 60 + 55) * 60_000),
                                 step: .note(subject: "access-review", text: "Daily access review started")))
            entries.append(Entry(time: start.adding(milliseconds: (18 * 60 + 5) * 60_000),
                                 step: .note(subject: "siem-export", text: "Daily export of the audit log to the SIEM completed")))
        }
        // Stable: steps of one minute keep their order.
        self.entries = entries.enumerated().sorted { a, b in
            a.element.time != b.element.time ? a.element.time < b.element.time : a.offset < b.offset
        }.map(\.element)
        legacyKeyRetiredAt = at(2, 16, 30)
    }
}
