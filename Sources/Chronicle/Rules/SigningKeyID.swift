/// A JWT `kid`: `<secretId>@<version>` (SPEC §3, §4.2).
public struct SigningKeyID: Sendable, Hashable, CustomStringConvertible {
    public var secretId: String
    public var version: Int64

    public init(secretId: String, version: Int64) {
        self.secretId = secretId
        self.version = version
    }

    /// Parses `<secretId>@<version>`, splitting at the last `@`; the version
    /// is plain decimal digits. Nil when the text does not parse.
    public init?(_ text: String) {
        guard let at = text.utf8.lastIndex(of: UInt8(ascii: "@")) else { return nil }
        let digits = text.utf8[text.utf8.index(after: at)...]
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        var version: Int64 = 0
        for digit in digits { version = version * 10 + Int64(digit - 48) }
        let secretId = String(decoding: text.utf8[..<at], as: UTF8.self)
        guard !secretId.isEmpty else { return nil }
        self.init(secretId: secretId, version: version)
    }

    public var description: String { "\(secretId)@\(version)" }
}
