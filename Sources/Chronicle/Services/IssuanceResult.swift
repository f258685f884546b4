/// What ``TokenIssuer/issue(_:)`` recorded and returns.
public enum IssuanceResult: Sendable, Equatable {
    /// Every rule passed; `token.issued` is durable.
    case issued(SignedToken)
    /// At least one rule failed; `token.rejected` is durable.
    /// - Parameters:
    ///   - requestId: The `requestId` of the `token.rejected` event.
    ///   - reasons: Every reason, in rule order (SPEC §4.2).
    case rejected(requestId: String, reasons: [String])

    /// The token, when issued.
    public var token: SignedToken? {
        if case .issued(let token) = self { return token }
        return nil
    }

    /// The reasons, when rejected; empty when issued.
    public var reasons: [String] {
        if case .rejected(_, let reasons) = self { return reasons }
        return []
    }
}
