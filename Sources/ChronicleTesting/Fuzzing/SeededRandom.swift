/// A small, fast, reproducible random number generator (SplitMix64), so a
/// randomised test or fuzz run can be replayed exactly from its seed.
///
/// ```swift
/// var random = SeededRandom(seed: 42)
/// let delay = Int.random(in: 5...50, using: &random)
/// ```
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A generator for a numbered sub-task, independent of this one's later draws.
    public func derived(_ index: UInt64) -> SeededRandom {
        var copy = SeededRandom(seed: state ^ (index &* 0xD6E8_FEB8_6659_FD93))
        _ = copy.next()
        return copy
    }
}
