import Chronicle

/// The inline SVG of the audit report: one band per principal, each token
/// a bar from issue to expiry across the 24 hours of the day, stacked in
/// lanes so that overlapping tokens stay visible. Tokens cut short by the
/// Entra token are orange, revoked ones red up to their revocation (the
/// rest of their planned life is outlined), others blue. Numbered markers
/// along the top tie the changes of the day (rotations, expiries,
/// removals) to dashed lines across all bands.
struct TokenTimeline {
    /// The most lanes a principal's band gets; tokens that fit in none are counted, not drawn.
    static let maximumLanes = 16

    struct Band {
        var principalId: String
        var lanes: [[AuditReport.TokenSpan]]
        var total: Int
        var notDrawn: Int
        var capped: Int
        var revoked: Int
    }

    let day: Timestamp
    let bands: [Band]
    let markers: [(number: Int, change: AuditReport.Change)]

    // Geometry, in SVG user units.
    static let width = 1160
    static let plotLeft = 210
    static let plotRight = 1140
    static let axisHeight = 34
    static let laneHeight = 7
    static let laneGap = 3
    static let bandPadding = 8

    init(report: AuditReport) {
        day = report.day
        let dayEnd = report.dayEnd
        var byPrincipal: [String: [AuditReport.TokenSpan]] = [:]
        for token in report.tokens { byPrincipal[token.principalId, default: []].append(token) }
        bands = byPrincipal.keys.sorted().map { principalId in
            let tokens = byPrincipal[principalId] ?? []
            var lanes: [[AuditReport.TokenSpan]] = []
            var laneEnds: [Timestamp] = []
            var notDrawn = 0
            for token in tokens {
                let start = max(token.issuedAt, report.day)
                let end = min(Self.drawnEnd(of: token), dayEnd)
                if let lane = laneEnds.firstIndex(where: { $0 <= start }) {
                    lanes[lane].append(token)
                    laneEnds[lane] = end
                } else if lanes.count < Self.maximumLanes {
                    lanes.append([token])
                    laneEnds.append(end)
                } else {
                    notDrawn += 1
                }
            }
            return Band(principalId: principalId, lanes: lanes, total: tokens.count, notDrawn: notDrawn,
                        capped: tokens.filter(\.cappedByEntra).count, revoked: tokens.filter { $0.revokedAt != nil }.count)
        }
        markers = report.changes.filter(\.isMarked).prefix(40).enumerated().map { ($0.offset + 1, $0.element) }
    }

    /// Where a token's bar ends: its revocation, else its expiry.
    static func drawnEnd(of token: AuditReport.TokenSpan) -> Timestamp {
        if let revokedAt = token.revokedAt, revokedAt < token.expiresAt { return revokedAt }
        return token.expiresAt
    }

    /// The x of a time, clamped to the day.
    func x(_ time: Timestamp) -> Double {
        let offset = min(max(time.milliseconds - day.milliseconds, 0), Timestamp.millisecondsPerDay)
        return Double(Self.plotLeft) + Double(offset) * Double(Self.plotRight - Self.plotLeft) / Double(Timestamp.millisecondsPerDay)
    }

    static func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    func bandHeight(_ band: Band) -> Int {
        max(1, band.lanes.count) * (Self.laneHeight + Self.laneGap) - Self.laneGap + 2 * Self.bandPadding + 14
    }

