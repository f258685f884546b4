import Foundation

/// A deterministic synthetic tenant: `simulate` writes its log through the
/// real store and the real rules, and its keyring next to it (SPEC §8).
///
/// The same plan always gives the same bytes: every random choice comes
/// from ``seed`` (a xoshiro256** stream per purpose), the simulated clock
/// advances by arithmetic, and ids, token ids and secret values are drawn
/// from the seed too. The log verifies (``ChainVerifier``) and replays with
/// no divergence (``Replayer``): every issuance and decision was decided by
/// ``IssuanceRules`` and ``DecisionRules`` on the state before its event.
///
/// ```swift
/// let plan = try Simulation(organisation: "contoso", firstDay: day, days: 3, events: 6_000, seed: 7)
/// let summary = try plan.write(to: LogDirectory(path: "EventLogs/contoso"),
///                              keyringPath: "EventLogs/contoso.keyring.json")
/// ```
///
/// The story it tells (which secret expires when, the rotations, the RLS
/// removal, the forgeries) is described in `EventLogs/README.md`.
public struct Simulation: Sendable {
    /// The organisation: `source` is `/orgs/<organisation>`, users are `<name>@<organisation>.com`.
    public let organisation: String
    /// 00:00Z of the first simulated day.
    public let firstDay: Timestamp
    public let days: Int
    /// The exact number of events the log gets.
    public let events: Int
    public let seed: UInt64

    /// The most days one simulation spans.
    public static let maximumDays = 366
    /// The most events one simulation writes.
    public static let maximumEvents = 100_000_000

    /// Checks a plan.
    /// - Throws: ``SimulationError/invalidPlan(_:)`` naming the argument at fault.
    public init(organisation: String, firstDay: Timestamp, days: Int = 1, events: Int, seed: UInt64)
        throws(SimulationError)
    {
        let allowed = organisation.utf8.allSatisfy {
            ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-")
        }
        guard !organisation.isEmpty, organisation.utf8.count <= 63, allowed, !organisation.hasPrefix("-") else {
            throw .invalidPlan("the organisation must be 1 to 63 lowercase letters, digits or '-' (e.g. contoso)")
        }
        guard firstDay == firstDay.startOfDay else { throw .invalidPlan("the first day must start at 00:00Z") }
        guard days >= 1, days <= Self.maximumDays else {
            throw .invalidPlan("days must be between 1 and \(Self.maximumDays)")
        }
        let minimum = Self.minimumEvents(days: days)
        guard events >= minimum, events <= Self.maximumEvents else {
            throw .invalidPlan("events must be between \(minimum) and \(Self.maximumEvents) for \(days) day\(days == 1 ? "" : "s")"
                + " (the setup and the stories alone take \(minimum - 20 * days))")
        }
        self.organisation = organisation
        self.firstDay = firstDay
        self.days = days
        self.events = events
        self.seed = seed
    }

    /// The fewest events a simulation of `days` days can have.
    public static func minimumEvents(days: Int) -> Int { SimulationEngine.minimumEvents(days: days) }

    /// What a simulation wrote.
    public struct Summary: Sendable, Equatable {
        public var events: Int
        public var segments: Int
        /// Bytes of the segment files.
        public var bytes: Int64
        public var head: ChainHead?
        public var keyringPath: String
    }

    /// Writes the log into `directory` (created if needed; it must not hold
    /// a log yet) and the keyring to `keyringPath` (mode 0600).
    ///
    /// Events go through ``LogWriter/transaction(now:_:)`` in batches of
    /// `batchSize` (one write and one `fsync` each); the writer checks every
    /// event against the state at the head and writes a checkpoint when a
    /// day ends, and a last one for the head. The next batch is decided on
    /// a second thread while one is written (``DraftPipeline``), on the
    /// simulation's own copy of the state; each transaction first checks
    /// that the head is where that copy stands, so the log holds exactly
    /// the decisions the rules make on the state before each event.
    /// - Parameter progress: called after each batch with the events written so far.
    /// - Throws: ``SimulationError``.
    @discardableResult
    public func write(
        to directory: LogDirectory, keyringPath: String, batchSize: Int = 10_000, progress: (Int) -> Void = { _ in }
    ) throws(SimulationError) -> Summary {
        if directory.exists {
            let names = (try? directory.segmentNames()) ?? []
            if !names.isEmpty || FileManager.default.fileExists(atPath: directory.file(LogDirectory.checkpointsFileName)) {
                throw .logExists(path: directory.path)
            }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: directory.path, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw .log(LogError(.io, "cannot create the log directory \(directory.path)"))
            }
        }

        let audit = SecretVault(seed: seed, stream: SimulationEngine.Stream.secrets.rawValue).keyring
        let ids = SeededIdentifiers(seed: seed, stream: SimulationEngine.Stream.eventIDs.rawValue)
        let batch = max(1, batchSize)
        let pipeline = DraftPipeline()
        let plan = self
        Thread.detachNewThread {
            var engine = SimulationEngine(organisation: plan.organisation, firstDay: plan.firstDay, days: plan.days,
                                          events: plan.events, seed: plan.seed)
            var produced = 0
            while produced < plan.events {
                let count = min(batch, plan.events - produced)
                var drafts: [EventDraft] = []
                drafts.reserveCapacity(count)
                for _ in 0..<count { drafts.append(engine.nextDraft()) }
                guard pipeline.put(drafts) else { return }
                produced += count
            }
            pipeline.finish(with: engine.vault.keyring)
        }

        let head: ChainHead?
        do {
            let writer = try LogWriter(
                directory: directory, follower: AuditState(), source: "/orgs/\(organisation)",
                checkpointMAC: { audit.checkpointMAC(seq: $0, hash: $1) }, makeID: { ids.next() })
            var written = 0
            while let drafts = pipeline.take() {
                _ = try writer.transactionHead(now: firstDay) { (state, _) throws(LogError) -> ([EventDraft], Void) in
                    // The drafts were decided on the state after `written` events: it must be the head's.
                    guard state.lastSeq == Int64(written) else {
                        throw LogError(.integrity, "another writer appended to \(directory.path) during the simulation")
                    }
                    return (drafts, ())
                }
                written += drafts.count
                progress(written)
            }
            _ = try writer.checkpoint()
            head = writer.head
        } catch {
            pipeline.cancel()
            throw .log(error)
        }
        guard let keyring = pipeline.finalKeyring else {
            throw .log(LogError(.io, "the simulation stopped before its keyring was complete"))
        }
        do {
            try keyring.save(to: keyringPath)
        } catch {
            throw .keyring(error)
        }

        var summary = Summary(events: events, segments: 0, bytes: 0, head: head, keyringPath: keyringPath)
        let names = (try? directory.segmentNames()) ?? []
        summary.segments = names.count
        for name in names {
            let size = (try? FileManager.default.attributesOfItem(atPath: directory.file(name))[.size]) as? NSNumber
            summary.bytes += size?.int64Value ?? 0
        }
        return summary
    }
}
