@testable import Chronicle

/// The first place where two JSON values differ, as `path: expected … got …`,
/// or nil when they are equal (objects compare without member order).
func firstDifference(expected: JSONValue, actual: JSONValue, path: String = "$") -> String? {
    switch (expected, actual) {
    case let (.object(e), .object(a)):
        for member in e.members {
            guard let other = a[member.key] else { return "\(path).\(member.key): missing" }
            if let difference = firstDifference(expected: member.value, actual: other, path: "\(path).\(member.key)") {
                return difference
            }
        }
        for member in a.members where e[member.key] == nil { return "\(path).\(member.key): unexpected member" }
        return nil
    case let (.array(e), .array(a)):
        for (index, (x, y)) in zip(e, a).enumerated() {
            if let difference = firstDifference(expected: x, actual: y, path: "\(path)[\(index)]") { return difference }
        }
        return e.count == a.count ? nil : "\(path): \(e.count) elements expected, got \(a.count)"
    default:
        return expected == actual
            ? nil : "\(path): expected \(JSONWriter.string(expected)), got \(JSONWriter.string(actual))"
    }
}
