/// Counts per key, remembering the order in which keys first appeared, so
/// that reports list them in log order.
struct OrderedCounts<Value: Sendable & Equatable>: Sendable, Equatable {
    private(set) var keys: [String] = []
    private var values: [String: Value] = [:]
    private let zero: Value

    init(zero: Value) { self.zero = zero }

    subscript(key: String) -> Value {
        get { values[key] ?? zero }
        set {
            if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
        }
    }

    var dictionary: [String: Value] { values }

    var entries: [(key: String, value: Value)] { keys.map { ($0, values[$0] ?? zero) } }
}
