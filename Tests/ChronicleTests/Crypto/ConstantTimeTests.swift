import Testing

@testable import Chronicle

struct ConstantTimeTests {
    @Test func equalArraysAreEqual() {
        #expect(ConstantTime.equals([], []))
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
    }

    @Test func aDifferenceInAnyPositionIsFound() {
        let base = [UInt8](repeating: 0x5a, count: 32)
        for index in base.indices {
            for bit in 0..<8 {
                var changed = base
                changed[index] ^= 1 << bit
                #expect(!ConstantTime.equals(base, changed), "byte \(index), bit \(bit)")
            }
        }
    }

    @Test func differentLengthsAreNeverEqual() {
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(!ConstantTime.equals([], [0]))
    }

    @Test func digestsCompareByAllTheirBytes() {
        #expect(ConstantTime.equals(SHA256.hash("a"), SHA256.hash("a")))
        #expect(!ConstantTime.equals(SHA256.hash("a"), SHA256.hash("b")))
    }
}
