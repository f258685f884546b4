import Chronicle

/// Renders an ``AuditReport`` as one self-contained page for an auditor:
/// inline CSS and inline SVG, no script, font or image from anywhere, and
/// markup that is also well-formed XHTML.
///
/// The figures are replay's (``ReplayReport``): the page embeds
/// `chronicle replay --day D --format json` verbatim as a
/// `<script type="application/json" id="figures">` block (data, never
/// run), and every figure shown carries `data-figure` / `data-value`
/// attributes, so a test can hold the page to the replay.
///
/// ```swift
/// let html = AuditReportPage.render(report)   // a pure function of the report
/// ```
enum AuditReportPage {
    /// The most divergences and changes listed (all are counted).
    static let listLimit = 200

    static func render(_ report: AuditReport) -> String {
        let dayText = String(report.day.rfc3339.prefix(10))
        let organisation = report.source ?? "(empty log)"
        var html = """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>Audit report \(HTMLText.escape(organisation)) \(dayText)</title>
            <style>
            \(style)
            </style>
            </head>
            <body>
            <header>
            <h1>Audit report <span class="day">\(dayText) (UTC)</span></h1>
            <p class="lead"><strong>\(HTMLText.escape(organisation))</strong> · window [\(report.day.rfc3339), \(report.dayEnd.rfc3339))</p>
            \(integrity(report))
            </header>

            """
        html += summary(report.replay)
        html += reasons(report.replay)
        html += issuance(report.replay)
        html += divergences(report.replay, day: dayText)
        html += timeline(report)
        html += secrets(report.secrets)
        html += """
            <footer>
            <p>Made by <code>chronicle report --day \(dayText)</code> from the log alone. The figures are those of
            <code>chronicle replay --day \(dayText) --format json</code>, embedded below as data.</p>
            </footer>
            <script type="application/json" id="figures">\(HTMLText.scriptJSON(JSONWriter.string(report.replay.json)))</script>
            </body>
            </html>

            """
        return html
    }

    // MARK: - Sections

    private static func integrity(_ report: AuditReport) -> String {
        guard let head = report.head else { return "<p class=\"ok\">The log is empty.</p>" }
        return "<p class=\"ok\"><span class=\"check\">✓</span> The hash chain verifies: \(HTMLText.count(report.verifiedEvents)) events in "
            + "\(report.segments) segment\(report.segments == 1 ? "" : "s"), head seq \(head.seq) at \(head.time.rfc3339), "
            + "hash <code>\(HTMLText.escape(head.hash))</code>.</p>"
    }

    private static func card(_ label: String, _ key: String, _ value: Int, note: String? = nil, tone: String = "") -> String {
        var out = "<div class=\"card \(tone)\"><div class=\"label\">\(label)</div>"
        out += "<div class=\"value\" data-figure=\"\(key)\" data-value=\"\(value)\">\(HTMLText.count(value))</div>"
        if let note { out += "<div class=\"note\">\(note)</div>" }
        return out + "</div>\n"
    }

    private static func summary(_ replay: ReplayReport) -> String {
        let decided = replay.allowed + replay.denied
        let divergenceTone = replay.divergences.isEmpty ? "good" : "bad"
        var out = "<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"cards\">\n"
        out += card("Events in the day", "events", replay.events)
        out += card("Checked by replay", "checked", replay.checked, note: "issuance and decisions")
        out += card("Matched", "matched", replay.matched, note: HTMLText.percent(replay.matched, of: replay.checked) + " of checked",
                    tone: replay.matched == replay.checked ? "good" : "")
        out += card("Divergences", "divergences", replay.divergences.count,
                    note: replay.divergences.isEmpty ? "every decision follows the rules" : "recorded ≠ replayed",
                    tone: divergenceTone)
        out += card("Allowed", "allow", replay.allowed, note: HTMLText.percent(replay.allowed, of: decided) + " of decisions")
        out += card("Denied", "deny", replay.denied, note: HTMLText.percent(replay.denied, of: decided) + " of decisions",
                    tone: replay.denied > 0 ? "warn" : "")
        out += card("Tokens issued", "issued", replay.issuance.issued)
        out += card("Requests rejected", "rejected", replay.issuance.rejected, tone: replay.issuance.rejected > 0 ? "warn" : "")
        out += card("Capped by Entra", "cappedByEntra", replay.issuance.cappedByEntra,
                    note: HTMLText.percent(replay.issuance.cappedByEntra, of: replay.issuance.issued) + " of issued")
        return out + "</div>\n</section>\n"
    }

