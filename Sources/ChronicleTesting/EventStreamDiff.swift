import Chronicle

/// The pure core of the test kit's assertions: compares the events a log
/// appended with the events a test expected and, when they differ, returns
/// a message a person can act on (nil when they match), in the manner of
/// swift-custom-dump's `diff(_:_:) -> String?`.
///
/// The message names the first difference, then shows the expected and the
/// actual streams side by side, a pair of lines per position and one event
/// per line, with `→` at the position that differs:
///
/// ```text
/// the appended events differ from the expected ones (exactly)
/// first difference: event #2: data.outcome.effect: expected "allow", actual "deny"
///
///     #1  expected  token.issued tok-1 {"tokenId":"tok-1",…}
///           actual  token.issued tok-1 {"tokenId":"tok-1",…}
///   → #2  expected  access.decided dec-1 {…"outcome":{"effect":"allow",…},…}
///           actual  access.decided dec-1 {…"outcome":{"effect":"deny",…},…}
///                   ↳ data.outcome.effect: expected "allow", actual "deny"
/// ignored members: hash, id, prevhash, tokenHash
/// ```
///
/// Expected events are ``EventDraft``s: a draft states `type`, `subject` and
/// `data`, and optionally `time`, `id`, `source`; members it leaves nil, and
/// `seq`, are not compared (see ``MemberDifference/between(expected:actual:ignoring:)``).
public enum EventStreamDiff {
    /// Members that differ from run to run and are ignored unless asked
    /// not to: the envelope `id`, `hash` and `prevhash`, and `tokenHash`
    /// (the hash of a JWT, which changes with its signature). Tokens
    /// themselves never reach a log.
    public static let volatileMembers: Set<String> = ["id", "hash", "prevhash", "tokenHash"]

    /// Compares the appended events with the expected ones.
    /// - Parameters:
    ///   - expected: The events the test expects.
    ///   - actual: The events that were appended.
    ///   - match: Exactly, as a prefix, or contained in order.
    ///   - ignoring: Member names skipped at any depth (``volatileMembers`` by default; `[]` compares everything).
    /// - Returns: nil when they match, else the message.
    public static func diff(
        expected: [EventDraft], actual: [Event], match: EventMatch = .exactly,
        ignoring: Set<String> = volatileMembers
    ) -> String? {
        let renderer = Renderer(expected: expected, ignoring: ignoring)
        let body: String?
        switch match {
        case .exactly, .prefix: body = pairwise(expected, actual, match: match, renderer: renderer)
        case .containsInOrder: body = inOrder(expected, actual, renderer: renderer)
        }
        guard let body else { return nil }
        let ignored = ignoring.isEmpty ? "none" : ignoring.sorted().joined(separator: ", ")
        return body + "ignored members: \(ignored)"
    }

    // MARK: - Exactly and prefix

    private static func pairwise(_ expected: [EventDraft], _ actual: [Event], match: EventMatch, renderer: Renderer)
        -> String?
    {
        let compared = match == .exactly ? max(expected.count, actual.count) : expected.count
        var first: (index: Int, summary: String, detail: String?)?
        for index in 0..<compared {
            switch (index < expected.count ? expected[index] : nil, index < actual.count ? actual[index] : nil) {
            case let (wanted?, found?):
                if let difference = MemberDifference.between(expected: wanted, actual: found, ignoring: renderer.ignoring) {
                    first = (index, "event #\(index + 1): \(difference)", "↳ \(difference)")
                }
            case let (wanted?, nil):
                first = (index, "event #\(index + 1) was expected but not appended: \(renderer.line(wanted))", nil)
            case let (nil, found?):
                first = (index, "event #\(index + 1) was appended but not expected: \(renderer.line(found))", nil)
            case (nil, nil):
                break
            }
            if first != nil { break }
        }
        guard let first else { return nil }

        let rows = max(expected.count, actual.count)
        let width = "#\(max(rows, 1))".count
        var text = "the appended events differ from the expected ones (\(match))\n"
        text += "first difference: \(first.summary)\n\n"
        if rows == 0 { text += "    (no events expected, none appended)\n" }
        for index in 0..<rows {
            let marker = index == first.index ? "  → " : "    "
            let label = "#\(index + 1)".padding(to: width)
            let wanted = index < expected.count
                ? renderer.line(expected[index]) : (index < compared ? "(nothing expected here)" : "(not compared)")
            let found = index < actual.count ? renderer.line(actual[index]) : "(nothing appended)"
            text += marker + label + "  expected  " + wanted + "\n"
            text += String(repeating: " ", count: 4 + width) + "    actual  " + found + "\n"
            if index == first.index, let detail = first.detail {
                text += String(repeating: " ", count: 4 + width + 12) + detail + "\n"
            }
        }
        return text
    }

