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
        var text = text
        guard let key = text.withUTF8({ Self(utf8: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = key
    }

    /// Parses the UTF-8 bytes of `<secretId>@<version>`.
    init?(utf8 text: UnsafeRawBufferPointer) {
        self.init(utf8: text) { String(decoding: $0, as: UTF8.self) }
    }

    /// Parses a `kid` value as ``init(utf8:)`` parses its bytes; nil for a
    /// non-string. The secret id is made by `kid` (see ``JSONReading/string(decoding:)``).
    init?<Source: JSONReading>(kid: Source) {
        guard let key = kid.withStringBytes({ text in Self(utf8: text) { kid.string(decoding: $0) } }) ?? nil else {
            return nil
        }
        self = key
    }

    private init?(utf8 text: UnsafeRawBufferPointer, makeString: (UnsafeRawBufferPointer) -> String) {
        guard let at = text.lastIndex(of: UInt8(ascii: "@")) else { return nil }
        let digits = text[(at + 1)...]
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        var version: Int64 = 0
        for digit in digits { version = version * 10 + Int64(digit - 48) }
        guard at > 0 else { return nil }
        self.init(secretId: makeString(UnsafeRawBufferPointer(rebasing: text[..<at])), version: version)
    }

    public var description: String { "\(secretId)@\(version)" }
}
