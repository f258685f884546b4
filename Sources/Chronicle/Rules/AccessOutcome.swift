/// The answer to an access request (SPEC §5.2): recorded in `access.decided`
/// and printed by `token check`.
public struct AccessOutcome: Sendable, Equatable {
    public enum Effect: String, Sendable, CaseIterable {
        case allow
        case deny
    }

    /// `deny` iff any reason.
    public var effect: Effect
    /// Every reason that applies, in rule order.
    public var reasons: [String]
    /// The effective roles, sorted (empty when RLS does not apply).
    public var roles: [String]

    public init(effect: Effect, reasons: [String], roles: [String]) {
        self.effect = effect
        self.reasons = reasons
        self.roles = roles
    }

    /// An outcome whose effect follows from its reasons.
    public init(reasons: [String], roles: [String]) {
        self.init(effect: reasons.isEmpty ? .allow : .deny, reasons: reasons, roles: roles)
    }

    /// `{"effect", "reasons", "roles"}`.
    public var json: JSONValue {
        ["effect": .string(effect.rawValue), "reasons": .strings(reasons), "roles": .strings(roles)]
    }
}

extension AccessOutcome.Effect {
    /// The effect spelled by `bytes` (`allow` or `deny`, as `init(rawValue:)` reads them), or nil.
    init?(plainBytes bytes: UnsafeRawBufferPointer) {
        if bytes.elementsEqual("allow".utf8) {
            self = .allow
        } else if bytes.elementsEqual("deny".utf8) {
            self = .deny
        } else {
            return nil
        }
    }
}
