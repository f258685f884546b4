#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Keyring {
    /// The largest keyring file ``load(path:)`` reads.
    public static let maximumFileSize = 16 * 1024 * 1024

    /// Reads and checks the keyring at `path`.
    ///
    /// The file must be a regular file (symbolic links are followed) with no
    /// permission bit for its group or others; the mode is checked on the
    /// opened file, so it cannot change between the check and the read.
    /// - Throws: ``KeyringError``: `.permissionsTooOpen` carries the
    ///   `chmod 600 <path>` fix; `.malformed` says what is wrong without
    ///   echoing any value.
    public static func load(path: String) throws(KeyringError) -> Keyring {
        // O_NONBLOCK keeps a FIFO planted at `path` from hanging the open.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { throw .notFound(path: path) }
            throw .unreadable(path: path, reason: systemMessage(code))
        }
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(path: path, reason: systemMessage(errno)) }
        let mode = UInt32(status.st_mode)
        guard mode & 0o170000 == 0o100000 else { throw .unreadable(path: path, reason: "not a regular file") }
        guard mode & 0o077 == 0 else { throw .permissionsTooOpen(path: path, mode: mode) }
        guard Int(status.st_size) <= maximumFileSize else {
            throw .malformed(path: path, reason: "larger than \(maximumFileSize / 1024 / 1024) MiB")
        }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(status.st_size))
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, reason: systemMessage(errno))
            }
            bytes.append(contentsOf: chunk[0..<count])
            guard bytes.count <= maximumFileSize else {
                throw .malformed(path: path, reason: "larger than \(maximumFileSize / 1024 / 1024) MiB")
            }
        }
        return try parse(bytes, path: path)
    }

    /// Parses keyring JSON; `path` only labels errors.
    /// - Throws: ``KeyringError/malformed(path:reason:)``.
    public static func parse(_ bytes: [UInt8], path: String) throws(KeyringError) -> Keyring {
        func malformed(_ reason: String) -> KeyringError { .malformed(path: path, reason: reason) }

        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            // JSONError reasons name positions and member names, never string values.
            throw malformed("not valid JSON: \(error)")
        }
        guard case .object(let root) = document else { throw malformed("the top level is not a JSON object") }

        func material(_ name: String) throws(KeyringError) -> [UInt8] {
            guard let value = root[name] else { throw malformed("member \"\(name)\" is missing") }
            guard case .string(let text) = value, !text.isEmpty else {
                throw malformed("member \"\(name)\" must be a non-empty string")
            }
            return Array(text.utf8)
        }
        let auditSalt = try material("auditSalt")
        let auditKey = try material("auditKey")

        var secrets: [String: [Int: [UInt8]]] = [:]
        switch root["secrets"] {
        case nil, .null?:
            break
        case .object(let entries)?:
            for (secretId, versions) in entries.members {
                guard !secretId.isEmpty else { throw malformed("a secretId in \"secrets\" is empty") }
                guard case .object(let versions) = versions else {
                    throw malformed("secret \"\(secretId)\" must be an object of versions to values")
                }
                var values: [Int: [UInt8]] = [:]
                for (versionText, value) in versions.members {
                    guard let version = Self.version(versionText) else {
                        throw malformed("secret \"\(secretId)\" has a version that is not a positive integer like \"1\"")
                    }
                    guard case .string(let text) = value, !text.isEmpty else {
                        throw malformed("secret \"\(secretId)\" version \(version) must be a non-empty string")
                    }
                    values[version] = Array(text.utf8)
                }
                secrets[secretId] = values
            }
        default:
            throw malformed("member \"secrets\" must be an object")
        }
        return Keyring(auditSalt: auditSalt, auditKey: auditKey, secrets: secrets)
    }

    /// A canonical positive decimal version (`"1"`, `"12"`; not `"01"`, `"0"`, `"+1"`).
    private static func version(_ text: String) -> Int? {
        guard let first = text.utf8.first, first != UInt8(ascii: "0"),
              text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let value = Int(text), value > 0 else { return nil }
        return value
    }

    /// The keyring as JSON, one secret per line, secrets and versions sorted.
    /// - Throws: ``KeyringError/unwritable(path:reason:)`` if a value is not UTF-8.
    public func serialized(path: String) throws(KeyringError) -> [UInt8] {
        func string(_ bytes: [UInt8], _ what: @autoclosure () -> String) throws(KeyringError) -> String {
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw .unwritable(path: path, reason: "\(what()) is not valid UTF-8")
            }
            return text
        }
        var out: [UInt8] = []
        out.append(contentsOf: "{\n  \"auditSalt\": ".utf8)
        JSONWriter.appendString(try string(auditSalt, "the audit salt"), to: &out)
        out.append(contentsOf: ",\n  \"auditKey\": ".utf8)
        JSONWriter.appendString(try string(auditKey, "the audit key"), to: &out)
        out.append(contentsOf: ",\n  \"secrets\": {".utf8)
        for (index, secretId) in secrets.keys.sorted().enumerated() {
            out.append(contentsOf: (index == 0 ? "\n    " : ",\n    ").utf8)
            JSONWriter.appendString(secretId, to: &out)
            out.append(contentsOf: ": {".utf8)
            let versions = secrets[secretId] ?? [:]
            for (position, version) in versions.keys.sorted().enumerated() {
                out.append(contentsOf: (position == 0 ? "\"\(version)\": " : ", \"\(version)\": ").utf8)
                JSONWriter.appendString(try string(versions[version]!, "secret \"\(secretId)\" version \(version)"), to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: (secrets.isEmpty ? "}\n}\n" : "\n  }\n}\n").utf8)
        return out
    }

    /// Writes the keyring to `path` with mode 0600, atomically.
    ///
    /// The bytes go to a new file in the same directory, created with
    /// `O_CREAT | O_EXCL` and mode 0600 (then `fchmod`ed, whatever the umask),
    /// synced, and renamed over `path`; the directory is synced last. No
    /// moment exists when `path` holds a partial keyring or one readable by others.
    /// - Throws: ``KeyringError/unwritable(path:reason:)``.
    public func save(to path: String) throws(KeyringError) {
        let bytes = try serialized(path: path)
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: .min ... .max))"
        func failure(_ code: Int32) -> KeyringError { .unwritable(path: path, reason: systemMessage(code)) }

        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw failure(errno) }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        do {
            defer { close(descriptor) }
            guard fchmod(descriptor, 0o600) == 0 else { throw failure(errno) }
            var written = 0
            while written < bytes.count {
                let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw failure(errno)
                }
                written += count
            }
            guard fsync(descriptor) == 0 else { throw failure(errno) }
        }
        guard rename(temporary, path) == 0 else { throw failure(errno) }
        renamed = true

        let directory = Self.directory(of: path)
        let directoryDescriptor = open(directory, O_RDONLY | O_CLOEXEC | O_DIRECTORY)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// The directory holding `path` (`.` for a bare file name).
    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

/// The system's message for an `errno` value.
private func systemMessage(_ code: Int32) -> String {
    String(cString: strerror(code))
}
