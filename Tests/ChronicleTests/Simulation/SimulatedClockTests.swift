import Testing
@testable import Chronicle

@Suite struct SimulatedClockTests {
    @Test(arguments: [1, 7, 500, 100_000])
    func slotTimesNeverDecreaseAndStayInTheDay(_ count: Int) {
        let clock = SimulatedClock()
        let day = Timestamp(milliseconds: 1_795_219_200_000)
        var random = SeededGenerator(seed: 3, stream: 1)
        var previous = day
        for index in 0..<count {
            let time = clock.time(ofSlot: index, of: count, dayStart: day, jitter: random.next())
            #expect(time >= previous)
            #expect(time < day.adding(milliseconds: Timestamp.millisecondsPerDay))
            previous = time
        }
    }

    @Test func workingHoursAreBusierThanTheNight() {
        let clock = SimulatedClock()
        let day = Timestamp(milliseconds: 1_795_219_200_000)
        var hours = [Int](repeating: 0, count: 24)
        for index in 0..<10_000 {
            let time = clock.time(ofSlot: index, of: 10_000, dayStart: day, jitter: UInt64(index) &* 0x9E37_79B9)
            hours[Int((time.milliseconds - day.milliseconds) / 3_600_000)] += 1
        }
        #expect(hours[10] > 5 * hours[3])
    }
}
