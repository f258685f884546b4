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
        /// Where to look first for the next member of a few objects of the
        /// current tape: (object entry, name entry after the member found
        /// last), by object entry modulo ``hintCount``. Reset for each root.
        fileprivate let hints = UnsafeMutablePointer<(object: Int32, next: Int32)>.allocate(capacity: hintCount)
        fileprivate static var hintCount: Int { 8 }

        init() { forgetMembers() }

        deinit { hints.deallocate() }

        fileprivate func forgetMembers() {
            hints.initialize(repeating: (object: -1, next: -1), count: Self.hintCount)
        }
    }

    /// The root of a tape indexed anew: what was remembered of the last
    /// tape's objects no longer applies.
    init(root: JSONTapeValue, memory: ReadMemory) {
        memory.forgetMembers()
        self.init(root, memory: memory)
    }

    /// A value of the tape whose root was last read with `memory` (``init(root:memory:)``).
    init(_ value: JSONTapeValue, memory: ReadMemory) {
        self.value = value
        self.memory = memory
    }

    /// The member `key`, as ``JSONTapeValue``'s subscript finds it, looked
    /// for first right after the member last found in this object: readers
    /// mostly ask for members in the order writers write them, and then
    /// each lookup compares one name instead of every name before it.
    subscript(key: StaticString) -> Self? {
        let entries = value.entries, bytes = value.bytes, object = value.index
        guard entries[object].kind == .object else { return nil }
        let end = Int(entries[object].next)
        let hint = memory.hints + object % ReadMemory.hintCount
        if hint.pointee.object == Int32(object) {
            let name = Int(hint.pointee.next)
            if name < end, Self.isName(entries[name], key, in: bytes) {
                hint.pointee.next = entries[name + 1].next
                return Self(JSONTapeValue(entries: entries, bytes: bytes, index: name + 1), memory: memory)
            }
        }
        var name = object + 1
        while name < end {
            if Self.isName(entries[name], key, in: bytes) {
                hint.pointee = (object: Int32(object), next: entries[name + 1].next)
                return Self(JSONTapeValue(entries: entries, bytes: bytes, index: name + 1), memory: memory)
            }
            name = Int(entries[name + 1].next)
        }
        return nil
    }

    /// Whether the member name at `entry` is `key` (the tape holds plain ASCII names only).
    @inline(__always) private static func isName(_ entry: JSONTape.Entry, _ key: StaticString, in bytes: UnsafeRawPointer) -> Bool {
        let length = key.utf8CodeUnitCount
        guard Int(entry.end - entry.start) == length else { return false }
        let name = bytes + Int(entry.start)
        let text = key.utf8Start
        for offset in 0..<length where name.load(fromByteOffset: offset, as: UInt8.self) != text[offset] { return false }
        return true
    }

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
