/// Every line of a log, segment by segment, prepared on every core by a
/// ``LinePipeline`` and linked to the line before it (``ChainLinker``) in
/// log order: what `verify` and replay share.
enum LinkedLines {
    /// Where an incomplete last line of the log is.
    struct TornTail {
        var file: String
        var line: Int
    }

    /// Runs every segment of `directory` through a pipeline.
    /// - Parameters:
    ///   - prepare: prepares one line of the segment of day `segmentDay` (`YYYY-MM-DD`), on any core.
    ///   - facts: what `prepare` found of the line itself, to link it.
    ///   - consume: gets each linked line's prepared value, with its segment's name and 1-based line number.
    /// - Returns: the incomplete last line of the last segment that holds bytes, if any (callers decide).
    /// - Throws: the first line that does not link, as `file:line`; an incomplete line before another
    ///   segment; what `consume` throws.
    static func run<Prepared: Sendable>(
        _ directory: LogDirectory, options: LinePipelineOptions, linker: inout ChainLinker,
        prepare: @escaping @Sendable (
            _ line: UnsafeRawBufferPointer, _ segmentDay: UnsafeRawBufferPointer, _ scratch: inout LinePipeline<Prepared>.Scratch
        ) -> Prepared,
        facts: (borrowing Prepared) -> LineFacts,
        consume: (consuming Prepared, _ file: String, _ line: Int) throws(LogError) -> Void
    ) throws(LogError) -> TornTail? {
        let names = try directory.segmentNames()
        let lastWithBytes = directory.indexOfLastSegmentWithBytes(names)
        var tornTail: TornTail?
        for (index, name) in names.enumerated() {
            let day = Array(name.utf8.prefix(10))
            let pipeline = LinePipeline<Prepared>(options) { line, scratch in
                day.withUnsafeBytes { prepare(line, $0, &scratch) }
            }
            let outcome = try pipeline.run(path: directory.file(name), fileName: name) {
                (prepared: consuming Prepared, line, number) throws(LogError) -> Bool in
                do throws(LineError) {
                    try linker.link(facts(prepared), in: line)
                } catch {
                    throw LogError(.integrity, file: name, line: number, error.reason)
                }
                try consume(prepared, name, number)
                return true
            }
            if let torn = outcome.tornTail {
                guard index >= lastWithBytes else {
                    throw LogError(.integrity, file: name, line: torn.line, "incomplete line before the next segment")
                }
                tornTail = TornTail(file: name, line: torn.line)
            }
        }
        return tornTail
    }
}
