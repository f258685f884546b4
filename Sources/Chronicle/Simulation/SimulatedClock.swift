/// When the simulated organisation's routine events happen: `count` slots
/// spread over a UTC day with the rhythm of an office (quiet nights, a
/// morning ramp, busy working hours, a quieter evening).
///
/// Slot `i` of `count` falls at a jittered point of the `i`-th equal share
/// of the day's weighted time, mapped back through the hourly weights, so
/// slot times never decrease and always stay inside the day. Everything is
/// integer arithmetic: the same slots give the same milliseconds everywhere.
struct SimulatedClock: Sendable {
    /// Relative activity per UTC hour, 00:00 to 23:00.
    static let hourlyWeights: [Int64] = [
        2, 2, 2, 2, 2, 3, 5, 9, 16, 20, 20, 19, 15, 18, 20, 19, 16, 11, 7, 5, 4, 3, 3, 2,
    ]
    static let millisecondsPerHour: Int64 = 3_600_000

    /// The weights summed before each hour (25 entries, the last is the total).
    private let cumulative: [Int64]
    /// Weighted milliseconds in a whole day.
    private let dayWeight: Int64

    init() {
        var sums: [Int64] = [0]
        for weight in Self.hourlyWeights { sums.append(sums[sums.count - 1] + weight) }
        cumulative = sums
        dayWeight = sums[sums.count - 1] * Self.millisecondsPerHour
    }

    /// The time of slot `index` of `count` on the day starting at `dayStart`.
    /// - Parameter jitter: a random draw; only its value modulo the share matters.
    func time(ofSlot index: Int, of count: Int, dayStart: Timestamp, jitter: UInt64) -> Timestamp {
        let share = max(1, dayWeight / Int64(count))
        let position = min(dayWeight - 1, Int64(index) * dayWeight / Int64(count) + Int64(jitter % UInt64(share)))
        var hour = 0
        while cumulative[hour + 1] * Self.millisecondsPerHour <= position { hour += 1 }
        let into = (position - cumulative[hour] * Self.millisecondsPerHour) / Self.hourlyWeights[hour]
        return dayStart.adding(milliseconds: Int64(hour) * Self.millisecondsPerHour + into)
    }
}
