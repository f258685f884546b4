/// Comparisons whose running time does not depend on the bytes compared.
///
/// Use these for MACs and signatures: an early exit at the first difference
/// would tell an attacker how many leading bytes of a forgery are right.
/// Only the lengths may end a comparison early; they are not secret.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBytes { a in b.withUnsafeBytes { b in equals(a, b) } }
    }

    /// Whether `a` and `b` hold the same bytes.
    public static func equals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<a.count {
            difference |= a[index] ^ b[index]
        }
        return difference == 0
    }

    /// Whether two digests are equal, examining all 32 bytes whatever they hold.
    public static func equals(_ a: SHA256Digest, _ b: SHA256Digest) -> Bool {
        a.withUnsafeBytes { a in b.withUnsafeBytes { b in equals(a, b) } }
    }
}
