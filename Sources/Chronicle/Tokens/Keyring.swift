/// The secrets Chronicle needs outside the log (SPEC §7): the audit salt
/// behind every `fingerprint`, the audit key behind checkpoint MACs, and
/// every version of every signing secret.
///
/// On disk it is one JSON object:
///
/// ```json
/// {"auditSalt": "…", "auditKey": "…", "secrets": {"<secretId>": {"<version>": "<value>"}}}
/// ```
///
/// Key material is the UTF-8 bytes of each string. Versions are positive
/// decimal integers without leading zeros; other top-level members are
/// ignored. ``load(path:)`` refuses a file that its group or others may access.
///
/// Neither ``description`` nor the reflection mirror shows any value, so a
/// keyring can be logged or dumped by mistake without leaking.
public struct Keyring: Sendable {
    /// The HMAC key of secret fingerprints.
    public var auditSalt: [UInt8]
    /// The HMAC key of checkpoint MACs.
    public var auditKey: [UInt8]
    /// Secret values by secretId, then version.
    public var secrets: [String: [Int: [UInt8]]]

    public init(auditSalt: [UInt8], auditKey: [UInt8], secrets: [String: [Int: [UInt8]]] = [:]) {
        self.auditSalt = auditSalt
        self.auditKey = auditKey
        self.secrets = secrets
    }

    /// The value of `secretId` at `version`, or nil if the keyring lacks it.
    public func secret(_ secretId: String, version: Int) -> [UInt8]? {
        secrets[secretId]?[version]
    }

    /// `hmac-sha256:` + the lowercase hex HMAC-SHA256 of `value` under the
    /// audit salt (SPEC §3): lets an admin find a secret in the log without
    /// the log holding it.
    public func fingerprint(of value: [UInt8]) -> String {
        "hmac-sha256:" + HMACSHA256.authenticationCode(for: value, key: auditSalt).hex
    }

    /// The lowercase hex HMAC-SHA256 of `"<seq>:<hash>"` under the audit key
    /// (SPEC §6), the `mac` of a checkpoint.
    public func checkpointMAC(seq: Int64, hash: String) -> String {
        HMACSHA256.authenticationCode(for: Array("\(seq):\(hash)".utf8), key: auditKey).hex
    }

    /// Whether `mac` is the checkpoint MAC of `seq` and `hash`, compared in
    /// constant time. `mac` must be lowercase hex.
    public func checkpointMACMatches(_ mac: String, seq: Int64, hash: String) -> Bool {
        let expected = HMACSHA256.authenticationCode(for: Array("\(seq):\(hash)".utf8), key: auditKey)
        return Array(mac.utf8).withUnsafeBytes { expected.matchesHex($0) }
    }
}

extension Keyring: CustomStringConvertible, CustomReflectable {
    /// A summary that counts secrets and versions and shows no value.
    public var description: String {
        let versions = secrets.values.reduce(0) { $0 + $1.count }
        return "Keyring(\(secrets.count) secret\(secrets.count == 1 ? "" : "s"), "
            + "\(versions) version\(versions == 1 ? "" : "s"), values hidden)"
    }

    /// Reflection shows the secretIds and their versions, never a value.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "secrets": secrets.keys.sorted().map { "\($0)@\(secrets[$0]!.keys.sorted())" },
        ], displayStyle: .struct)
    }
}
