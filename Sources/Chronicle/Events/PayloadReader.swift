/// Reads the members of one JSON object, throwing a ``PayloadDecodingError``
/// that names the member when it is missing or of the wrong type.
///
/// Conventions shared by every payload:
/// - a required member must be present and of its type;
/// - a *nullable* member (`expiresAt`, `renews`, …) may be `null`, and a
///   missing one reads as `null` too (readers stay lenient, writers always
///   emit it);
/// - an *optional* member (`actor`, `description`) may be absent or `null`.
///
/// It reads a tree (``JSONValue``) or a line's data in place (``JSONTapeValue``) alike.
struct PayloadReader<Source: JSONReading> {
    /// An object.
    let object: Source
    /// Where the object is: `data`, or its parent's path and its member name
    /// (joined only for an error message).
    private let parentPath: String
    private let member: StaticString?

    init(_ value: Source, path: String = "data") throws(PayloadDecodingError) {
        try self.init(value, parentPath: path, member: nil)
    }

    private init(_ value: Source, parentPath: String, member: StaticString?) throws(PayloadDecodingError) {
        self.parentPath = parentPath
        self.member = member
        self.object = value
        guard value.isObject else {
            throw PayloadDecodingError(path: path, expected: "an object", found: value.kindDescription)
        }
    }

    var path: String { member.map { "\(parentPath).\($0)" } ?? parentPath }

    private func failure(_ key: StaticString, _ expected: String, _ value: Source?) -> PayloadDecodingError {
        PayloadDecodingError(path: "\(path).\(key)", expected: expected, found: value?.kindDescription ?? "nothing")
    }

    /// A required member of any JSON type (kept raw).
    func value(_ key: StaticString) throws(PayloadDecodingError) -> Source {
        guard let value = object[key] else { throw failure(key, "a value", nil) }
        return value
    }

    func string(_ key: StaticString) throws(PayloadDecodingError) -> String {
        let value = object[key]
        guard let string = value?.stringValue else { throw failure(key, "a string", value) }
        return string
    }

    /// A required string member, checked but left unbuilt.
    func unbuiltString(_ key: StaticString) throws(PayloadDecodingError) -> Source {
        let value = object[key]
        guard let value, value.isStringValue else { throw failure(key, "a string", value) }
        return value
    }

    /// A member that may be `null` or absent.
    func nullableString(_ key: StaticString) throws(PayloadDecodingError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let string = value.stringValue else { throw failure(key, "a string or null", value) }
        return string
    }

    func integer(_ key: StaticString) throws(PayloadDecodingError) -> Int64 {
        let value = object[key]
        guard let integer = value?.integerValue else { throw failure(key, "an integer", value) }
        return integer
    }

    func strings(_ key: StaticString) throws(PayloadDecodingError) -> [String] {
        let value = object[key]
        guard let strings = value?.stringArrayValue else { throw failure(key, "an array of strings", value) }
        return strings
    }

    func timestamp(_ key: StaticString) throws(PayloadDecodingError) -> Timestamp {
        let value = object[key]
        guard let text = value?.stringValue, let time = Timestamp(rfc3339: text) else {
            throw failure(key, "an RFC 3339 time", value)
        }
        return time
    }

    /// A time that may be `null` or absent.
    func nullableTimestamp(_ key: StaticString) throws(PayloadDecodingError) -> Timestamp? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let text = value.stringValue, let time = Timestamp(rfc3339: text) else {
            throw failure(key, "an RFC 3339 time or null", value)
        }
        return time
    }

    /// A string member that must be one of `E`'s raw values.
    func enumeration<E: RawRepresentable & CaseIterable>(_ key: StaticString, _: E.Type) throws(PayloadDecodingError) -> E
    where E.RawValue == String {
        let value = object[key]
        if let string = value?.stringValue, let result = E(rawValue: string) { return result }
        let choices = E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " | ")
        throw failure(key, choices, value)
    }

    /// Checks an array-of-strings member as ``strings(_:)`` reads it, without building it.
    func checkStrings(_ key: StaticString) throws(PayloadDecodingError) {
        let value = object[key]
        guard let value, value.isStringArray else { throw failure(key, "an array of strings", value) }
    }

    /// Checks a member as ``enumeration(_:_:)`` reads it, without building the string.
    func checkEnumeration<E: RawRepresentable & CaseIterable>(_ key: StaticString, _ type: E.Type) throws(PayloadDecodingError)
    where E.RawValue == String {
        if let value = object[key], E.allCases.contains(where: { value.isString($0.rawValue) }) { return }
        _ = try enumeration(key, type)
    }

    /// A nested object, read with the same conventions.
    func object(_ key: StaticString) throws(PayloadDecodingError) -> PayloadReader {
        let value = object[key]
        guard let value, value.isObject else { throw failure(key, "an object", value) }
        return try PayloadReader(value, parentPath: path, member: key)
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
