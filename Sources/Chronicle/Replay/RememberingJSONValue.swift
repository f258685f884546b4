/// A value of a ``JSONTape`` read through the strings and string arrays
/// its thread made before (``RecentValueCache``): the same ids, roles and
/// scopes recur on most lines, and remembering them spares an allocation
/// on the reading thread and a free on the thread that consumes the value.
///
/// Reads exactly as the ``JSONTapeValue`` it wraps: a remembered string or
/// array is one made from the very same bytes.
struct RememberingJSONValue: JSONReading {
    let value: JSONTapeValue
    /// Owned by the reader's scratch, which outlives every value it reads.
    unowned(unsafe) let memory: ReadMemory

    /// What one thread remembers.
    final class ReadMemory {
        let strings = RecentValueCache<String>()
        /// Arrays of strings only, by their JSON text.
        let stringArrays = RecentValueCache<[String]>()
    }

    init(_ value: JSONTapeValue, memory: ReadMemory) {
        self.value = value
        self.memory = memory
    }

    subscript(key: StaticString) -> Self? { value[key].map { Self($0, memory: memory) } }
    var isNull: Bool { value.isNull }
    var isStringValue: Bool { value.isStringValue }
    var isObject: Bool { value.isObject }
    var boolValue: Bool? { value.boolValue }
    var integerValue: Int64? { value.integerValue }
    var doubleValue: Double? { value.doubleValue }
    var memberCount: Int? { value.memberCount }
    var kindDescription: String { value.kindDescription }
    var json: JSONValue { value.json }
    func isString(_ text: String) -> Bool { value.isString(text) }

    func withStringBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result? {
        value.withStringBytes(body)
    }

    var stringValue: String? { value.withStringBytes { string(decoding: $0) } }

    func string(decoding bytes: UnsafeRawBufferPointer) -> String {
        memory.strings.value(for: bytes) { String(decoding: $0, as: UTF8.self) }
    }

    var arrayElements: Elements? { value.arrayElements.map { Elements(elements: $0, memory: memory) } }

    var stringArrayValue: [String]? {
        guard let elements = arrayElements else { return nil }
        guard elements.allSatisfy(\.isStringValue) else { return nil }
        return rememberedStrings(of: elements)
    }

    var stringElements: [String]? {
        guard let elements = arrayElements else { return nil }
        guard elements.allSatisfy(\.isStringValue) else { return elements.compactMap(\.stringValue) }
        return rememberedStrings(of: elements)
    }

    /// The strings of an array of strings only, remembered by its text.
    private func rememberedStrings(of elements: Elements) -> [String] {
        let entry = value.entries[value.index]
        let text = UnsafeRawBufferPointer(start: value.bytes + Int(entry.start), count: Int(entry.end - entry.start))
        return memory.stringArrays.value(for: text) { _ in elements.map { $0.stringValue ?? "" } }
    }

    /// The elements of an array, in order.
    struct Elements: Sequence, IteratorProtocol {
        var elements: JSONTapeValue.Elements
        unowned(unsafe) let memory: ReadMemory

        mutating func next() -> RememberingJSONValue? {
            elements.next().map { RememberingJSONValue($0, memory: memory) }
        }
    }
}
