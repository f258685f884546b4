import Chronicle

extension Keyring {
    /// A keyring for tests: a fixed audit salt and audit key, and each
    /// given secret at version 1.
    ///
    /// ```swift
    /// let keyring = Keyring.testing(secrets: ["key-1": "signing-value"])
    /// ```
    public static func testing(secrets: [String: String] = [:]) -> Keyring {
        Keyring(auditSalt: Array("test-audit-salt".utf8), auditKey: Array("test-audit-key".utf8),
                secrets: secrets.mapValues { [1: Array($0.utf8)] })
    }
}
