/// Read access to one JSON value, whether parsed into a tree (``JSONValue``)
/// or indexed in place in a line of the log (``JSONTapeValue``).
///
/// The rules and payload decoders read requests, tokens and `data` through
/// this protocol, so one definition of each reading serves the services
/// (which hold trees) and the streaming readers (which avoid building them).
/// Strings compare and read exactly as in a tree: escapes are decoded and
/// values become Swift `String`s.
protocol JSONReading {
    associatedtype Elements: Sequence where Elements.Element == Self

    /// The member `key` of an object; nil for a missing member or a non-object.
    subscript(key: StaticString) -> Self? { get }
    var isNull: Bool { get }
    var stringValue: String? { get }
    /// Whether this is a string (without building it).
    var isStringValue: Bool { get }
    /// Calls `body` with a string's UTF-8 bytes (escapes decoded); nil for anything else.
    func withStringBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result?
    /// Whether this is a string equal to `text` (as Swift strings compare).
    func isString(_ text: String) -> Bool
    var boolValue: Bool? { get }
    /// The value of an integer literal that fits 64 bits.
    var integerValue: Int64? { get }
    /// Any JSON number as a `Double`.
    var doubleValue: Double? { get }
    /// The elements of an array; nil for anything else.
    var arrayElements: Elements? { get }
    var isObject: Bool { get }
    /// The number of members of an object; nil for anything else.
    var memberCount: Int? { get }
    /// A short phrase naming the kind of value, for error messages.
    var kindDescription: String { get }
    /// The value as a tree.
    var json: JSONValue { get }
    /// The array's elements if every one is a string; nil otherwise.
    var stringArrayValue: [String]? { get }
    /// The strings among the array's elements (others skipped); nil for a non-array.
    var stringElements: [String]? { get }
    /// A string of UTF-8 bytes read from this value (part of a string, say).
    /// A reader that remembers the strings it made may hand out one of those.
    func string(decoding bytes: UnsafeRawBufferPointer) -> String
}

extension JSONReading {
    /// The array's elements if every one is a string; nil otherwise.
    var stringArrayValue: [String]? {
        guard let elements = arrayElements else { return nil }
        var strings: [String] = []
        for element in elements {
            guard let string = element.stringValue else { return nil }
            strings.append(string)
        }
        return strings
    }

    /// Whether this is an array whose every element is a string (nothing built).
    var isStringArray: Bool {
        guard let elements = arrayElements else { return false }
        return elements.allSatisfy(\.isStringValue)
    }

    /// The strings among the array's elements (others skipped); nil for a non-array.
    var stringElements: [String]? {
        guard let elements = arrayElements else { return nil }
        var strings: [String] = []
        for element in elements {
            if let string = element.stringValue { strings.append(string) }
        }
        return strings
    }

    func string(decoding bytes: UnsafeRawBufferPointer) -> String { String(decoding: bytes, as: UTF8.self) }
}

extension JSONValue: JSONReading {
    subscript(key: StaticString) -> JSONValue? { self[key.description] }

    var arrayElements: [JSONValue]? { arrayValue }

    var isObject: Bool { if case .object = self { return true } else { return false } }

    var isStringValue: Bool { if case .string = self { return true } else { return false } }

    func isString(_ text: String) -> Bool { stringValue == text }

    func withStringBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result? {
        guard case .string(var string) = self else { return nil }
        return string.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }

    var memberCount: Int? { objectValue?.count }

    var json: JSONValue { self }
}
