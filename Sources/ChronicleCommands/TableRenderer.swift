import Foundation

/// Renders rows for people (aligned columns) or spreadsheets (RFC 4180 CSV).
enum TableRenderer {
    /// Columns padded to their widest cell, two spaces apart, header underlined.
    static func table(columns: [String], rows: [[String]]) -> String {
        var widths = columns.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func render(_ cells: [String]) -> String {
            var line = ""
            for (index, cell) in cells.enumerated() {
                if index > 0 { line += "  " }
                line += index == cells.count - 1 ? cell : cell + String(repeating: " ", count: max(0, widths[index] - cell.count))
            }
            return line
        }
        var out = render(columns) + "\n"
        out += render(widths.map { String(repeating: "-", count: $0) }) + "\n"
        for row in rows { out += render(row) + "\n" }
        return out
    }

    /// RFC 4180 CSV with a header row; cells with `,`, `"` or newlines are quoted.
    static func csv(columns: [String], rows: [[String]]) -> String {
        func escape(_ cell: String) -> String {
            guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
            return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var out = columns.map(escape).joined(separator: ",") + "\n"
        for row in rows { out += row.map(escape).joined(separator: ",") + "\n" }
        return out
    }
}
