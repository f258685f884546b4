import Chronicle

/// Progress on stderr for long work, only when stderr is a terminal (SPEC §8).
struct Progress {
    let sink: OutputSink
    let label: String
    private var shown = false

    init(_ label: String, on sink: OutputSink) {
        self.sink = sink
        self.label = label
    }

    /// Shows the count every 100,000 events.
    mutating func update(_ count: Int) {
        guard sink.isTerminal, count % 100_000 == 0, count > 0 else { return }
        sink.write("\r\(label): \(count) events")
        sink.flush()
        shown = true
    }

    /// Clears the progress line.
    func finish() {
        guard shown else { return }
        sink.write("\r\u{1B}[K")
        sink.flush()
    }
}
