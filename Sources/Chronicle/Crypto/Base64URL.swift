/// Base64url without padding (RFC 4648 §5, as JWS uses it: RFC 7515 §2).
///
/// Decoding is strict, so that one token has exactly one spelling: it
/// rejects `=` padding, the standard alphabet's `+` and `/`, whitespace, a
/// length that no byte count produces (4n + 1), and unused trailing bits
/// that are not zero.
public enum Base64URL {
    /// The unpadded base64url text of `bytes`.
    public static func encode(_ bytes: [UInt8]) -> String {
        Base64.encode(bytes, alphabet: urlAlphabet, padded: false)
    }

    /// The bytes spelled by `text`, or nil if it is not strict unpadded base64url.
    public static func decode(_ text: Substring) -> [UInt8]? {
        var text = text
        return text.withUTF8 { decode(UnsafeRawBufferPointer($0)) }
    }

    /// The bytes spelled by `text`, or nil if it is not strict unpadded base64url.
    public static func decode(_ text: String) -> [UInt8]? {
        decode(text[...])
    }

    /// The bytes spelled by the ASCII in `text`, or nil if it is not strict
    /// unpadded base64url.
    public static func decode(_ text: UnsafeRawBufferPointer) -> [UInt8]? {
        let rest = text.count % 4
        guard rest != 1 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count / 4 * 3 + max(rest - 1, 0))

        var index = 0
        while index + 4 <= text.count {
            guard let a = value(text[index]), let b = value(text[index + 1]),
                  let c = value(text[index + 2]), let d = value(text[index + 3]) else { return nil }
            let group = a << 18 | b << 12 | c << 6 | d
            bytes.append(UInt8(truncatingIfNeeded: group >> 16))
            bytes.append(UInt8(truncatingIfNeeded: group >> 8))
            bytes.append(UInt8(truncatingIfNeeded: group))
            index += 4
        }
        switch rest {
        case 2:
            guard let a = value(text[index]), let b = value(text[index + 1]), b & 0x0f == 0 else { return nil }
            bytes.append(UInt8(truncatingIfNeeded: (a << 18 | b << 12) >> 16))
        case 3:
            guard let a = value(text[index]), let b = value(text[index + 1]), let c = value(text[index + 2]),
                  c & 0x03 == 0 else { return nil }
            let group = a << 18 | b << 12 | c << 6
            bytes.append(UInt8(truncatingIfNeeded: group >> 16))
            bytes.append(UInt8(truncatingIfNeeded: group >> 8))
        default:
            break
        }
        return bytes
    }

    static let urlAlphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The 6-bit value of a base64url character, or nil.
    @inline(__always)
    private static func value(_ character: UInt8) -> UInt32? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt32(character - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return UInt32(character - UInt8(ascii: "a")) + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(character - UInt8(ascii: "0")) + 52
        case UInt8(ascii: "-"): return 62
        case UInt8(ascii: "_"): return 63
        default: return nil
        }
    }
}