    // MARK: - Contains in order

    private static func inOrder(_ expected: [EventDraft], _ actual: [Event], renderer: Renderer) -> String? {
        var matches: [Int] = []
        var cursor = 0
        var missing: Int?
        for (index, wanted) in expected.enumerated() {
            let found = actual[cursor...].firstIndex {
                MemberDifference.between(expected: wanted, actual: $0, ignoring: renderer.ignoring) == nil
            }
            guard let found else {
                missing = index
                break
            }
            matches.append(found)
            cursor = found + 1
        }
        guard let missing else { return nil }

        let wanted = expected[missing]
        let after = cursor == 0 ? "among the appended events" : "after appended event #\(cursor)"
        var summary = "expected event #\(missing + 1) (\(wanted.type) \(renderer.subject(wanted.subject))) was not found \(after)"
        var candidate: Int?
        if let earlier = actual[..<cursor].firstIndex(where: {
            MemberDifference.between(expected: wanted, actual: $0, ignoring: renderer.ignoring) == nil
        }) {
            summary += "; an equal event was appended as #\(earlier + 1), before the events matched earlier (out of order)"
        } else if let sameType = actual[cursor...].firstIndex(where: { $0.type == wanted.type }),
                  let difference = MemberDifference.between(expected: wanted, actual: actual[sameType],
                                                            ignoring: renderer.ignoring)
        {
            candidate = sameType
            summary += "; the nearest candidate, appended event #\(sameType + 1): \(difference)"
        } else {
            summary += "; no \(wanted.type) event was appended \(cursor == 0 ? "at all" : "after it")"
        }

        var text = "the appended events do not contain the expected ones in order\n"
        text += "first difference: \(summary)\n\n"
        let width = "#\(max(expected.count, actual.count, 1))".count
        let statuses = expected.indices.map { index -> String in
            if index < matches.count { return "= appended #\(matches[index] + 1)" }
            return index == missing ? "not found" : "not looked for"
        }
        let statusWidth = statuses.map(\.count).max() ?? 0
        text += "expected\n"
        for (index, draft) in expected.enumerated() {
            let marker = index == missing ? "  → " : "    "
            text += marker + "#\(index + 1)".padding(to: width) + "  " + statuses[index].padding(to: statusWidth)
                + "  " + renderer.line(draft) + "\n"
        }
        text += "appended\n"
        if actual.isEmpty { text += "    (nothing appended)\n" }
        for (index, event) in actual.enumerated() {
            let marker = index == candidate ? "  → " : "    "
            text += marker + "#\(index + 1)".padding(to: width) + "  " + renderer.line(event) + "\n"
        }
        return text
    }
}

/// Renders events one per line: `type subject [@time] [id=…] [source=…] data`,
/// showing an envelope member of appended events only when some expected
/// event states it, and never an ignored member.
private struct Renderer {
    var ignoring: Set<String>
    var showsTime: Bool
    var showsID: Bool
    var showsSource: Bool

    init(expected: [EventDraft], ignoring: Set<String>) {
        self.ignoring = ignoring
        showsTime = !ignoring.contains("time") && expected.contains { $0.time != nil }
        showsID = !ignoring.contains("id") && expected.contains { $0.id != nil }
        showsSource = !ignoring.contains("source") && expected.contains { $0.source != nil }
    }

    func subject(_ subject: String) -> String {
        subject.isEmpty || subject.contains(" ") ? JSONWriter.string(.string(subject)) : subject
    }

    func line(_ draft: EventDraft) -> String {
        var parts = [draft.type, subject(draft.subject)]
        if showsTime { parts.append("@" + (draft.time?.rfc3339 ?? "*")) }
        if showsID { parts.append("id=" + (draft.id ?? "*")) }
        if showsSource { parts.append("source=" + (draft.source ?? "*")) }
        parts.append(JSONWriter.string(draft.data.removing(ignoring)))
        return parts.joined(separator: " ")
    }

    func line(_ event: Event) -> String {
        var parts = [event.type, subject(event.subject)]
        if showsTime { parts.append("@" + event.time.rfc3339) }
        if showsID { parts.append("id=" + event.id) }
        if showsSource { parts.append("source=" + event.source) }
        parts.append(JSONWriter.string(event.data.removing(ignoring)))
        return parts.joined(separator: " ")
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
