import ChronicleTesting
import Testing

@Suite struct SeededRandomTests {
    @Test func theSameSeedGivesTheSameSequence() {
        var first = SeededRandom(seed: 7)
        var second = SeededRandom(seed: 7)
        #expect((0..<100).map { _ in first.next() } == (0..<100).map { _ in second.next() })
    }

    @Test func differentSeedsAndDerivedGeneratorsDiffer() {
        var first = SeededRandom(seed: 7)
        var other = SeededRandom(seed: 8)
        var derived = SeededRandom(seed: 7).derived(1)
        let a = (0..<8).map { _ in first.next() }
        #expect(a != (0..<8).map { _ in other.next() })
        #expect(a != (0..<8).map { _ in derived.next() })
    }

    @Test func drawsCoverARangeEvenly() {
        var random = SeededRandom(seed: 1)
        var counts = [Int](repeating: 0, count: 10)
        for _ in 0..<10_000 { counts[Int.random(in: 0..<10, using: &random)] += 1 }
        #expect(counts.allSatisfy { (850...1150).contains($0) }, "\(counts)")
    }
}
