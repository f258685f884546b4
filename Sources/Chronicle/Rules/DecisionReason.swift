/// Why an access decision denies (SPEC §5.1–5.2), in rule order.
public enum DecisionReason: String, Sendable, CaseIterable {
    /// The request is out of the §5.1 domains; alone, checked before `token.malformed`.
    case requestInvalid = "request.invalid"
    /// The token's claims are unusable; alone.
    case tokenMalformed = "token.malformed"
    /// Rule 1.
    case tokenSignatureInvalid = "token.signature_invalid"
    /// Rule 2.
    case keyUnknown = "key.unknown"
    case keyRevoked = "key.revoked"
    case keyExpired = "key.expired"
    /// Rule 3.
    case keySuperseded = "key.superseded"
    /// Rule 4.
    case tokenUnknown = "token.unknown"
    /// Rule 5.
    case tokenRevoked = "token.revoked"
    /// Rule 6.
    case tokenExpired = "token.expired"
    /// Rule 7.
    case tokenNotYetValid = "token.not_yet_valid"
    /// Rule 8.
    case tokenAudienceMismatch = "token.audience_mismatch"
    /// Rule 9.
    case tokenTypeUnsupported = "token.type_unsupported"
    /// Rule 10.
    case workspaceMismatch = "workspace.mismatch"
    /// Rule 11.
    case resourceUnknown = "resource.unknown"
    /// Rule 12.
    case resourceNotInToken = "resource.not_in_token"
    /// Rule 13.
    case scopeInsufficient = "scope.insufficient"
    /// Rule 14.
    case rlsIdentityRequired = "rls.identity_required"
    /// Rule 15.
    case rlsUserNotAssociated = "rls.user_not_associated"
    /// Replay only: the decision was recorded under a policy version this project does not know.
    case policyUnknown = "policy.unknown"
}

/// A set of ``DecisionReason``s, one bit each in rule order, so that the
/// reasons come out in rule order however they were found.
struct DecisionReasons: OptionSet, Sendable, Hashable {
    var rawValue: UInt32

    init(rawValue: UInt32) { self.rawValue = rawValue }

    init(_ reason: DecisionReason) { rawValue = 1 << Self.index[reason]! }

    /// The reasons, in rule order.
    var reasons: [DecisionReason] {
        var reasons: [DecisionReason] = []
        var bits = rawValue
        while bits != 0 {
            reasons.append(DecisionReason.allCases[bits.trailingZeroBitCount])
            bits &= bits - 1
        }
        return reasons
    }

    private static let index: [DecisionReason: Int] = Dictionary(
        uniqueKeysWithValues: DecisionReason.allCases.enumerated().map { ($0.element, $0.offset) })

    static let requestInvalid = DecisionReasons(.requestInvalid)
    static let tokenMalformed = DecisionReasons(.tokenMalformed)
    static let tokenSignatureInvalid = DecisionReasons(.tokenSignatureInvalid)
    static let keyUnknown = DecisionReasons(.keyUnknown)
    static let keyRevoked = DecisionReasons(.keyRevoked)
    static let keyExpired = DecisionReasons(.keyExpired)
    static let keySuperseded = DecisionReasons(.keySuperseded)
    static let tokenUnknown = DecisionReasons(.tokenUnknown)
    static let tokenRevoked = DecisionReasons(.tokenRevoked)
    static let tokenExpired = DecisionReasons(.tokenExpired)
    static let tokenNotYetValid = DecisionReasons(.tokenNotYetValid)
    static let tokenAudienceMismatch = DecisionReasons(.tokenAudienceMismatch)
    static let tokenTypeUnsupported = DecisionReasons(.tokenTypeUnsupported)
    static let workspaceMismatch = DecisionReasons(.workspaceMismatch)
    static let resourceUnknown = DecisionReasons(.resourceUnknown)
    static let resourceNotInToken = DecisionReasons(.resourceNotInToken)
    static let scopeInsufficient = DecisionReasons(.scopeInsufficient)
    static let rlsIdentityRequired = DecisionReasons(.rlsIdentityRequired)
    static let rlsUserNotAssociated = DecisionReasons(.rlsUserNotAssociated)

    /// The set of exactly these reasons if they are known, each once, in
    /// rule order (as recorded decisions list them); nil otherwise.
    init?(recorded strings: [String]) {
        var bits: UInt32 = 0
        var last = -1
        for string in strings {
            guard let reason = DecisionReason(rawValue: string), let index = Self.index[reason], index > last else {
                return nil
            }
            bits |= 1 << index
            last = index
        }
        rawValue = bits
    }

    /// The set of a recorded `reasons` array read as ``init(recorded:)``
    /// reads its strings, without building them: nil unless it is an
    /// array of known reasons, each once, in rule order.
    init?<Source: JSONReading>(plainlyRecorded value: Source) {
        guard let elements = value.arrayElements else { return nil }
        var bits: UInt32 = 0
        var last = -1
        for element in elements {
            // The names are plain ASCII without `K`, `;` or `` ` ``: no other spelling compares equal to one as a string.
            guard let index = element.withStringBytes({ Self.index(ofName: $0) }) ?? nil, index > last else { return nil }
            bits |= 1 << index
            last = index
        }
        rawValue = bits
    }

    /// The place in rule order of the reason spelled by `name`'s bytes, or nil.
    private static func index(ofName name: UnsafeRawBufferPointer) -> Int? {
        for (index, reason) in DecisionReason.allCases.enumerated() {
            let raw = reason.rawValue.utf8
            if raw.count == name.count, raw.elementsEqual(name) { return index }
        }
        return nil
    }
}
