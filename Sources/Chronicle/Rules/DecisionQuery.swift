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
        guard let request else {
            self = .requestInvalid
            return
        }
        guard let token = token.flatMap({ PresentedToken($0, for: request) }) else {
            self = .tokenMalformed
            return
        }
        self = .checked(DecisionChecks(request: request, token: token, at: time))
    }
}

/// A request and token inside the domains, with the reasons of the rules
/// that need no state (1 and 6–10) already found.
struct DecisionChecks: Sendable {
    var request: AccessRequest
    var token: PresentedToken
    /// Rules 1, 6, 7, 8, 9 and 10.
    var reasons: DecisionReasons

    init(request: AccessRequest, token: PresentedToken, at time: Timestamp) {
        var reasons: DecisionReasons = []
        if !token.signatureValid { reasons.insert(.tokenSignatureInvalid) }
        let now = Double(time.milliseconds)
        if now >= token.expiresAtMilliseconds { reasons.insert(.tokenExpired) }
        if now < token.notBeforeMilliseconds - DecisionRules.notBeforeLeewayMilliseconds { reasons.insert(.tokenNotYetValid) }
        if !token.hasPowerBIAudience { reasons.insert(.tokenAudienceMismatch) }
        if !token.isEmbed { reasons.insert(.tokenTypeUnsupported) }
        if !token.isForRequestedWorkspace { reasons.insert(.workspaceMismatch) }
        self.reasons = reasons
        self.request = request
        self.token = token
    }
}
