extension SHA256Digest {
    /// Parses exactly 64 lowercase hex digits from raw bytes without allocating; nil otherwise.
    init?(hexBytes hex: UnsafeRawBufferPointer) {
        guard hex.count == 64, let base = hex.baseAddress else { return nil }
        /// The big-endian word spelled by the 16 digits at `offset`.
        func word(_ offset: Int) -> UInt64? {
            guard let high = Hex.lowercaseEight(UInt64(littleEndian: (base + offset).loadUnaligned(as: UInt64.self))),
                  let low = Hex.lowercaseEight(UInt64(littleEndian: (base + offset + 8).loadUnaligned(as: UInt64.self)))
            else { return nil }
            return UInt64(high) << 32 | UInt64(low)
        }
        guard let word0 = word(0), let word1 = word(16), let word2 = word(32), let word3 = word(48) else { return nil }
        self.init(word0, word1, word2, word3)
    }
}

extension Hex {
    /// The value of eight lowercase hex digits, read as a little-endian
    /// word (the first digit in the lowest byte, and the most significant
    /// in the result); nil unless every byte is `0`–`9` or `a`–`f`.
    /// Works on the whole word at once, without branches per digit.
    @inline(__always)
    static func lowercaseEight(_ word: UInt64) -> UInt32? {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        // Per byte (all below 0x80, so no carry crosses bytes): high bit set when inside [low, high].
        @inline(__always) func inside(_ low: UInt64, _ high: UInt64) -> UInt64 {
            (word &+ ones &* (0x80 - low)) & ~(word &+ ones &* (0x7F - high)) & highs
        }
        guard word & highs == 0, inside(0x30, 0x39) | inside(0x61, 0x66) == highs else { return nil }
        // '0'–'9' → 0–9, 'a'–'f' → 10–15.
        let nibbles = (word & (ones &* 0x0F)) &+ 9 &* ((word >> 6) & ones)
        // Pack pairs, then pairs of pairs, first digit most significant.
        let pairs = (nibbles << 4 | nibbles >> 8) & 0x00FF_00FF_00FF_00FF
        let quads = (pairs | pairs >> 8) & 0x0000_FFFF_0000_FFFF
        let packed = UInt32(truncatingIfNeeded: quads | quads >> 16)
        return packed.byteSwapped
    }
}
