/// Endless, reproducible fuzz inputs: a seed input taken at random and
/// damaged by one to four random ``Mutation``s. The same seed gives the
/// same inputs, so any failure replays from `(seed, index)`.
///
/// ```swift
/// var fuzzer = MutationFuzzer(seeds: lines, seed: 1)
/// for _ in 0..<20_000 { let input = fuzzer.next(); ... }
/// ```
public struct MutationFuzzer: Sendable {
    public let seeds: [[UInt8]]
    private var random: SeededRandom
    /// How many inputs were handed out.
    public private(set) var index = 0

    public init(seeds: [[UInt8]], seed: UInt64) {
        precondition(!seeds.isEmpty, "a mutation fuzzer needs at least one seed input")
        self.seeds = seeds
        random = SeededRandom(seed: seed)
    }

    /// The next input and the mutations that made it.
    public mutating func next() -> (bytes: [UInt8], mutations: [Mutation]) {
        index += 1
        var bytes = seeds.randomElement(using: &random)!
        let donor = seeds.randomElement(using: &random)!
        var applied: [Mutation] = []
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let mutation = Mutation.allCases.randomElement(using: &random)!
            mutation.apply(to: &bytes, donor: donor, using: &random)
            applied.append(mutation)
        }
        return (bytes, applied)
    }
}
