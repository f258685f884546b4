import Chronicle

/// The first member in which an appended event differs from an expected
/// one: where (`data.outcome.effect`, `data.scopes[1]`, `type`) and the two
/// values as compact JSON (`(missing)` when one side lacks the member).
public struct MemberDifference: Sendable, Equatable, CustomStringConvertible {
    /// The member's path: envelope members by name, `data` members dotted, array elements `[i]`.
    public var path: String
    public var expected: String
    public var actual: String

    public init(path: String, expected: String, actual: String) {
        self.path = path
        self.expected = expected
        self.actual = actual
    }

    public var description: String { "\(path): expected \(expected), actual \(actual)" }

    static let missing = "(missing)"

    /// The first difference between an expected draft and an appended event, or nil if they match.
    ///
    /// The envelope members compared are `type` and `subject`, and `time`,
    /// `id`, `source` and `specversion` when the draft sets them; `data` is
    /// compared whole, member by member (objects ignore member order,
    /// arrays do not). Members named in `ignoring` are skipped at any depth.
    public static func between(
        expected: EventDraft, actual: Event, ignoring: Set<String> = EventStreamDiff.volatileMembers
    ) -> MemberDifference? {
        for (name, wanted, found) in envelope(expected, actual) where !ignoring.contains(name) {
            if wanted != found {
                return MemberDifference(path: name, expected: JSONWriter.string(wanted), actual: JSONWriter.string(found))
            }
        }
        return between(expected.data, actual.data, path: "data", ignoring: ignoring)
    }

    /// The compared envelope members: (name, expected, actual).
    private static func envelope(_ draft: EventDraft, _ event: Event) -> [(String, JSONValue, JSONValue)] {
        var members: [(String, JSONValue, JSONValue)] = [
            ("type", .string(draft.type), .string(event.type)),
            ("subject", .string(draft.subject), .string(event.subject)),
        ]
        if let time = draft.time { members.append(("time", .string(time.rfc3339), .string(event.time.rfc3339))) }
        if let id = draft.id { members.append(("id", .string(id), .string(event.id))) }
        if let source = draft.source { members.append(("source", .string(source), .string(event.source))) }
        if let version = draft.specversion {
            members.append(("specversion", .string(version), .string(event.specversion)))
        }
        return members
    }

    /// The first difference between two JSON values, or nil if they are equal.
    ///
    /// Objects are compared member by member in the expected order (member
    /// order does not matter), then for members only the actual value has;
    /// arrays element by element, then by length; numbers by value.
    /// - Parameters:
    ///   - path: The path of the two values (`data`); member paths extend it.
    ///   - ignoring: Object member names skipped at any depth.
    public static func between(
        _ expected: JSONValue, _ actual: JSONValue, path: String, ignoring: Set<String> = []
    ) -> MemberDifference?
    {
        func render(_ value: JSONValue) -> String { JSONWriter.string(value.removing(ignoring)) }
        switch (expected, actual) {
        case let (.object(wanted), .object(found)):
            for (key, value) in wanted.members where !ignoring.contains(key) {
                guard let other = found[key] else {
                    return MemberDifference(path: path + "." + key, expected: render(value), actual: missing)
                }
                if let difference = between(value, other, path: path + "." + key, ignoring: ignoring) {
                    return difference
                }
            }
            for (key, value) in found.members where !ignoring.contains(key) && !wanted.contains(key) {
                return MemberDifference(path: path + "." + key, expected: missing, actual: render(value))
            }
            return nil
        case let (.array(wanted), .array(found)):
            for index in 0..<min(wanted.count, found.count) {
                if let difference = between(wanted[index], found[index], path: "\(path)[\(index)]", ignoring: ignoring) {
                    return difference
                }
            }
            guard wanted.count != found.count else { return nil }
            let index = min(wanted.count, found.count)
            return MemberDifference(
                path: "\(path)[\(index)]",
                expected: index < wanted.count ? render(wanted[index]) : missing,
                actual: index < found.count ? render(found[index]) : missing)
        default:
            return expected == actual ? nil : MemberDifference(path: path, expected: render(expected), actual: render(actual))
        }
    }
}

extension JSONValue {
    /// A copy without the object members named in `names`, at any depth.
    func removing(_ names: Set<String>) -> JSONValue {
        guard !names.isEmpty else { return self }
        switch self {
        case .object(let object):
            return .object(JSONObject(object.members.compactMap { member in
                names.contains(member.key) ? nil : (key: member.key, value: member.value.removing(names))
            }))
        case .array(let elements):
            return .array(elements.map { $0.removing(names) })
        default:
            return self
        }
    }
}