    private static func reasons(_ replay: ReplayReport) -> String {
        let rows = replay.decisionsByReason.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        var out = "<section id=\"reasons\">\n<h2>Decisions by reason</h2>\n"
        guard let largest = rows.first?.value else {
            return out + "<p class=\"quiet\">No decision in the day gave a reason: every recorded access was allowed.</p>\n</section>\n"
        }
        out += "<p class=\"quiet\">A denied decision counts once for each of its reasons.</p>\n"
        out += "<table class=\"reasons\">\n<thead><tr><th>reason</th><th class=\"num\">decisions</th><th class=\"bar-cell\"></th></tr></thead>\n<tbody>\n"
        for (reason, count) in rows {
            let width = HTMLText.percent(count, of: largest)
            out += "<tr data-reason=\"\(HTMLText.escape(reason))\" data-count=\"\(count)\"><td><code>\(HTMLText.escape(reason))</code></td>"
                + "<td class=\"num\">\(HTMLText.count(count))</td>"
                + "<td class=\"bar-cell\"><div class=\"bar\" style=\"width:\(width)\"></div></td></tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    private static func issuance(_ replay: ReplayReport) -> String {
        let rows = replay.issuanceByPrincipal.sorted { $0.key < $1.key }
        var out = "<section id=\"issuance\">\n<h2>Issuance by principal</h2>\n"
        guard !rows.isEmpty else { return out + "<p class=\"quiet\">No token was requested in the day.</p>\n</section>\n" }
        out += "<table>\n<thead><tr><th>principal</th><th class=\"num\">issued</th><th class=\"num\">rejected</th>"
            + "<th class=\"num\">capped by Entra</th></tr></thead>\n<tbody>\n"
        for (principal, counts) in rows {
            out += "<tr data-principal=\"\(HTMLText.escape(principal))\" data-issued=\"\(counts.issued)\" "
                + "data-rejected=\"\(counts.rejected)\" data-capped=\"\(counts.cappedByEntra)\">"
                + "<td>\(HTMLText.escape(principal))</td><td class=\"num\">\(HTMLText.count(counts.issued))</td>"
                + "<td class=\"num\">\(HTMLText.count(counts.rejected))</td><td class=\"num\">\(HTMLText.count(counts.cappedByEntra))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    private static func divergences(_ replay: ReplayReport, day: String) -> String {
        var out = "<section id=\"divergences\">\n<h2>Divergences</h2>\n"
        guard !replay.divergences.isEmpty else {
            return out + "<p class=\"ok\"><span class=\"check\">✓</span> None: replay re-derived all "
                + "\(HTMLText.count(replay.checked)) checked events and every one matches what was recorded.</p>\n</section>\n"
        }
        out += "<p class=\"bad-text\">\(HTMLText.count(replay.divergences.count)) recorded outcome"
            + "\(replay.divergences.count == 1 ? " does" : "s do") not follow from the rules on the state before the event.</p>\n"
        out += "<table class=\"divergences\">\n<thead><tr><th class=\"num\">seq</th><th>type</th><th>id</th><th>recorded</th>"
            + "<th>replayed</th></tr></thead>\n<tbody>\n"
        for divergence in replay.divergences.prefix(listLimit) {
            out += "<tr data-seq=\"\(divergence.seq)\"><td class=\"num\">\(divergence.seq)</td>"
                + "<td class=\"type\"><code>\(HTMLText.escape(divergence.type))</code></td>"
                + "<td class=\"wrap\"><code>\(HTMLText.escape(divergence.id))</code></td>"
                + "<td class=\"wrap\"><code>\(HTMLText.escape(JSONWriter.string(divergence.recorded)))</code></td>"
                + "<td class=\"wrap\"><code>\(HTMLText.escape(JSONWriter.string(divergence.replayed)))</code></td></tr>\n"
        }
        out += "</tbody>\n</table>\n"
        if replay.divergences.count > listLimit {
            out += "<p class=\"quiet\">\(HTMLText.count(replay.divergences.count - listLimit)) more: "
                + "<code>chronicle replay --day \(day) --format csv</code> lists them all.</p>\n"
        }
        return out + "</section>\n"
    }

    private static func timeline(_ report: AuditReport) -> String {
        let timeline = TokenTimeline(report: report)
        var out = "<section id=\"timeline\">\n<h2>Token lifetimes per principal</h2>\n"
        guard !report.tokens.isEmpty else {
            return out + "<p class=\"quiet\">No token was alive during the day.</p>\n</section>\n"
        }
        out += "<p class=\"quiet\">Each bar is one embed token, from issue to expiry (UTC), clipped to the day; "
            + "hover a bar for its id. \(HTMLText.count(report.tokens.count)) tokens overlap the day.</p>\n"
        out += """
            <ul class="legend">
            <li><svg width="28" height="10"><rect class="tok normal" x="0" y="1" width="28" height="8"/></svg> token</li>
            <li><svg width="28" height="10"><rect class="tok capped" x="0" y="1" width="28" height="8"/></svg> capped by Entra (expires with the Entra token)</li>
            <li><svg width="28" height="10"><rect class="tok revoked" x="0" y="1" width="16" height="8"/><rect class="tok rest" x="16" y="1.5" width="12" height="7"/><line class="cut" x1="16" y1="0" x2="16" y2="10"/></svg> revoked (solid until revocation, outlined after)</li>
            <li><svg width="16" height="16"><g class="marker secret-lost"><circle cx="8" cy="8" r="7"/></g></svg> secret expires or is revoked</li>
            <li><svg width="16" height="16"><g class="marker secret-rotated"><circle cx="8" cy="8" r="7"/></g></svg> secret rotated</li>
            <li><svg width="16" height="16"><g class="marker access-removed"><circle cx="8" cy="8" r="7"/></g></svg> access removed (RLS, group, workspace)</li>
            </ul>

            """
        out += "<div class=\"scroll\">\n" + timeline.svg + "\n</div>\n"
        out += changes(report, markers: timeline.markers)
        return out + "</section>\n"
    }

    private static func changes(_ report: AuditReport, markers: [(number: Int, change: AuditReport.Change)]) -> String {
        var out = "<h3>Changes of the day</h3>\n"
        guard !report.changes.isEmpty else { return out + "<p class=\"quiet\">No administrative change in the day.</p>\n" }
        out += "<table class=\"changes\">\n<thead><tr><th class=\"num\">#</th><th>time</th><th>change</th><th>event</th></tr></thead>\n<tbody>\n"
        var numbers: [Int: Int] = [:]
        for marker in markers {
            if let index = report.changes.firstIndex(of: marker.change) { numbers[index] = marker.number }
        }
        for (index, change) in report.changes.enumerated().prefix(listLimit) {
            let number = numbers[index].map { "<span class=\"badge \(TokenTimeline.markerClass(change.kind))\">\($0)</span>" } ?? ""
            out += "<tr\(numbers[index] == nil ? "" : " class=\"marked\"")><td class=\"num\">\(number)</td>"
                + "<td>\(HTMLText.clock(change.time))</td><td>\(HTMLText.escape(change.summary))</td>"
                + "<td><code>\(HTMLText.escape(change.kind))</code></td></tr>\n"
        }
        out += "</tbody>\n</table>\n"
        if report.changes.count > listLimit {
            out += "<p class=\"quiet\">\(HTMLText.count(report.changes.count - listLimit)) more changes are not listed.</p>\n"
        }
        return out
    }

    private static func secrets(_ projection: SecretsProjection) -> String {
        var out = "<section id=\"secrets\">\n<h2>Secrets at the end of the day</h2>\n"
        out += "<p class=\"quiet\">As of \(projection.asOf.rfc3339) (seq \(projection.seq)). Values never reach the log: "
            + "only the last three characters and the keyed fingerprint.</p>\n"
        guard !projection.secrets.isEmpty else { return out + "<p class=\"quiet\">No secret.</p>\n</section>\n" }
        out += "<table class=\"secrets\">\n<thead><tr><th>secret</th><th>kind</th><th>owner</th><th class=\"num\">version</th>"
            + "<th>hint</th><th>fingerprint</th><th>rotated</th><th>expires</th><th>status</th><th class=\"num\">days left</th></tr></thead>\n<tbody>\n"
        for row in projection.secrets {
            let fingerprint = row.fingerprint.count > 24 ? String(row.fingerprint.prefix(22)) + "…" : row.fingerprint
            out += "<tr data-secret=\"\(HTMLText.escape(row.secretId))\" data-status=\"\(row.status.rawValue)\">"
                + "<td><code>\(HTMLText.escape(row.secretId))</code></td><td>\(HTMLText.escape(row.kind.rawValue))</td>"
                + "<td>\(HTMLText.escape(row.owner))</td><td class=\"num\">\(row.version)</td>"
                + "<td><code>\(HTMLText.escape(row.hint))</code></td>"
                + "<td><code title=\"\(HTMLText.escape(row.fingerprint))\">\(HTMLText.escape(fingerprint))</code></td>"
                + "<td>\(row.rotatedAt.map(HTMLText.minute) ?? "–")</td><td>\(row.expiresAt.map(HTMLText.minute) ?? "never")</td>"
                + "<td><span class=\"status \(row.status.rawValue)\">\(row.status.rawValue)</span></td>"
                + "<td class=\"num\">\(row.daysLeft.map(String.init) ?? "–")</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    // MARK: - Style

    static let style = """
        :root { --ink: #1f2933; --muted: #616e7c; --line: #d9dee4; --paper: #ffffff; --tint: #f4f6f8;
                --blue: #3a6fb0; --orange: #e8871e; --red: #c8322f; --green: #2f8f4e; --amber: #b7791f; --violet: #6b4fbb; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 1220px; padding: 28px 28px 40px; color: var(--ink); background: var(--paper);
               font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        h1 { font-size: 26px; margin: 0 0 4px; }
        h1 .day { color: var(--muted); font-weight: 400; }
        h2 { font-size: 18px; margin: 34px 0 10px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
        h3 { font-size: 15px; margin: 22px 0 8px; }
        p { margin: 6px 0; }
        code { font: 12.5px/1.3 ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; }
        .lead { color: var(--muted); }
        .quiet { color: var(--muted); }
        .ok { color: var(--green); }
        .check { font-weight: 700; }
        .bad-text { color: var(--red); font-weight: 600; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px; }
        .card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; background: var(--tint); }
        .card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
        .card .value { font-size: 28px; font-weight: 650; margin-top: 2px; font-variant-numeric: tabular-nums; }
        .card .note { color: var(--muted); font-size: 12px; }
        .card.good .value { color: var(--green); }
        .card.bad .value { color: var(--red); }
        .card.warn .value { color: var(--amber); }
        table { border-collapse: collapse; width: 100%; margin: 6px 0; }
        th, td { text-align: left; padding: 5px 10px 5px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-size: 12px; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: .03em; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        table.reasons { width: auto; min-width: 620px; }
        td.bar-cell, th.bar-cell { width: 320px; padding-left: 14px; }
        .bar { height: 10px; border-radius: 2px; background: var(--red); opacity: .75; margin-top: 5px; }
        table.divergences td.wrap code { word-break: break-all; }
        table.divergences td.type { white-space: nowrap; }
        table.secrets td { white-space: nowrap; }
        .status { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; }
        .status.active { background: var(--green); }
        .status.expiring { background: var(--amber); }
        .status.expired { background: var(--red); }
        .status.revoked { background: #5b1f1e; }
        .legend { list-style: none; padding: 0; margin: 8px 0 10px; display: flex; flex-wrap: wrap; gap: 6px 22px; color: var(--muted); }
        .legend li { display: flex; align-items: center; gap: 6px; }
        .scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; }
        svg.timeline { display: block; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
        .grid { stroke: #eef1f4; stroke-width: 1; }
        .grid.major { stroke: #d5dbe1; }
        .hour { font-size: 11px; fill: var(--muted); }
        .band { fill: #f8f9fb; }
        .principal { font-size: 12.5px; font-weight: 600; fill: var(--ink); }
        .detail { font-size: 11px; fill: var(--muted); }
        .tok.normal { fill: var(--blue); }
        .tok.capped { fill: var(--orange); }
        .tok.revoked { fill: var(--red); }
        .tok.rest { fill: none; stroke: var(--red); stroke-width: 1; stroke-dasharray: 2 2; }
        .cut { stroke: #1f2933; stroke-width: 1.5; }
        .marker line { stroke-width: 1.2; stroke-dasharray: 4 3; }
        .marker text { font-size: 10px; font-weight: 700; fill: #fff; }
        .marker.secret-lost line { stroke: var(--red); } .marker.secret-lost circle { fill: var(--red); }
        .marker.secret-rotated line { stroke: var(--violet); } .marker.secret-rotated circle { fill: var(--violet); }
        .marker.access-removed line { stroke: #7b8794; } .marker.access-removed circle { fill: #7b8794; }
        .badge { display: inline-block; min-width: 20px; text-align: center; border-radius: 10px; color: #fff; font-size: 11px; font-weight: 700; padding: 0 5px; }
        .badge.secret-lost { background: var(--red); } .badge.secret-rotated { background: var(--violet); } .badge.access-removed { background: #7b8794; }
        tr.marked td { background: #fbfaf4; }
        footer { margin-top: 40px; color: var(--muted); font-size: 12.5px; border-top: 1px solid var(--line); padding-top: 10px; }
        """
}
