/// A table from ``ShortASCIIKey`` to values that finds a key by the hash
/// it carries (``ShortASCIIKey/mixed``), so a lookup costs a probe or two
/// and no hashing: for a single thread that looks up keys read on other
/// cores (the replayer's token standings). Keys are never removed.
///
/// Open addressing with linear probing over a power-of-two array of
/// slots, at most half full; each slot holds a key's index in ``entries``
/// and the top bits of its hash, so most probes compare no key.
struct ShortKeyTable<Value: Sendable>: Sendable {
    private struct Entry: Sendable {
        var key: ShortASCIIKey
        var value: Value
    }

    private var entries: [Entry] = []
    /// 0: empty; else (hash's top 32 bits) << 32 | (entry index + 1).
    private var slots = [UInt64](repeating: 0, count: 16)

    var count: Int { entries.count }

    subscript(key: ShortASCIIKey) -> Value? {
        get {
            guard let slot = find(key).slot else { return nil }
            return entries[Self.entryIndex(slots[slot])].value
        }
        set {
            guard let newValue else { preconditionFailure("ShortKeyTable never removes a key") }
            let (slot, empty) = find(key)
            if let slot {
                entries[Self.entryIndex(slots[slot])].value = newValue
                return
            }
            entries.append(Entry(key: key, value: newValue))
            slots[empty] = Self.tag(key) | UInt64(entries.count)
            if entries.count * 2 > slots.count { grow() }
        }
    }

    /// The bits of a slot that hold the top of its key's hash.
    @inline(__always) private static var tagBits: UInt64 { 0xFFFF_FFFF_0000_0000 }

    private static func tag(_ key: ShortASCIIKey) -> UInt64 { key.mixed & tagBits }

    /// The index in ``entries`` of the key a used slot holds.
    @inline(__always) private static func entryIndex(_ slot: UInt64) -> Int { Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) - 1 }

    /// The slot holding `key`, else nil and the empty slot where it would go.
    private func find(_ key: ShortASCIIKey) -> (slot: Int?, empty: Int) {
        let mask = slots.count - 1
        let tag = Self.tag(key)
        var index = Int(truncatingIfNeeded: key.mixed) & mask
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let slot = slots[index]
                if slot == 0 { return (nil, index) }
                if slot & Self.tagBits == tag, entries[Self.entryIndex(slot)].key == key {
                    return (index, index)
                }
                index = (index + 1) & mask
            }
        }
    }

    private mutating func grow() {
        var slots = [UInt64](repeating: 0, count: self.slots.count * 2)
        let mask = slots.count - 1
        for (offset, entry) in entries.enumerated() {
            var index = Int(truncatingIfNeeded: entry.key.mixed) & mask
            while slots[index] != 0 { index = (index + 1) & mask }
            slots[index] = Self.tag(entry.key) | UInt64(offset + 1)
        }
        self.slots = slots
    }
}
