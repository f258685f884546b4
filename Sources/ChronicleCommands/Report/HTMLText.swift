import Chronicle

/// Text for the audit report's markup: everything that comes from a log is
/// escaped, so a principal called `<script>` stays text.
enum HTMLText {
    /// `&`, `<`, `>`, `"` and `'` as character references (safe in text and
    /// in quoted attributes, in HTML and XHTML alike).
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab and newline are not allowed in XML text.
                if scalar.value < 0x20, scalar != "\t", scalar != "\n" { out += "\u{FFFD}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// JSON made safe inside `<script type="application/json">`: `<`, `>`
    /// and `&` only occur inside JSON strings, where `\u003c` etc. mean the same.
    static func scriptJSON(_ json: String) -> String {
        var out = ""
        out.reserveCapacity(json.utf8.count)
        for scalar in json.unicodeScalars {
            switch scalar {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `12,345`.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }

    /// `37.5%` of `part` in `whole` (one decimal; `0%` when `whole` is 0).
    static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "0%" }
        let tenths = (part * 1000 + whole / 2) / whole
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// `HH:MM:SS` (UTC) of a time.
    static func clock(_ time: Timestamp) -> String { String(time.rfc3339.dropFirst(11).prefix(8)) }

    /// `YYYY-MM-DD HH:MM` (UTC).
    static func minute(_ time: Timestamp) -> String {
        let text = time.rfc3339
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5))
    }
}
