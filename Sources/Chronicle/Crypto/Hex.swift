/// Hexadecimal encoding of bytes.
///
/// Encoding is always lowercase. ``decode(_:)`` accepts either case; use
/// ``SHA256Digest/init(hex:)`` where only the canonical lowercase form may
/// pass.
public enum Hex {
    /// The lowercase hex digits of `bytes`, two per byte.
    public static func encode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { encode($0) }
    }

    /// The lowercase hex digits of `bytes`, two per byte.
    public static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            for (index, byte) in bytes.enumerated() {
                buffer[2 * index] = lowercaseDigit(byte >> 4)
                buffer[2 * index + 1] = lowercaseDigit(byte & 0x0f)
            }
            return bytes.count * 2
        }
    }

    /// The bytes spelled by `hex`, or nil when it has an odd length or a
    /// character that is not a hex digit (either case).
    public static func decode(_ hex: String) -> [UInt8]? {
        var hex = hex
        return hex.withUTF8 { utf8 -> [UInt8]? in
            guard utf8.count % 2 == 0 else { return nil }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(utf8.count / 2)
            var index = 0
            while index < utf8.count {
                guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
                bytes.append(high << 4 | low)
                index += 2
            }
            return bytes
        }
    }

    /// The ASCII lowercase hex digit for `nibble` (0...15), computed without
    /// branches or table lookups so that it takes the same time for every value.
    @inline(__always)
    static func lowercaseDigit(_ nibble: UInt8) -> UInt8 {
        let value = Int32(nibble)
        // 9 - value is negative exactly for a...f, which sit 39 after '9' + 1.
        let letterOffset = ((9 &- value) &>> 31) & 39
        return UInt8(truncatingIfNeeded: value &+ 48 &+ letterOffset)
    }

    /// The value of a lowercase hex digit, or nil.
    @inline(__always)
    static func lowercaseNibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return character &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return character &- UInt8(ascii: "a") &+ 10
        default: return nil
        }
    }

    /// The value of a hex digit of either case, or nil.
    @inline(__always)
    static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return character &- UInt8(ascii: "A") &+ 10
        default: return lowercaseNibble(character)
        }
    }
}
