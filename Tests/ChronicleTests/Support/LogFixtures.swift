import Foundation
@testable import Chronicle

/// Builders for events and logs used by the store and reliability tests.
enum LogFixtures {
    /// 2030-01-01T00:00:00.000Z.
    static let start = Timestamp(rfc3339: "2030-01-01T00:00:00Z")!

    static func draft(_ number: Int, at time: Timestamp? = nil, type: String = "audit.note",
                      padding: Int = 0) -> EventDraft
    {
        var data: JSONObject = ["n": .integer(Int64(number))]
        if padding > 0 { data["pad"] = .string(String(repeating: "p", count: padding)) }
        return EventDraft(type: type, subject: "subject-\(number)", data: .object(data), id: "event-\(number)",
                          time: time, source: "/orgs/test")
    }

    /// A log of `count` events spread evenly over `days` UTC days from ``start``.
    @discardableResult
    static func makeLog(in directory: LogDirectory, count: Int, days: Int = 1) throws -> [Event] {
        let writer = try LogWriter(directory: directory, follower: AcceptingFollower(), source: "/orgs/test")
        let step = Timestamp.millisecondsPerDay * Int64(days) / Int64(max(count, 1))
        let drafts = (0..<count).map { index in
            draft(index + 1, at: start.adding(milliseconds: Int64(index) * step), padding: (index * 37) % 90)
        }
        return try writer.append(drafts, now: start)
    }

    /// Appends raw bytes to a file (a torn write, a hand-made line).
    static func appendBytes(_ bytes: [UInt8], to path: String) throws {
        guard let handle = FileHandle(forWritingAtPath: path) else { throw TestFailure("cannot open \(path)") }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(bytes))
    }

    /// The permission bits of a file.
    static func mode(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }
}

/// A follower that refuses events of one type, to test all-or-nothing batches.
struct RefusingFollower: LogFollower {
    var refusedType: String
    var followed = 0

    mutating func follow(_ event: Event) { followed += 1 }
    func refusal(of event: Event) -> String? { event.type == refusedType ? "refused for the test" : nil }
}
