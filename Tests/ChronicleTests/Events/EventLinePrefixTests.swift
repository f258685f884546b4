import Testing
@testable import Chronicle

/// The prefix a writer stores at once must be byte for byte the one it
/// appends member by member, and it must step aside whenever a string
/// needs an escape or the prefix does not fit.
@Suite struct EventLinePrefixTests {
    static let strings = [
        "", "1.0", "/orgs/contoso", "access.decided", "d5b4c3a2-1f0e-4d9c-8b7a-6f5e4d3c2b1a",
        "naïve — ünïcödé ✓ 𝄞", "quote \" inside", "back\\slash", "tab\there", "nul \u{0} byte", "line\nbreak",
        "\u{1F}", String(repeating: "x", count: 7), String(repeating: "y", count: 8), String(repeating: "z", count: 1500),
    ]
    static let times = [Timestamp(milliseconds: 0), Timestamp(milliseconds: 1_795_263_049_123)]
    static let seqs: [Int64] = [0, 1, 9, 10, 999_999_999, Int64.max, -1, Int64.min]

    static func envelope(_ strings: [String], id: EventLine.ID, seq: Int64, prevhash: EventLine.PreviousHash, time: Timestamp)
        -> EventLine.Envelope
    {
        EventLine.Envelope(
            specversion: strings[0], id: id, source: strings[1], type: strings[2], time: time, subject: strings[3],
            seq: seq, prevhash: prevhash)
    }

    /// What appending member by member gives.
    static func appended(_ envelope: EventLine.Envelope) -> [UInt8] {
        var out: [UInt8] = []
        var times = EventLine.TimeText()
        EventLine.appendPrefix(envelope, to: &out, times: &times)
        return out
    }

    static func stored(_ envelope: EventLine.Envelope, capacity: Int = 1024) -> [UInt8]? {
        var times = EventLine.TimeText()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 8)
        defer { buffer.deallocate() }
        return EventLine.writePrefix(envelope, times: &times, into: buffer).map { Array(buffer[0..<$0]) }
    }

    @Test func storesWhatAppendingGivesOrStepsAside() {
        var generator = CryptoFixtures.SeededGenerator(seed: 11)
        let uuid = RandomUUIDGenerator().nextText()
        var stores = 0, declines = 0
        for round in 0..<4000 {
            // Mostly strings that need no escape, so that both outcomes are common.
            let picks = (0..<5).map { _ in
                Int.random(in: 0..<5, using: &generator) == 0
                    ? Self.strings[Int.random(in: 0..<Self.strings.count, using: &generator)]
                    : Self.strings[Int.random(in: 0..<6, using: &generator)]
            }
            let id: EventLine.ID = round % 3 == 0 ? .uuid(uuid) : .text(picks[4])
            let prevhash: EventLine.PreviousHash = round % 5 == 0
                ? .text(picks[4]) : .digest(SHA256.hash(Array(picks[0].utf8)))
            let envelope = Self.envelope(
                picks, id: id, seq: Self.seqs[round % Self.seqs.count], prevhash: prevhash, time: Self.times[round % 2])
            let appended = Self.appended(envelope)
            if let stored = Self.stored(envelope) {
                #expect(stored == appended)
                stores += 1
            } else {
                // Only a string that needs an escape, or a prefix too long for the buffer, is declined.
                let needsEscape = (picks + (id.text.map { [$0] } ?? [])).contains { text in
                    text.utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
                }
                #expect(needsEscape || appended.count > 1024)
                declines += 1
            }
        }
        #expect(stores > 500 && declines > 500)
    }

    @Test func declinesAPrefixOneByteLongerThanItsBuffer() {
        let envelope = Self.envelope(
            ["1.0", "/orgs/a", "t", "s"], id: .text("id"), seq: 42, prevhash: .digest(SHA256.hash([])),
            time: Self.times[1])
        let appended = Self.appended(envelope)
        #expect(Self.stored(envelope, capacity: appended.count) == appended)
        #expect(Self.stored(envelope, capacity: appended.count - 1) == nil)
    }
}

extension EventLine.ID {
    fileprivate var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }
}
