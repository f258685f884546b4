/// A projection laid out for people: column headers and rows of cells, all
/// strings. The command line pads the columns (table) or quotes the cells
/// (CSV); the cells are short enough for the table to fit 80 columns with
/// typical ids.
public struct ProjectionTable: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[String]]

    public init(columns: [String], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }
}

/// Cell formatting shared by the projections' tables.
enum TableCell {
    /// A time to the minute, `YYYY-MM-DD HH:MM` (UTC), or `-`.
    static func minute(_ time: Timestamp?) -> String {
        guard let time else { return "-" }
        let text = time.rfc3339
        return text.prefix(10) + " " + text.dropFirst(11).prefix(5)
    }

    /// At most `width` characters; longer text keeps its start and ends with `…`.
    static func clipped(_ text: String, to width: Int) -> String {
        guard text.count > width, width > 1 else { return text }
        return text.prefix(width - 1) + "…"
    }

    /// A duration in seconds as `1h05m`, `12m`, `3d04h` or `0`.
    static func duration(seconds: Int64) -> String {
        guard seconds > 0 else { return "0" }
        let days = seconds / 86_400, hours = (seconds % 86_400) / 3_600, minutes = (seconds % 3_600) / 60
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        if days > 0 { return "\(days)d\(two(hours))h" }
        if hours > 0 { return "\(hours)h\(two(minutes))m" }
        return minutes > 0 ? "\(minutes)m" : "\(seconds)s"
    }
}
