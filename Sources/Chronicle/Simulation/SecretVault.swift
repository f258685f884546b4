/// The simulation's keyring in the making: it invents every secret value
/// from the seed, in the formats people would recognise, and tells the
/// log only what SPEC §3 allows (the last three characters and the keyed
/// fingerprint).
///
/// - access keys: 88 base64 characters (66 random bytes), like a Power BI
///   Embedded capacity key;
/// - client secrets: 40 characters with the `8Q~` infix of Entra secrets;
/// - passwords: 18 printable characters.
struct SecretVault: Sendable {
    /// What the log may say about one value.
    struct Disclosure: Sendable {
        var hint: String
        var fingerprint: String
    }

    private(set) var keyring: Keyring
    private var random: SeededGenerator

    init(seed: UInt64, stream: UInt64) {
        var random = SeededGenerator(seed: seed, stream: stream)
        let salt = Array(Base64URL.encode(random.bytes(32)).utf8)
        let key = Array(Base64URL.encode(random.bytes(32)).utf8)
        keyring = Keyring(auditSalt: salt, auditKey: key)
        self.random = random
    }

    /// Invents the value of `secretId` at `version`, files it in the keyring
    /// and returns what the log may show.
    mutating func newValue(for secretId: String, version: Int, kind: SecretKind) -> Disclosure {
        let value: [UInt8]
        switch kind {
        case .accessKey:
            value = Array(Base64.encode(random.bytes(66)).utf8)
        case .clientSecret:
            value = characters(3, from: Self.alphanumerics) + Array("8Q~".utf8)
                + characters(34, from: Self.alphanumerics + Array("_.~-".utf8))
        case .password:
            value = characters(18, from: Self.alphanumerics + Array("!#%*+-=?@^_".utf8))
        }
        keyring.secrets[secretId, default: [:]][version] = value
        return Disclosure(hint: String(decoding: value.suffix(3), as: UTF8.self),
                          fingerprint: keyring.fingerprint(of: value))
    }

    /// The signing key named by a `kid`, if the keyring holds it.
    func key(for kid: SigningKeyID) -> [UInt8]? {
        guard kid.version >= 1, kid.version <= Int64(Int.max) else { return nil }
        return keyring.secret(kid.secretId, version: Int(kid.version))
    }

    private static let alphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    private mutating func characters(_ count: Int, from alphabet: [UInt8]) -> [UInt8] {
        (0..<count).map { _ in alphabet[random.below(alphabet.count)] }
    }
}
