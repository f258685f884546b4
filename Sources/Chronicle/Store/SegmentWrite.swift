#if canImport(Glibc)
import Glibc
#endif

/// A batch's bytes written to its segment files but not yet durable: the
/// two halves of "one write and one fsync per segment", so that a writer
/// can write the next batch while this one's fsync runs on another thread.
///
/// It holds a descriptor of each file it wrote, which ``sync(in:)`` fsyncs,
/// and the size each file had before, which ``undo(in:files:)`` cuts it
/// back to. The kept segment's descriptor is the writer's own when the
/// write is synced on the writer's thread, and a duplicate when it is
/// synced on another (the writer may let the original go meanwhile).
final class SegmentWrite: @unchecked Sendable {
    private struct File {
        var name: String
        var sizeBefore: Int64
        var created: Bool
        var descriptor: Int32
        /// Whether this write closes `descriptor` (once synced, or when it goes away).
        var owned: Bool
    }

    private var files: [File] = []

    deinit { closeFiles() }

    /// Writes each segment's bytes with one `write` each (no fsync). The
    /// last segment's file stays open in `kept` for the next batch; the
    /// others (a batch across midnight) are opened here.
    /// - Parameter syncedElsewhere: whether ``sync(in:)`` runs on another
    ///   thread than the writer's (then the kept file's descriptor is duplicated).
    /// - Throws: the first failure, after undoing what was written.
    init(
        _ segments: [(name: String, bytes: [UInt8], lines: Int)], in directory: LogDirectory, kept: OpenSegment,
        syncedElsewhere: Bool
    ) throws(LogError) {
        for (index, segment) in segments.enumerated() {
            let isKept = index == segments.count - 1
            do throws(LogError) {
                let file: (fd: Int32, created: Bool, size: Int64, owned: Bool)
                if isKept {
                    let keptFile = try kept.descriptor(for: segment.name, in: directory)
                    if syncedElsewhere {
                        let copy = dup(keptFile.fd)
                        guard copy >= 0 else {
                            throw LogError(.io, file: segment.name, "cannot duplicate a descriptor: \(FileIO.errorText())")
                        }
                        file = (copy, keptFile.created, keptFile.size, true)
                    } else {
                        file = (keptFile.fd, keptFile.created, keptFile.size, false)
                    }
                } else {
                    let path = directory.file(segment.name)
                    let created = !FileIO.fileExists(path)
                    let fd = try FileIO.open(path, O_WRONLY | O_APPEND | O_CREAT, name: segment.name)
                    file = (fd, created, FileIO.size(fd), true)
                }
                files.append(File(
                    name: segment.name, sizeBefore: file.size, created: file.created, descriptor: file.fd, owned: file.owned))
                try segment.bytes.withTypedBytes { (bytes) throws(LogError) in
                    try FileIO.writeAll(file.fd, bytes, name: segment.name)
                }
                if isKept { kept.wrote(segment.bytes.count) }
            } catch {
                undo(in: directory, files: kept)
                throw error
            }
        }
    }

    /// Makes the write durable: fsyncs every file, then the directory when
    /// a segment was created. Closes its descriptors whatever happens.
    func sync(in directory: LogDirectory) throws(LogError) {
        defer { closeFiles() }
        for file in files { try FileIO.fsync(file.descriptor, name: file.name) }
        if files.contains(where: \.created) { try FileIO.fsyncDirectory(directory.path) }
    }

    /// Takes the write back: removes the segments it created and cuts the
    /// others back to their sizes before it (newest first), fsynced. Any
    /// write after it in the same files must be undone first. The writer's
    /// kept file is let go (its counted size no longer holds).
    func undo(in directory: LogDirectory, files kept: OpenSegment) {
        closeFiles()
        kept.forget()
        for file in files.reversed() {
            let path = directory.file(file.name)
            if file.created {
                unlink(path)
            } else {
                let fd = open(path, O_WRONLY | O_CLOEXEC)
                guard fd >= 0 else { continue }
                _ = ftruncate(fd, off_t(file.sizeBefore))
                _ = Glibc.fsync(fd)
                close(fd)
            }
        }
    }

    private func closeFiles() {
        for index in files.indices where files[index].descriptor >= 0 {
            if files[index].owned { close(files[index].descriptor) }
            files[index].descriptor = -1
        }
    }
}
