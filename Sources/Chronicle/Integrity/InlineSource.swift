/// A line's raw `source` held in two words when it has at most 16 bytes,
/// so that the ordered stage compares it with the first line's without
/// reading the line again (``ChainLinker``). Longer ones are not held.
struct InlineSource {
    private var words: (UInt64, UInt64) = (0, 0)
    /// -1: not held.
    private var count: Int8 = -1

    /// Holds nothing.
    init() {}

    init(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count <= 16 else { return }
        withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: bytes) }
        count = Int8(bytes.count)
    }

    /// Whether both hold bytes, and the same bytes.
    func holdsSameBytes(as other: Self) -> Bool {
        count >= 0 && count == other.count && words.0 == other.words.0 && words.1 == other.words.1
    }
}
