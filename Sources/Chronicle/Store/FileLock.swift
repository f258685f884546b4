#if canImport(Glibc)
import Glibc
#endif

/// The writers' exclusive advisory lock on `<log>/.lock` (SPEC §1). Readers never lock.
final class FileLock {
    private let fd: Int32

    init(path: String) throws(LogError) {
        fd = try FileIO.open(path, O_RDWR | O_CREAT, name: LogDirectory.lockFileName)
    }

    deinit { close(fd) }

    /// Runs `body` holding the lock; blocks until other writers release it.
    func withLock<R>(_ body: () throws(LogError) -> R) throws(LogError) -> R {
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { throw LogError(.io, file: LogDirectory.lockFileName, "cannot lock: \(FileIO.errorText())") }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
