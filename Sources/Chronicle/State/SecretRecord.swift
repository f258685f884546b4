/// A secret as the state knows it: its current version and the history of
/// its rotations (SPEC §3 `secret.*`).
public struct SecretRecord: Sendable, Equatable {
    /// One `secret.rotated` that the state accepted.
    public struct Rotation: Sendable, Equatable {
        /// The version the rotation created.
        public var version: Int64
        public var rotatedAt: Timestamp
        /// Until when tokens signed with `version - 1` still pass; nil: not at all.
        public var previousValidUntil: Timestamp?
    }

    public let secretId: String
    public internal(set) var kind: SecretKind
    public internal(set) var owner: String
    /// The current version.
    public internal(set) var version: Int64
    /// The hint of the current version's value.
    public internal(set) var hint: String
    /// The fingerprint of the current version's value.
    public internal(set) var fingerprint: String
    public let createdAt: Timestamp
    /// The time of the latest rotation, nil if never rotated.
    public internal(set) var rotatedAt: Timestamp?
    /// The current version's expiry; nil for "never".
    public internal(set) var expiresAt: Timestamp?
    public internal(set) var isRevoked: Bool = false
    /// The time of the first `secret.revoked`.
    public internal(set) var revokedAt: Timestamp?
    /// The version `secret.created` recorded (1 in every well-formed log).
    public let firstVersion: Int64
    /// Accepted rotations in order: `rotations[i]` created `firstVersion + i + 1`.
    public internal(set) var rotations: [Rotation] = []

    init(_ created: SecretCreated, at time: Timestamp) {
        secretId = created.secretId
        kind = created.kind
        owner = created.owner
        version = created.version
        hint = created.hint
        fingerprint = created.fingerprint
        createdAt = time
        expiresAt = created.expiresAt
        firstVersion = created.version
    }

    mutating func rotate(_ rotated: SecretRotated, at time: Timestamp) {
        version = rotated.version
        hint = rotated.hint
        fingerprint = rotated.fingerprint
        expiresAt = rotated.expiresAt
        rotatedAt = time
        rotations.append(Rotation(version: rotated.version, rotatedAt: time, previousValidUntil: rotated.previousValidUntil))
    }

    /// Whether the secret's current version has expired at `time` (`expiresAt` ≤ `time`).
    public func isExpired(at time: Timestamp) -> Bool {
        guard let expiresAt else { return false }
        return expiresAt <= time
    }

    /// Whether `version` is one the secret has had: 1 through the current version.
    public func hasVersion(_ version: Int64) -> Bool { version >= 1 && version <= self.version }

    /// Whether tokens signed with `version` no longer pass at `time` because a
    /// later version replaced it (SPEC §5.2 rule 3): `version` is older than
    /// the current one and `time` ≥ the `previousValidUntil` of the rotation
    /// that created `version + 1` (at once when that was null, or when the
    /// log holds no such rotation).
    public func isSuperseded(version: Int64, at time: Timestamp) -> Bool {
        guard version < self.version else { return false }
        let index = version - firstVersion
        guard index >= 0, index < Int64(rotations.count) else { return true }
        guard let validUntil = rotations[Int(index)].previousValidUntil else { return true }
        return time >= validUntil
    }
}

/// Why a secret cannot be used at some instant (SPEC §4.2 rules 2–3, §5.2 rule 2).
/// The first that applies wins: unknown, then revoked, then expired.
enum SecretProblem: Sendable, Equatable {
    case unknown
    case revoked
    case expired
}
