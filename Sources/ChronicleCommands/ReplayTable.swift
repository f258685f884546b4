import Chronicle

/// Replay results for people (a summary, then each divergence with recorded
/// and replayed side by side) and for spreadsheets (one row per divergence).
enum ReplayTable {
    static func text(_ report: ReplayReport) -> String {
        let json = report.json
        var out = ""
        let window = json["window"]
        out += "window   \(window?["from"]?.stringValue ?? "(start)") .. \(window?["to"]?.stringValue ?? "(end)")\n"
        out += "events   \(report.events)   checked \(report.checked)   matched \(report.matched)   divergences \(report.divergences.count)\n"
        out += "decided  allow \(report.allowed)   deny \(report.denied)\n"
        out += "tokens   issued \(report.issuance.issued)   rejected \(report.issuance.rejected)   cappedByEntra \(report.issuance.cappedByEntra)\n"
        if let byReason = json["decisions"]?["byReason"]?.objectValue, byReason.count > 0 {
            out += "\ndenials by reason\n"
            let rows = byReason.members.sorted { $0.key < $1.key }.map { [$0.key, JSONWriter.string($0.value)] }
            out += TableRenderer.table(columns: ["reason", "count"], rows: rows)
        }
        if report.divergences.isEmpty {
            out += "\nno divergences: every checked event follows the rules\n"
        } else {
            out += "\ndivergences (recorded | replayed)\n"
            out += TableRenderer.table(columns: ["seq", "type", "recorded", "replayed"], rows: rows(report))
        }
        return out
    }

    static func csv(_ report: ReplayReport) -> String {
        TableRenderer.csv(columns: ["seq", "type", "id", "recorded", "replayed"], rows: report.divergences.map {
            ["\($0.seq)", $0.type, $0.id, JSONWriter.string($0.recorded), JSONWriter.string($0.replayed)]
        })
    }

    static func rows(_ report: ReplayReport) -> [[String]] {
        report.divergences.map { divergence in
            [String(divergence.seq), divergence.type, summary(divergence.recorded), summary(divergence.replayed)]
        }
    }

    /// `allow`, `deny: token.expired, …` or `accepted`, `rejected: …` with roles/scopes when present.
    static func summary(_ outcome: JSONValue) -> String {
        let reasons = outcome["reasons"]?.stringArrayValue ?? []
        var text: String
        if let effect = outcome["effect"] {
            text = effect.stringValue ?? "no verdict"
        } else {
            text = outcome["accepted"]?.boolValue == true ? "accepted" : "rejected"
        }
        if !reasons.isEmpty { text += ": " + reasons.joined(separator: ", ") }
        if let roles = outcome["roles"]?.stringArrayValue, !roles.isEmpty { text += " roles=" + roles.joined(separator: ",") }
        if let expiresAt = outcome["expiresAt"]?.stringValue { text += " exp=" + expiresAt }
        return text
    }
}
