/// Reads the members of one JSON object, throwing a ``PayloadDecodingError``
/// that names the member when it is missing or of the wrong type.
///
/// Conventions shared by every payload:
/// - a required member must be present and of its type;
/// - a *nullable* member (`expiresAt`, `renews`, …) may be `null`, and a
///   missing one reads as `null` too (readers stay lenient, writers always
///   emit it);
/// - an *optional* member (`actor`, `description`) may be absent or `null`.
struct PayloadReader {
    let object: JSONObject
    let path: String

    init(_ value: JSONValue, path: String = "data") throws(PayloadDecodingError) {
        guard case .object(let object) = value else {
            throw PayloadDecodingError(path: path, expected: "an object", found: value.kindDescription)
        }
        self.object = object
        self.path = path
    }

    private func failure(_ key: String, _ expected: String, _ value: JSONValue?) -> PayloadDecodingError {
        PayloadDecodingError(path: "\(path).\(key)", expected: expected, found: value?.kindDescription ?? "nothing")
    }

    /// A required member of any JSON type (kept raw).
    func value(_ key: String) throws(PayloadDecodingError) -> JSONValue {
        guard let value = object[key] else { throw failure(key, "a value", nil) }
        return value
    }

    func string(_ key: String) throws(PayloadDecodingError) -> String {
        let value = object[key]
        guard case .string(let string)? = value else { throw failure(key, "a string", value) }
        return string
    }

    /// A member that may be `null` or absent.
    func nullableString(_ key: String) throws(PayloadDecodingError) -> String? {
        let value = object[key]
        switch value {
        case nil, .null?: return nil
        case .string(let string)?: return string
        default: throw failure(key, "a string or null", value)
        }
    }

    func integer(_ key: String) throws(PayloadDecodingError) -> Int64 {
        let value = object[key]
        guard case .integer(let integer)? = value else { throw failure(key, "an integer", value) }
        return integer
    }

    func strings(_ key: String) throws(PayloadDecodingError) -> [String] {
        let value = object[key]
        guard let strings = value?.stringArrayValue else { throw failure(key, "an array of strings", value) }
        return strings
    }

    func timestamp(_ key: String) throws(PayloadDecodingError) -> Timestamp {
        let value = object[key]
        guard case .string(let text)? = value, let time = Timestamp(rfc3339: text) else {
            throw failure(key, "an RFC 3339 time", value)
        }
        return time
    }

    /// A time that may be `null` or absent.
    func nullableTimestamp(_ key: String) throws(PayloadDecodingError) -> Timestamp? {
        let value = object[key]
        switch value {
        case nil, .null?: return nil
        case .string(let text)?:
            guard let time = Timestamp(rfc3339: text) else { throw failure(key, "an RFC 3339 time or null", value) }
            return time
        default: throw failure(key, "an RFC 3339 time or null", value)
        }
    }

    /// A string member that must be one of `E`'s raw values.
    func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, _: E.Type) throws(PayloadDecodingError) -> E
    where E.RawValue == String {
        let value = object[key]
        if case .string(let string)? = value, let result = E(rawValue: string) { return result }
        let choices = E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " | ")
        throw failure(key, choices, value)
    }

    /// A nested object, read with the same conventions.
    func object(_ key: String) throws(PayloadDecodingError) -> PayloadReader {
        let value = object[key]
        guard let value, case .object = value else { throw failure(key, "an object", value) }
        return try PayloadReader(value, path: "\(path).\(key)")
    }
}

/// Builds a JSON object member by member, in the order they are added.
struct PayloadWriter {
    private(set) var members: [(key: String, value: JSONValue)] = []

    init(capacity: Int = 8) { members.reserveCapacity(capacity) }

    mutating func add(_ key: String, _ value: JSONValue) { members.append((key: key, value: value)) }

    mutating func add(_ key: String, _ value: String) { members.append((key: key, value: .string(value))) }

    mutating func add(_ key: String, _ value: Timestamp?) {
        members.append((key: key, value: value.map { .string($0.rfc3339) } ?? .null))
    }

    /// Adds the member only when `value` is not nil (optional members).
    mutating func addIfPresent(_ key: String, _ value: String?) {
        if let value { members.append((key: key, value: .string(value))) }
    }

    var json: JSONValue { .object(JSONObject(uniqueMembers: members)) }
}
