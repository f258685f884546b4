#if canImport(Glibc)
import Glibc
#endif

/// The segment file a writer appended to last, kept open between batches
/// so that a batch costs one `write` and one `fsync`, not also an `open`
/// and a `close` (appends with one event per batch are bounded by fsync).
///
/// Used by one thread at a time: the writer's I/O queue while a pipelined
/// append runs, the writer itself otherwise (never both at once).
final class OpenSegment: @unchecked Sendable {
    private var name: String?
    private var descriptor: Int32 = -1

    deinit { forget() }

    /// The descriptor of `name` in `directory` (opened for appending,
    /// created if missing), and whether this call created the file.
    func descriptor(for name: String, in directory: LogDirectory) throws(LogError) -> (fd: Int32, created: Bool) {
        let path = directory.file(name)
        if name == self.name, descriptor >= 0, Self.isSameFile(descriptor, path) { return (descriptor, false) }
        forget()
        let created = !FileIO.fileExists(path)
        let fd = try FileIO.open(path, O_WRONLY | O_APPEND | O_CREAT, name: name)
        self.name = name
        descriptor = fd
        return (fd, created)
    }

    /// Whether `path` still names the file `fd` is open on (not removed or replaced since).
    private static func isSameFile(_ fd: Int32, _ path: String) -> Bool {
        var open = stat(), named = stat()
        guard fstat(fd, &open) == 0, stat(path, &named) == 0 else { return false }
        return open.st_ino == named.st_ino && open.st_dev == named.st_dev
    }

    /// Closes the kept file, if any (a segment was removed, or the writer goes away).
    func forget() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        name = nil
    }
}
