#if canImport(Glibc)
import Glibc
#endif

/// Values made from short byte strings, remembered by those bytes: a
/// reader that meets the same ids again and again (a dataset, a user, a
/// role on every other line) hands out the value it made the first time
/// instead of allocating it anew.
///
/// Direct-mapped: each byte string has one slot, and a new one evicts
/// what was there, so memory stays fixed whatever the input. Keys longer
/// than ``maximumKeyLength`` are not remembered. `make` must be a pure
/// function of the bytes: a remembered value is exactly what it would give.
///
/// Not thread-safe: one per thread (``LinePipeline/Scratch`` holds one each).
final class RecentValueCache<Value> {
    /// The longest key remembered.
    static var maximumKeyLength: Int { 56 }
    private static var slotCount: Int { 512 }

    private struct Slot {
        /// -1: empty.
        var length = -1
        /// The key's first and last (up to) eight bytes, as ``words(of:length:)`` reads them.
        var first: UInt64 = 0
        var last: UInt64 = 0
        var value: Value?
        /// The key's bytes, `length` of them.
        var key: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0)
    }

    private let slots: UnsafeMutablePointer<Slot>

    init() {
        slots = .allocate(capacity: Self.slotCount)
        slots.initialize(repeating: Slot(), count: Self.slotCount)
    }

    deinit {
        slots.deinitialize(count: Self.slotCount)
        slots.deallocate()
    }

    /// The value `make` gives for `bytes`, remembered or made (and remembered).
    func value(for bytes: UnsafeRawBufferPointer, make: (UnsafeRawBufferPointer) -> Value) -> Value {
        let length = bytes.count
        guard length <= Self.maximumKeyLength, let base = bytes.baseAddress else { return make(bytes) }
        let (first, last) = Self.words(of: base, length: length)
        let slot = slots + Self.slot(first: first, last: last, length: length)
        // The first and last eight bytes settle keys of up to sixteen bytes; longer ones compare the rest.
        if slot.pointee.length == length, slot.pointee.first == first, slot.pointee.last == last,
           length <= 16 || withUnsafeBytes(of: &slot.pointee.key, { memcmp($0.baseAddress!, base, length) == 0 }),
           let value = slot.pointee.value
        {
            return value
        }
        let value = make(bytes)
        slot.pointee.length = length
        slot.pointee.first = first
        slot.pointee.last = last
        slot.pointee.value = value
        withUnsafeMutableBytes(of: &slot.pointee.key) { _ = memcpy($0.baseAddress!, base, length) }
        return value
    }

    /// The first and last eight bytes of a key (overlapping when shorter than sixteen); for a key shorter
    /// than eight, its bytes (little-endian, zero above) twice.
    @inline(__always) private static func words(of base: UnsafeRawPointer, length: Int) -> (first: UInt64, last: UInt64) {
        guard length < 8 else {
            return (base.loadUnaligned(as: UInt64.self), base.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self))
        }
        var word: UInt64 = 0
        for offset in 0..<length { word |= UInt64(base.load(fromByteOffset: offset, as: UInt8.self)) << (8 * offset) }
        return (word, word)
    }

    /// A slot from the length and the first and last words.
    @inline(__always) private static func slot(first: UInt64, last: UInt64, length: Int) -> Int {
        let mixed = (first &* 0x9E37_79B9_7F4A_7C15) ^ (last &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(length)
        return Int(truncatingIfNeeded: (mixed &* 0x1656_67B1_9E37_79F9) >> 55) & (slotCount - 1)
    }
}
