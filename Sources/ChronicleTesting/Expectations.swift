import Chronicle

/// Checks appended events against expected ones and records a failure at
/// the caller's location (a Swift Testing issue, or an XCTest failure) with
/// the message of ``EventStreamDiff/diff(expected:actual:match:ignoring:)``.
///
/// ```swift
/// expectEvents(log.events, [.secretRevoked(id: "key-1")], .containsInOrder)
/// ```
///
/// - Parameters:
///   - actual: The events that were appended (``InMemoryLog/events``, or read from a file log).
///   - expected: The expected events.
///   - match: Exactly (the default), as a prefix, or contained in order.
///   - ignoring: Member names not compared, at any depth (``EventStreamDiff/volatileMembers`` by default).
/// - Returns: Whether they matched.
@discardableResult
public func expectEvents(
    _ actual: [Event], _ expected: [EventDraft], _ match: EventMatch = .exactly,
    ignoring: Set<String> = EventStreamDiff.volatileMembers,
    fileID: StaticString = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column
) -> Bool {
    guard let message = EventStreamDiff.diff(expected: expected, actual: actual, match: match, ignoring: ignoring)
    else { return true }
    IssueReporting.report(message, fileID: fileID, filePath: filePath, line: line, column: column)
    return false
}
