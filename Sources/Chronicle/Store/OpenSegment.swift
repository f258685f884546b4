#if canImport(Glibc)
import Glibc
#endif

/// The segment file a writer appended to last, kept open between batches
/// so that a batch costs one `write` and one `fsync`, not also an `open`
/// and a `close` (appends with one event per batch are bounded by fsync).
///
/// The file is checked to still be the segment (same inode, not removed or
/// replaced) once each time the writer takes the lock (``lockTaken()``):
/// while the writer holds it no other writer touches the log, so later
/// batches under the same hold skip the check, and the file's size is
/// counted rather than asked for (two `stat` calls fewer per batch, a
/// sixth of a one-event append's time on a fast disk).
///
/// Used by the writer's own thread only (batches are written there; the
/// I/O queue fsyncs duplicates of its descriptor).
final class OpenSegment: @unchecked Sendable {
    private var name: String?
    private var descriptor: Int32 = -1
    /// Whether the kept file was checked since the writer last took the lock.
    private var checked = false
    /// The kept file's size, known while `checked`.
    private var size: Int64 = 0

    deinit { forget() }

    /// The writer took the lock: the kept file must be checked again before its next use.
    func lockTaken() { checked = false }

    /// The descriptor of `name` in `directory` (opened for appending,
    /// created if missing), whether this call created the file, and its size.
    func descriptor(for name: String, in directory: LogDirectory) throws(LogError) -> (fd: Int32, created: Bool, size: Int64) {
        if name == self.name, descriptor >= 0 {
            if checked { return (descriptor, false, size) }
            if Self.isSameFile(descriptor, directory.file(name)) {
                size = FileIO.size(descriptor)
                checked = true
                return (descriptor, false, size)
            }
        }
        forget()
        let path = directory.file(name)
        let created = !FileIO.fileExists(path)
        let fd = try FileIO.open(path, O_WRONLY | O_APPEND | O_CREAT, name: name)
        self.name = name
        descriptor = fd
        size = created ? 0 : FileIO.size(fd)
        checked = true
        return (fd, created, size)
    }

    /// `count` bytes were appended to the kept file.
    func wrote(_ count: Int) { size += Int64(count) }

    /// Whether `path` still names the file `fd` is open on (not removed or replaced since).
    private static func isSameFile(_ fd: Int32, _ path: String) -> Bool {
        var open = stat(), named = stat()
        guard fstat(fd, &open) == 0, stat(path, &named) == 0 else { return false }
        return open.st_ino == named.st_ino && open.st_dev == named.st_dev
    }

    /// Closes the kept file, if any (a segment was removed, a write failed, or the writer goes away).
    func forget() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        name = nil
        checked = false
    }
}
