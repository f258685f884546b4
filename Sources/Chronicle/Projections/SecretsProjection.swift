/// A secret's standing at a projection's `asOf` (SPEC §9).
public enum SecretStatus: String, Sendable, CaseIterable {
    /// Valid and more than 30 days (or forever) from its expiry.
    case active
    /// asOf < expiresAt ≤ asOf + 30 days.
    case expiring
    /// expiresAt ≤ asOf.
    case expired
    /// Revoked; takes precedence over the others.
    case revoked

    /// The window before expiry in which a secret is `expiring`.
    public static let expiringWindowMilliseconds: Int64 = 30 * Timestamp.millisecondsPerDay
}

/// `chronicle project secrets`: every secret at `asOf`, sorted by `secretId` (SPEC §9).
public struct SecretsProjection: Sendable, Equatable {
    /// One secret's line.
    public struct Row: Sendable, Equatable {
        public var secretId: String
        public var kind: SecretKind
        public var owner: String
        public var version: Int64
        public var hint: String
        public var fingerprint: String
        public var createdAt: Timestamp
        public var rotatedAt: Timestamp?
        public var expiresAt: Timestamp?
        public var status: SecretStatus
        /// floor((expiresAt − asOf) / 1 day) for every secret with an expiry
        /// (revoked ones too): 0 on the expiry instant, negative after.
        public var daysLeft: Int64?
    }

    /// The events this projection depends on: `secret.*`. A fold of
    /// only these gives the same projection as a fold of the whole log.
    public static let eventTypes: Set<EventType> = [.secretCreated, .secretRotated, .secretRevoked]

    public var asOf: Timestamp
    /// The `seq` of the last event with `time` ≤ `asOf` (0 when none).
    public var seq: Int64
    public var secrets: [Row]

    /// Projects the secrets of `state`, the fold of every event with `time` ≤ `asOf`.
    public init(state: AuditState, asOf: Timestamp, seq: Int64) {
        self.asOf = asOf
        self.seq = seq
        secrets = state.secrets.values
            .map { Self.row(for: $0, asOf: asOf) }
            .sorted { $0.secretId.ordinallyPrecedes($1.secretId) }
    }

    static func row(for secret: SecretRecord, asOf: Timestamp) -> Row {
        let status: SecretStatus
        if secret.isRevoked {
            status = .revoked
        } else if let expiresAt = secret.expiresAt, expiresAt <= asOf {
            status = .expired
        } else if let expiresAt = secret.expiresAt,
                  expiresAt.milliseconds - asOf.milliseconds <= SecretStatus.expiringWindowMilliseconds
        {
            status = .expiring
        } else {
            status = .active
        }
        let daysLeft = secret.expiresAt.map {
            ($0.milliseconds - asOf.milliseconds).floorDivided(by: Timestamp.millisecondsPerDay)
        }
        return Row(
            secretId: secret.secretId, kind: secret.kind, owner: secret.owner, version: secret.version,
            hint: secret.hint, fingerprint: secret.fingerprint, createdAt: secret.createdAt,
            rotatedAt: secret.rotatedAt, expiresAt: secret.expiresAt, status: status, daysLeft: daysLeft)
    }

    /// `{"asOf", "seq", "secrets": [...]}` exactly as SPEC §9 shows, nulls included.
    public var json: JSONValue {
        var rows: [JSONValue] = []
        rows.reserveCapacity(secrets.count)
        for row in secrets {
            var json = PayloadWriter(capacity: 11)
            json.add("secretId", row.secretId)
            json.add("kind", row.kind.rawValue)
            json.add("owner", row.owner)
            json.add("version", .integer(row.version))
            json.add("hint", row.hint)
            json.add("fingerprint", row.fingerprint)
            json.add("createdAt", row.createdAt)
            json.add("rotatedAt", row.rotatedAt)
            json.add("expiresAt", row.expiresAt)
            json.add("status", row.status.rawValue)
            json.add("daysLeft", row.daysLeft.map { .integer($0) } ?? .null)
            rows.append(json.json)
        }
        return ["asOf": .string(asOf.rfc3339), "seq": .integer(seq), "secrets": .array(rows)]
    }

    /// One row per secret (expiry as its UTC day; `DAYS` is exact); the `!`
    /// column flags expiring, expired and revoked secrets.
    public var table: ProjectionTable {
        ProjectionTable(
            columns: ["!", "SECRET", "KIND", "V", "HINT", "EXPIRES", "STATUS", "DAYS"],
            rows: secrets.map { row in
                [
                    row.status == .active ? "" : "!", TableCell.clipped(row.secretId, to: 22), row.kind.rawValue,
                    "\(row.version)", row.hint, row.expiresAt?.dayString ?? "never", row.status.rawValue,
                    row.daysLeft.map { "\($0)" } ?? "-",
                ]
            })
    }
}
