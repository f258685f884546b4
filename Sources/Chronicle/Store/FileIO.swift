#if canImport(Glibc)
import Glibc
#endif

/// Thin, checked wrappers over the POSIX calls the store needs for durability.
enum FileIO {
    static func errorText() -> String { String(cString: strerror(errno)) }

    /// Opens `path`, retrying on EINTR.
    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o600, name: String) throws(LogError) -> Int32 {
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno != EINTR { throw LogError(.io, file: name, "cannot open: \(errorText())") }
        }
    }

    /// Writes every byte or throws (a short write is retried; EFBIG/ENOSPC are reported).
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, name: String) throws(LogError) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw LogError(.io, file: name, "write failed: \(errorText())")
            }
            offset += written
        }
    }

    static func fsync(_ fd: Int32, name: String) throws(LogError) {
        guard Glibc.fsync(fd) == 0 else { throw LogError(.io, file: name, "fsync failed: \(errorText())") }
    }

    /// fsyncs a directory so that a file created in it survives a crash.
    static func fsyncDirectory(_ path: String) throws(LogError) {
        let fd = try open(path, O_RDONLY | O_DIRECTORY, name: path)
        defer { close(fd) }
        try fsync(fd, name: path)
    }

    static func size(_ fd: Int32) -> Int64 {
        var info = stat()
        return fstat(fd, &info) == 0 ? Int64(info.st_size) : 0
    }

    /// The size of the file at `path`, 0 if it cannot be read.
    static func size(path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }

    static func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }
}
