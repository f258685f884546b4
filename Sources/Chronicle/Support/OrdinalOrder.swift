/// "Sorted always means ordinal order of Unicode code points" (SPEC §2).
///
/// Swift's `String.<` orders by Unicode canonical equivalence, which can
/// differ from code-point order; UTF-8 byte order is exactly code-point
/// order, so these helpers compare the UTF-8 views.
extension String {
    /// Whether `self` sorts before `other` in code-point order.
    @inlinable
    package func ordinallyPrecedes(_ other: String) -> Bool {
        self.utf8.lexicographicallyPrecedes(other.utf8)
    }
}

extension Sequence where Element == String {
    /// The strings in code-point order.
    package func sortedOrdinally() -> [String] {
        sorted { $0.ordinallyPrecedes($1) }
    }
}