    /// The `<svg>` element.
    var svg: String {
        let height = Self.axisHeight + bands.reduce(0) { $0 + bandHeight($1) } + 6
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" viewBox=\"0 0 \(Self.width) \(height)\" "
            + "width=\"\(Self.width)\" height=\"\(height)\" role=\"img\" aria-labelledby=\"timeline-title\">\n"
        out += "<title id=\"timeline-title\">Token lifetimes per principal, \(HTMLText.escape(String(day.rfc3339.prefix(10)))) (UTC)</title>\n"
        // Hour grid and labels.
        for hour in 0...24 {
            let x = Self.format(x(day.adding(milliseconds: Int64(hour) * 3_600_000)))
            out += "<line class=\"\(hour % 6 == 0 ? "grid major" : "grid")\" x1=\"\(x)\" y1=\"\(Self.axisHeight - 6)\" x2=\"\(x)\" y2=\"\(height - 4)\"/>\n"
            if hour % 2 == 0 {
                out += "<text class=\"hour\" x=\"\(x)\" y=\"12\" text-anchor=\"middle\">\(hour < 10 ? "0" : "")\(hour):00</text>\n"
            }
        }
        // Bands.
        var top = Self.axisHeight
        for (index, band) in bands.enumerated() {
            let bandHeight = bandHeight(band)
            if index % 2 == 1 {
                out += "<rect class=\"band\" x=\"0\" y=\"\(top)\" width=\"\(Self.width)\" height=\"\(bandHeight)\"/>\n"
            }
            out += "<text class=\"principal\" x=\"8\" y=\"\(top + Self.bandPadding + 10)\">\(HTMLText.escape(Self.shortened(band.principalId)))</text>\n"
            var detail = "\(HTMLText.count(band.total)) token\(band.total == 1 ? "" : "s")"
            if band.capped > 0 { detail += ", \(HTMLText.count(band.capped)) capped" }
            if band.revoked > 0 { detail += ", \(HTMLText.count(band.revoked)) revoked" }
            out += "<text class=\"detail\" x=\"8\" y=\"\(top + Self.bandPadding + 24)\">\(detail)</text>\n"
            if band.notDrawn > 0 {
                out += "<text class=\"detail\" x=\"8\" y=\"\(top + Self.bandPadding + 36)\">\(HTMLText.count(band.notDrawn)) not drawn (overlap)</text>\n"
            }
            for (laneIndex, lane) in band.lanes.enumerated() {
                let y = top + Self.bandPadding + 14 + laneIndex * (Self.laneHeight + Self.laneGap)
                for token in lane { out += bar(token, y: y) }
            }
            top += bandHeight
        }
        // Change markers: a dashed line and a numbered badge each.
        for marker in markers {
            let x = Self.format(x(marker.change.time))
            out += "<g class=\"marker \(HTMLText.escape(Self.markerClass(marker.change.kind)))\">"
            out += "<title>\(marker.number). \(HTMLText.clock(marker.change.time)) \(HTMLText.escape(marker.change.summary))</title>"
            out += "<line x1=\"\(x)\" y1=\"\(Self.axisHeight - 14)\" x2=\"\(x)\" y2=\"\(height - 4)\"/>"
            out += "<circle cx=\"\(x)\" cy=\"\(Self.axisHeight - 14)\" r=\"7\"/>"
            out += "<text x=\"\(x)\" y=\"\(Double(Self.axisHeight) - 10.5)\" text-anchor=\"middle\">\(marker.number)</text></g>\n"
        }
        out += "</svg>"
        return out
    }

    private func bar(_ token: AuditReport.TokenSpan, y: Int) -> String {
        let start = x(token.issuedAt)
        let end = x(Self.drawnEnd(of: token))
        let kind = token.revokedAt != nil ? "revoked" : token.cappedByEntra ? "capped" : "normal"
        var title = "\(token.tokenId) · \(token.principalId) · \(token.kid) · issued \(HTMLText.clock(token.issuedAt)), "
            + "expires \(HTMLText.minute(token.expiresAt))"
        if token.cappedByEntra { title += " (capped by Entra)" }
        if let revokedAt = token.revokedAt { title += " · revoked \(HTMLText.minute(revokedAt))" }
        if let renews = token.renews { title += " · renews \(renews)" }
        // One unit shorter than the span, so that consecutive tokens in a lane stay apart.
        var out = "<rect class=\"tok \(kind)\" x=\"\(Self.format(start))\" y=\"\(y)\" width=\"\(Self.format(max(1.5, end - start - 1)))\" "
            + "height=\"\(Self.laneHeight)\" rx=\"1.5\"><title>\(HTMLText.escape(title))</title></rect>"
        if token.revokedAt != nil {
            let planned = x(token.expiresAt)
            if planned > end + 0.5 {
                out += "<rect class=\"tok rest\" x=\"\(Self.format(end))\" y=\"\(Double(y) + 0.5)\" "
                    + "width=\"\(Self.format(planned - end))\" height=\"\(Self.laneHeight - 1)\"/>"
            }
            out += "<line class=\"cut\" x1=\"\(Self.format(end))\" y1=\"\(y - 2)\" x2=\"\(Self.format(end))\" y2=\"\(y + Self.laneHeight + 2)\"/>"
        }
        return out + "\n"
    }

    static func markerClass(_ kind: String) -> String {
        switch kind {
        case "secret.expired", "secret.revoked": return "secret-lost"
        case "secret.rotated": return "secret-rotated"
        default: return "access-removed"
        }
    }

    /// Long principal ids (user names) shortened to fit the label column.
    static func shortened(_ id: String) -> String {
        id.count <= 26 ? id : String(id.prefix(25)) + "…"
    }
}
