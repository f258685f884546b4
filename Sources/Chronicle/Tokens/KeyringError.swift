/// Why a keyring could not be loaded or saved (SPEC §7).
///
/// Messages name the file and the problem and, where there is one, the fix;
/// they never contain a salt, key or secret value.
public enum KeyringError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No file at `path`.
    case notFound(path: String)
    /// The file exists but cannot be opened or read; `reason` is the system's.
    case unreadable(path: String, reason: String)
    /// The file grants a permission to its group or to others. Like ssh, a
    /// keyring must be private to its owner.
    case permissionsTooOpen(path: String, mode: UInt32)
    /// The file is not a keyring: not JSON, or not the §7 shape.
    case malformed(path: String, reason: String)
    /// The keyring cannot be written to `path`; `reason` is the system's or ours.
    case unwritable(path: String, reason: String)

    /// The file the error is about.
    public var path: String {
        switch self {
        case .notFound(let path), .unreadable(let path, _), .permissionsTooOpen(let path, _),
             .malformed(let path, _), .unwritable(let path, _):
            return path
        }
    }

    public var description: String {
        switch self {
        case .notFound(let path):
            return "keyring \(path) does not exist; pass the keyring file with --keyring"
        case let .unreadable(path, reason):
            return "cannot read keyring \(path): \(reason)"
        case let .permissionsTooOpen(path, mode):
            let octal = String(mode & 0o777, radix: 8)
            return "keyring \(path) is accessible by group or others (mode \(String(repeating: "0", count: max(0, 4 - octal.count)) + octal)); "
                + "restrict it to its owner: chmod 600 \(path)"
        case let .malformed(path, reason):
            return "keyring \(path) is malformed: \(reason)"
        case let .unwritable(path, reason):
            return "cannot write keyring \(path): \(reason)"
        }
    }
}
