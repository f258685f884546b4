/// A UTC instant with millisecond precision: all times in Chronicle are
/// handled as integer milliseconds since the Unix epoch (SPEC §2).
///
/// Parsing accepts any RFC 3339 §5.6 `date-time` (`T`/`t`, `Z`/`z` or an
/// offset, any number of fraction digits, which are truncated to
/// milliseconds); formatting always gives `YYYY-MM-DDTHH:MM:SS.mmmZ`.
/// No Foundation formatter is involved: both directions are plain integer
/// arithmetic.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// Parses an RFC 3339 date-time; nil if the text is not one.
    public init?(rfc3339 text: String) {
        var text = text
        guard let parsed = text.withUTF8({ Timestamp.parse(UnsafeRawBufferPointer($0)) }) else { return nil }
        self = parsed
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.milliseconds < rhs.milliseconds }

    /// Unix seconds, rounded down (JWT `nbf`/`exp`).
    public var unixSeconds: Int64 { milliseconds.floorDivided(by: 1000) }

    /// The same instant plus `milliseconds`.
    public func adding(milliseconds delta: Int64) -> Timestamp { Timestamp(milliseconds: milliseconds + delta) }

    public static let millisecondsPerDay: Int64 = 86_400_000

    /// The start (00:00Z) of this instant's UTC day.
    public var startOfDay: Timestamp {
        Timestamp(milliseconds: milliseconds.floorDivided(by: Self.millisecondsPerDay) * Self.millisecondsPerDay)
    }

    public var description: String { rfc3339 }

    /// The canonical form `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    public var rfc3339: String {
        var bytes = [UInt8](repeating: 0, count: 24)
        write(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The UTC day `YYYY-MM-DD` (segment file names).
    public var dayString: String {
        var bytes = [UInt8](repeating: 0, count: 24)
        write(into: &bytes)
        return String(decoding: bytes[0..<10], as: UTF8.self)
    }

    /// Writes the 24 canonical bytes at the start of `buffer`.
    func write(into buffer: inout [UInt8]) {
        buffer.withUnsafeMutableBytes { write(into: $0) }
    }

    /// Writes the 24 canonical bytes at the start of `buffer`.
    func write(into buffer: UnsafeMutableRawBufferPointer) {
        let days = milliseconds.floorDivided(by: Self.millisecondsPerDay)
        let msOfDay = milliseconds - days * Self.millisecondsPerDay
        let (year, month, day) = Self.civilDate(fromDays: days)
        let hour = msOfDay / 3_600_000, minute = (msOfDay / 60_000) % 60
        let second = (msOfDay / 1000) % 60, millis = msOfDay % 1000
        func put(_ value: Int64, _ width: Int, at start: Int) {
            var v = value
            for i in stride(from: start + width - 1, through: start, by: -1) {
                buffer[i] = UInt8(truncatingIfNeeded: 48 + v % 10)
                v /= 10
            }
        }
        put(year, 4, at: 0); buffer[4] = UInt8(ascii: "-")
        put(month, 2, at: 5); buffer[7] = UInt8(ascii: "-")
        put(day, 2, at: 8); buffer[10] = UInt8(ascii: "T")
        put(hour, 2, at: 11); buffer[13] = UInt8(ascii: ":")
        put(minute, 2, at: 14); buffer[16] = UInt8(ascii: ":")
        put(second, 2, at: 17); buffer[19] = UInt8(ascii: ".")
        put(millis, 3, at: 20); buffer[23] = UInt8(ascii: "Z")
    }

    /// Parses an RFC 3339 date-time from UTF-8 bytes.
    public static func parse(_ b: UnsafeRawBufferPointer) -> Timestamp? {
        let n = b.count
        guard n >= 20 else { return nil }
        func digits(_ start: Int, _ count: Int) -> Int64? {
            var v: Int64 = 0
            for i in start..<(start + count) {
                let d = b[i] &- 48
                guard d < 10 else { return nil }
                v = v * 10 + Int64(d)
            }
            return v
        }
        guard let year = digits(0, 4), b[4] == UInt8(ascii: "-"),
              let month = digits(5, 2), b[7] == UInt8(ascii: "-"),
              let day = digits(8, 2), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
              let hour = digits(11, 2), b[13] == UInt8(ascii: ":"),
              let minute = digits(14, 2), b[16] == UInt8(ascii: ":"),
              let second = digits(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month),
              hour <= 23, minute <= 59, second <= 59
        else { return nil }
        var i = 19
        var millis: Int64 = 0
        if b[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < n, b[i] &- 48 < 10 {
                if i - fractionStart < 3 { millis = millis * 10 + Int64(b[i] - 48) }
                i += 1
            }
            let fractionDigits = i - fractionStart
            guard fractionDigits > 0 else { return nil }
            for _ in min(fractionDigits, 3)..<3 { millis *= 10 }
        }
        guard i < n else { return nil }
        var offsetMinutes: Int64 = 0
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard n - i >= 6, let oh = digits(i + 1, 2), b[i + 3] == UInt8(ascii: ":"), let om = digits(i + 4, 2),
                  oh <= 23, om <= 59
            else { return nil }
            offsetMinutes = (oh * 60 + om) * (b[i] == UInt8(ascii: "+") ? 1 : -1)
            i += 6
        default:
            return nil
        }
        guard i == n else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let ms = ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60_000 + second * 1000 + millis
        return Timestamp(milliseconds: ms)
    }

    /// Whether `b` is exactly the canonical 24-byte form (`…T…:…:….mmmZ`).
    public static func isCanonical(_ b: UnsafeRawBufferPointer) -> Bool { parseCanonical(b) != nil }

    /// The time `b` spells in the canonical 24-byte form; nil for any other text.
    public static func parseCanonical(_ b: UnsafeRawBufferPointer) -> Timestamp? {
        guard b.count == 24, b[10] == UInt8(ascii: "T"), b[19] == UInt8(ascii: "."), b[23] == UInt8(ascii: "Z")
        else { return nil }
        return parse(b)
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDivided(by: 400)
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilDate(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = z.floorDivided(by: 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int64 {
    /// Division rounding toward negative infinity.
    @inlinable func floorDivided(by divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}
