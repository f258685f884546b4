/// A deterministic pseudo-random generator for `simulate`: xoshiro256**
/// seeded through SplitMix64, so the same seed always gives the same
/// stream on every platform and toolchain.
///
/// It deliberately does not conform to `RandomNumberGenerator`: the
/// standard library's `random(in:using:)` algorithms are not promised to
/// stay the same across releases, and a simulated log must keep its bytes.
/// Every draw goes through the methods here instead.
///
/// ```swift
/// var random = SeededGenerator(seed: 42, stream: 1)
/// let roll = random.below(100)          // 0..<100
/// let hit = random.chance(perTenThousand: 85)
/// ```
struct SeededGenerator: Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// A generator for `stream` of `seed`: streams of one seed are independent.
    init(seed: UInt64, stream: UInt64) {
        var mix = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
        s0 = Self.splitMix(&mix)
        s1 = Self.splitMix(&mix)
        s2 = Self.splitMix(&mix)
        s3 = Self.splitMix(&mix)
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    private static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-shift; `bound` > 0).
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "below(_:) needs a positive bound")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }

    /// A uniform integer in `range`.
    mutating func between(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// True with probability `odds` / 10,000.
    mutating func chance(perTenThousand odds: Int) -> Bool { below(10_000) < odds }

    /// A uniformly chosen element of a non-empty array.
    mutating func element<Element>(of elements: [Element]) -> Element { elements[below(elements.count)] }

    /// `count` random bytes.
    mutating func bytes(_ count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 8)
        while bytes.count < count {
            var word = next()
            for _ in 0..<8 {
                bytes.append(UInt8(truncatingIfNeeded: word))
                word >>= 8
            }
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }

    /// A random (version 4, variant 1) UUID in lowercase text, like the ids writers generate.
    mutating func uuid() -> String {
        let high = next(), low = next()
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var position = 0
            func put(_ nibble: UInt64) {
                buffer[position] = digits.utf8Start[Int(nibble & 0xF)]
                position += 1
            }
            func dash() {
                buffer[position] = UInt8(ascii: "-")
                position += 1
            }
            // 8-4-4-4-12 hex digits; the version nibble is 4, the variant bits 10.
            for shift in stride(from: 60, through: 32, by: -4) { put(high >> UInt64(shift)) }
            dash()
            for shift in stride(from: 28, through: 16, by: -4) { put(high >> UInt64(shift)) }
            dash()
            put(4)
            for shift in stride(from: 8, through: 0, by: -4) { put(high >> UInt64(shift)) }
            dash()
            put(0x8 | (low >> 62))
            for shift in stride(from: 56, through: 48, by: -4) { put(low >> UInt64(shift)) }
            dash()
            for shift in stride(from: 44, through: 0, by: -4) { put(low >> UInt64(shift)) }
            return position
        }
    }
}

/// Event ids for ``LogWriter``'s `makeID:`: a seeded generator the writer
/// may call from its escaping closure.
final class SeededIdentifiers {
    private var generator: SeededGenerator

    init(seed: UInt64, stream: UInt64) { generator = SeededGenerator(seed: seed, stream: stream) }

    func next() -> String { generator.uuid() }
}
