/// The typed view of an event's `data` (SPEC §3).
///
/// ```swift
/// let payload = try EventPayload.decode(type: event.type, data: event.data)
/// if case .secretRotated(let rotation) = payload { … }
/// ```
///
/// Decoding is strict about the members the SPEC lists (a thrown
/// ``PayloadDecodingError`` names the first missing or mistyped one) and
/// ignores members it does not know. An unknown `type` is not an error: it
/// decodes to ``unknown(type:)``, whose `data` is not retained.
public enum EventPayload: Sendable, Equatable {
    case secretCreated(SecretCreated)
    case secretRotated(SecretRotated)
    case secretRevoked(SecretRevoked)
    case principalRegistered(PrincipalRegistered)
    case workspaceMemberAdded(WorkspaceMembership)
    case workspaceMemberRemoved(WorkspaceMembership)
    case datasetConfigured(DatasetConfigured)
    case reportRegistered(ReportRegistered)
    case groupMemberAdded(GroupMembership)
    case groupMemberRemoved(GroupMembership)
    case rlsAssigned(RLSAssignment)
    case rlsUnassigned(RLSAssignment)
    case tokenIssued(TokenIssued)
    case tokenRejected(TokenRejected)
    case tokenRevoked(TokenRevoked)
    case accessDecided(AccessDecided)
    /// A type that §3 does not define; kept and counted, never an error.
    case unknown(type: String)

    /// Decodes `data` as the payload of `type`.
    ///
    /// - Parameters:
    ///   - type: The envelope's `type`.
    ///   - data: The envelope's `data`.
    /// - Returns: The typed payload, or ``unknown(type:)`` for a type §3 does not define.
    /// - Throws: ``PayloadDecodingError`` naming the first missing or mistyped member.
    public static func decode(type: String, data: JSONValue) throws(PayloadDecodingError) -> EventPayload {
        guard let known = EventType.named(type) else { return .unknown(type: type) }
        let reader = try PayloadReader(data)
        switch known {
        case .secretCreated: return .secretCreated(try SecretCreated(reading: reader))
        case .secretRotated: return .secretRotated(try SecretRotated(reading: reader))
        case .secretRevoked: return .secretRevoked(try SecretRevoked(reading: reader))
        case .principalRegistered: return .principalRegistered(try PrincipalRegistered(reading: reader))
        case .workspaceMemberAdded: return .workspaceMemberAdded(try WorkspaceMembership(reading: reader))
        case .workspaceMemberRemoved: return .workspaceMemberRemoved(try WorkspaceMembership(reading: reader))
        case .datasetConfigured: return .datasetConfigured(try DatasetConfigured(reading: reader))
        case .reportRegistered: return .reportRegistered(try ReportRegistered(reading: reader))
        case .groupMemberAdded: return .groupMemberAdded(try GroupMembership(reading: reader))
        case .groupMemberRemoved: return .groupMemberRemoved(try GroupMembership(reading: reader))
        case .rlsAssigned: return .rlsAssigned(try RLSAssignment(reading: reader))
        case .rlsUnassigned: return .rlsUnassigned(try RLSAssignment(reading: reader))
        case .tokenIssued: return .tokenIssued(try TokenIssued(reading: reader))
        case .tokenRejected: return .tokenRejected(try TokenRejected(reading: reader))
        case .tokenRevoked: return .tokenRevoked(try TokenRevoked(reading: reader))
        case .accessDecided: return .accessDecided(try AccessDecided(reading: reader))
        }
    }

    /// The envelope `type` this payload belongs to.
    public var type: String {
        switch self {
        case .secretCreated: return EventType.secretCreated.rawValue
        case .secretRotated: return EventType.secretRotated.rawValue
        case .secretRevoked: return EventType.secretRevoked.rawValue
        case .principalRegistered: return EventType.principalRegistered.rawValue
        case .workspaceMemberAdded: return EventType.workspaceMemberAdded.rawValue
        case .workspaceMemberRemoved: return EventType.workspaceMemberRemoved.rawValue
        case .datasetConfigured: return EventType.datasetConfigured.rawValue
        case .reportRegistered: return EventType.reportRegistered.rawValue
        case .groupMemberAdded: return EventType.groupMemberAdded.rawValue
        case .groupMemberRemoved: return EventType.groupMemberRemoved.rawValue
        case .rlsAssigned: return EventType.rlsAssigned.rawValue
        case .rlsUnassigned: return EventType.rlsUnassigned.rawValue
        case .tokenIssued: return EventType.tokenIssued.rawValue
        case .tokenRejected: return EventType.tokenRejected.rawValue
        case .tokenRevoked: return EventType.tokenRevoked.rawValue
        case .accessDecided: return EventType.accessDecided.rawValue
        case .unknown(let type): return type
        }
    }

    /// The `data` object, members in the §3 order (optional `description`
    /// and `actor` last, and only when set). An ``unknown(type:)`` payload
    /// encodes as an empty object.
    public var data: JSONValue {
        switch self {
        case .secretCreated(let payload): return payload.data
        case .secretRotated(let payload): return payload.data
        case .secretRevoked(let payload): return payload.data
        case .principalRegistered(let payload): return payload.data
        case .workspaceMemberAdded(let payload), .workspaceMemberRemoved(let payload): return payload.data
        case .datasetConfigured(let payload): return payload.data
        case .reportRegistered(let payload): return payload.data
        case .groupMemberAdded(let payload), .groupMemberRemoved(let payload): return payload.data
        case .rlsAssigned(let payload), .rlsUnassigned(let payload): return payload.data
        case .tokenIssued(let payload): return payload.data
        case .tokenRejected(let payload): return payload.data
        case .tokenRevoked(let payload): return payload.data
        case .accessDecided(let payload): return payload.data
        case .unknown: return .object(JSONObject())
        }
    }

    /// The envelope `subject` a writer should use: the id of the entity
    /// the event is about (nil for an unknown type).
    public var subject: String? {
        switch self {
        case .secretCreated(let payload): return payload.secretId
        case .secretRotated(let payload): return payload.secretId
        case .secretRevoked(let payload): return payload.secretId
        case .principalRegistered(let payload): return payload.principalId
        case .workspaceMemberAdded(let payload), .workspaceMemberRemoved(let payload): return payload.workspaceId
        case .datasetConfigured(let payload): return payload.datasetId
        case .reportRegistered(let payload): return payload.reportId
        case .groupMemberAdded(let payload), .groupMemberRemoved(let payload): return payload.groupId
        case .rlsAssigned(let payload), .rlsUnassigned(let payload): return payload.datasetId
        case .tokenIssued(let payload): return payload.tokenId
        case .tokenRejected(let payload): return payload.requestId
        case .tokenRevoked(let payload): return payload.tokenId
        case .accessDecided(let payload): return payload.decisionId
        case .unknown: return nil
        }
    }
}
