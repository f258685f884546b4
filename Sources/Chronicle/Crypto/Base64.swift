/// Standard Base64 (RFC 4648 §4), with `=` padding.
///
/// Chronicle itself speaks ``Base64URL``; this form exists so secret-hygiene
/// checks can look for a secret in the encodings people paste around.
public enum Base64 {
    /// The standard, padded Base64 text of `bytes`.
    public static func encode(_ bytes: [UInt8]) -> String {
        encode(bytes, alphabet: standardAlphabet, padded: true)
    }

    static let standardAlphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Encodes `bytes` with a 64-character `alphabet`, padding with `=` to a
    /// multiple of four characters when `padded`.
    static func encode(_ bytes: [UInt8], alphabet: [UInt8], padded: Bool) -> String {
        let fullGroups = bytes.count / 3, rest = bytes.count % 3
        let length = fullGroups * 4 + (rest == 0 ? 0 : (padded ? 4 : rest + 1))
        return String(unsafeUninitializedCapacity: length) { output in
            var out = 0
            func emit(_ sextet: UInt32) {
                output[out] = alphabet[Int(sextet & 0x3f)]
                out += 1
            }
            for group in 0..<fullGroups {
                let value = UInt32(bytes[3 * group]) << 16 | UInt32(bytes[3 * group + 1]) << 8 | UInt32(bytes[3 * group + 2])
                emit(value >> 18); emit(value >> 12); emit(value >> 6); emit(value)
            }
            if rest > 0 {
                let start = fullGroups * 3
                let value = UInt32(bytes[start]) << 16 | (rest == 2 ? UInt32(bytes[start + 1]) << 8 : 0)
                emit(value >> 18); emit(value >> 12)
                if rest == 2 { emit(value >> 6) }
                if padded {
                    for _ in rest..<3 {
                        output[out] = UInt8(ascii: "=")
                        out += 1
                    }
                }
            }
            return out
        }
    }
}
