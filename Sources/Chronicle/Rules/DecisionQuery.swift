/// An access decision's request and token, read and checked as far as
/// they can be without the state: what ``DecisionRules`` then decides
/// against the state at the decision's time.
enum DecisionQuery: Sendable {
    /// The request is out of the §5.1 domains.
    case requestInvalid
    /// The token has no usable claims.
    case tokenMalformed
    case checked(DecisionChecks)

    /// - Parameters:
    ///   - request: the request as read (nil: out of domain or missing).
    ///   - token: the token as presented (nil: missing).
    ///   - time: the decision's time t.
    init<Source: JSONReading>(request: AccessRequest?, token: Source?, at time: Timestamp) {
        self = Template(request: request, token: token).query(at: time)
    }

    /// What a request and token give before the decision's time is known:
    /// the same bytes give the same template, so a reader may keep one and
    /// use it for every decision that presents them (``DecisionMemo``).
    enum Template: Sendable {
        case requestInvalid
        case tokenMalformed
        case checkable(DecisionParts)

        init<Source: JSONReading>(request: AccessRequest?, token: Source?) {
            guard let request else {
                self = .requestInvalid
                return
            }
            guard let token = token.flatMap({ PresentedToken($0, for: request) }) else {
                self = .tokenMalformed
                return
            }
            self = .checkable(DecisionParts(request: request, token: token))
        }

        /// The query of a decision at `time`.
        func query(at time: Timestamp) -> DecisionQuery {
            switch self {
            case .requestInvalid: return .requestInvalid
            case .tokenMalformed: return .tokenMalformed
            case .checkable(let parts): return .checked(DecisionChecks(parts, at: time))
            }
        }
    }
}

/// A request inside the domains and a token with usable claims, with the
/// reasons of the rules that need neither the state nor the time (1, 8, 9
/// and 10) already found. A class: decisions that present the same
/// request and token share one.
final class DecisionParts: Sendable {
    let request: AccessRequest
    let token: PresentedToken
    let timelessReasons: DecisionReasons

    init(request: AccessRequest, token: PresentedToken) {
        var reasons: DecisionReasons = []
        if !token.signatureValid { reasons.insert(.tokenSignatureInvalid) }
        if !token.hasPowerBIAudience { reasons.insert(.tokenAudienceMismatch) }
        if !token.isEmbed { reasons.insert(.tokenTypeUnsupported) }
        if !token.isForRequestedWorkspace { reasons.insert(.workspaceMismatch) }
        self.request = request
        self.token = token
        timelessReasons = reasons
    }
}

/// A request and token inside the domains, with the reasons of the rules
/// that need no state (1 and 6–10) already found.
struct DecisionChecks: Sendable {
    let parts: DecisionParts
    /// Rules 1, 6, 7, 8, 9 and 10.
    var reasons: DecisionReasons

    var request: AccessRequest { parts.request }
    var token: PresentedToken { parts.token }

    init(_ parts: DecisionParts, at time: Timestamp) {
        var reasons = parts.timelessReasons
        let now = Double(time.milliseconds)
        if now >= parts.token.expiresAtMilliseconds { reasons.insert(.tokenExpired) }
        if now < parts.token.notBeforeMilliseconds - DecisionRules.notBeforeLeewayMilliseconds {
            reasons.insert(.tokenNotYetValid)
        }
        self.reasons = reasons
        self.parts = parts
    }
}
