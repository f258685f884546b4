import Foundation
import Testing
@testable import Chronicle

@Suite struct TimestampTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00.000Z", Int64(0)),
        ("2026-11-21T09:30:00.123Z", Int64(1_795_253_400_123)),
        ("2026-11-21t09:30:00.123z", Int64(1_795_253_400_123)),
        ("2026-11-21T10:30:00.123+01:00", Int64(1_795_253_400_123)),
        ("2026-11-21T09:30:00.123456789Z", Int64(1_795_253_400_123)),
        ("2026-11-21T09:30:00Z", Int64(1_795_253_400_000)),
        ("2026-11-21T09:30:00.1Z", Int64(1_795_253_400_100)),
        ("2024-02-29T00:00:00Z", Int64(1_709_164_800_000)),
        ("1969-12-31T23:59:59.999Z", Int64(-1)),
    ])
    func parsesRFC3339(text: String, milliseconds: Int64) {
        #expect(Timestamp(rfc3339: text)?.milliseconds == milliseconds)
    }

    @Test(arguments: [
        "2026-11-21 09:30:00Z", "2026-11-21T09:30:00", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z",
        "2026-11-21T24:00:00Z", "2026-11-21T09:30:60Z", "2026-11-21T09:30:00.Z", "2026-11-21T09:30:00+0100",
        "26-11-21T09:30:00Z", "2026-11-21T09:30:00.000Zjunk", "",
    ])
    func rejectsWhatIsNotRFC3339(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test func formatsCanonically() {
        #expect(Timestamp(milliseconds: 1_795_253_400_123).rfc3339 == "2026-11-21T09:30:00.123Z")
        #expect(Timestamp(milliseconds: -1).rfc3339 == "1969-12-31T23:59:59.999Z")
        #expect(Timestamp(milliseconds: 1_795_253_400_123).dayString == "2026-11-21")
    }

    @Test func agreesWithFoundationOverManyInstants() {
        var generator = SystemRandomNumberGenerator()
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        for _ in 0..<2000 {
            let ms = Int64.random(in: -2_000_000_000_000...4_000_000_000_000, using: &generator)
            let ours = Timestamp(milliseconds: ms).rfc3339
            let theirs = formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
            #expect(ours == theirs)
            #expect(Timestamp(rfc3339: ours)?.milliseconds == ms)
        }
    }

    @Test func flooredUnixSecondsAndDayStarts() {
        #expect(Timestamp(milliseconds: 1999).unixSeconds == 1)
        #expect(Timestamp(milliseconds: -1).unixSeconds == -1)
        #expect(Timestamp(rfc3339: "2026-11-21T09:30:00Z")?.startOfDay == Timestamp(rfc3339: "2026-11-21T00:00:00Z"))
    }
}
