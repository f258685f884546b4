extension SHA256Digest {
    /// Parses exactly 64 lowercase hex digits from raw bytes without allocating; nil otherwise.
    init?(hexBytes hex: UnsafeRawBufferPointer) {
        guard hex.count == 64 else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for wordIndex in 0..<4 {
            var word: UInt64 = 0
            for offset in 0..<16 {
                guard let nibble = Hex.lowercaseNibble(hex[wordIndex * 16 + offset]) else { return nil }
                word = word << 4 | UInt64(nibble)
            }
            switch wordIndex {
            case 0: words.0 = word
            case 1: words.1 = word
            case 2: words.2 = word
            default: words.3 = word
            }
        }
        self.init(words.0, words.1, words.2, words.3)
    }
}
