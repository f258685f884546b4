/// What folding one event does, worked out from its `type` and `data`
/// alone, without the state: streaming readers decode lines on several
/// cores and then fold the steps in log order
/// (``AuditState/apply(_:seq:time:)``), with the same result as
/// ``AuditState/apply(_:)`` on the decoded event.
enum FoldStep: Sendable {
    /// A decoded payload, checked against the state and applied.
    indirect case payload(EventPayload)
    /// `data` does not decode: the event is ignored.
    case undecodable(reason: String)
    /// A `type` that §3 does not define.
    case unknownType
    /// A decision or a rejection: it decodes and changes nothing.
    case unchanged
    /// A `token.issued`, reduced to what the state keeps of it.
    case issuedToken(TokenIssuance)

    /// Decodes `data` as the payload of `type`. Decisions, rejections and
    /// issued tokens are only checked and reduced, not built: their raw
    /// request and token are what makes them large.
    /// - Parameter known: the type, if §3 defines it.
    init<Source: JSONReading>(type: String, known: EventType?, data: Source, time: Timestamp) {
        guard let known else {
            self = .unknownType
            return
        }
        do throws(PayloadDecodingError) {
            switch known {
            case .accessDecided:
                try AccessDecided.check(PayloadReader(data))
                self = .unchanged
            case .tokenRejected:
                try TokenRejected.check(PayloadReader(data))
                self = .unchanged
            case .tokenIssued:
                self = .issuedToken(try TokenIssuance(TokenIssued.members(PayloadReader(data)), at: time))
            default:
                self = .payload(try EventPayload.decode(type: type, data: data.json))
            }
        } catch {
            self = .undecodable(reason: error.description)
        }
    }
}

extension FoldStep {
    /// Whether folding this can change the roles assigned to a user on a
    /// dataset (datasets, RLS assignments, group memberships).
    var mayChangeRoles: Bool {
        switch self {
        case .payload(.datasetConfigured), .payload(.rlsAssigned), .payload(.rlsUnassigned),
             .payload(.groupMemberAdded), .payload(.groupMemberRemoved):
            return true
        default:
            return false
        }
    }
}

/// What the state keeps of a `token.issued` besides the principal's kind,
/// which it looks up when folding.
struct TokenIssuance: Sendable, Equatable {
    var tokenId: String
    /// The request's `principalId` (the claims' `iss` if the request lacks it, else empty).
    var principalId: String
    var kid: String
    var expiresAt: Timestamp
    var cappedByEntra: Bool
    var renews: String?

    init<Source: JSONReading>(
        _ members: (
            tokenId: String, request: Source, kid: String, scopes: [String], claims: Source, expiresAt: Timestamp,
            tokenHash: Source, renews: String?
        ), at time: Timestamp
    ) {
        tokenId = members.tokenId
        principalId = members.request["principalId"]?.stringValue ?? members.claims["iss"]?.stringValue ?? ""
        kid = members.kid
        expiresAt = members.expiresAt
        cappedByEntra = IssuanceRequest.isCappedByEntra(members.request, issuedAt: time)
        renews = members.renews
    }

    init(_ issued: TokenIssued, at time: Timestamp) {
        self.init(
            (issued.tokenId, issued.request, issued.kid, issued.scopes, issued.claims, issued.expiresAt,
             JSONValue.string(issued.tokenHash), issued.renews), at: time)
    }
}

extension EventType {
    /// The known type named by raw (unescaped) bytes, or nil.
    static func named(_ bytes: UnsafeRawBufferPointer) -> EventType? {
        // Most lines are one of the three busy types.
        if RawEnvelope.equals(bytes, "access.decided") { return .accessDecided }
        if RawEnvelope.equals(bytes, "token.issued") { return .tokenIssued }
        if RawEnvelope.equals(bytes, "token.rejected") { return .tokenRejected }
        return named(String(decoding: bytes, as: UTF8.self))
    }
}
