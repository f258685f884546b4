/// A token's standing at a projection's `asOf` (SPEC §9).
public enum TokenStatus: String, Sendable, CaseIterable {
    case active
    /// expiresAt ≤ asOf.
    case expired
    /// Revoked; takes precedence.
    case revoked
}

/// `chronicle project tokens [--all]`: token lifetimes at `asOf`, sorted by
/// (`issuedAt`, `tokenId`) (SPEC §9).
public struct TokensProjection: Sendable, Equatable {
    /// One token's line.
    public struct Row: Sendable, Equatable {
        public var tokenId: String
        public var principalId: String
        public var kid: String
        public var issuedAt: Timestamp
        public var expiresAt: Timestamp
        /// floor(expiresAt − issuedAt), in seconds.
        public var lifetimeSeconds: Int64
        /// floor(expiresAt − asOf) in seconds while active, else 0.
        public var remainingSeconds: Int64
        public var cappedByEntra: Bool
        public var renews: String?
        public var status: TokenStatus
    }

    /// Counts over every token issued up to `asOf`, listed or not.
    public struct Summary: Sendable, Equatable {
        public var active = 0
        public var expired = 0
        public var revoked = 0
        public var cappedByEntra = 0
    }

    /// The events this projection depends on: `token.issued`, `token.revoked` (and `principal.registered`, for the principal kinds the state keeps). A fold of
    /// only these gives the same projection as a fold of the whole log.
    public static let eventTypes: Set<EventType> = [.tokenIssued, .tokenRevoked, .principalRegistered]

    public var asOf: Timestamp
    public var seq: Int64
    /// Whether inactive (expired, revoked) tokens are listed too (`--all`).
    public var includeAll: Bool
    public var tokens: [Row]
    public var summary: Summary

    /// Projects the tokens of `state`, the fold of every event with `time` ≤ `asOf`.
    ///
    /// - Parameter includeAll: List expired and revoked tokens too; without
    ///   it only active ones are listed. The summary counts every token.
    public init(state: AuditState, asOf: Timestamp, seq: Int64, includeAll: Bool = false) {
        self.asOf = asOf
        self.seq = seq
        self.includeAll = includeAll
        var summary = Summary()
        var rows: [Row] = []
        for token in state.tokens.values {
            let row = Self.row(for: token, asOf: asOf)
            switch row.status {
            case .active: summary.active += 1
            case .expired: summary.expired += 1
            case .revoked: summary.revoked += 1
            }
            if row.cappedByEntra { summary.cappedByEntra += 1 }
            if includeAll || row.status == .active { rows.append(row) }
        }
        rows.sort {
            $0.issuedAt != $1.issuedAt ? $0.issuedAt < $1.issuedAt : $0.tokenId.ordinallyPrecedes($1.tokenId)
        }
        self.tokens = rows
        self.summary = summary
    }

    static func row(for token: TokenRecord, asOf: Timestamp) -> Row {
        let status: TokenStatus =
            token.isRevoked ? .revoked : token.expiresAt <= asOf ? .expired : .active
        let remaining = status == .active ? (token.expiresAt.milliseconds - asOf.milliseconds).floorDivided(by: 1000) : 0
        return Row(
            tokenId: token.tokenId, principalId: token.principalId, kid: token.kid, issuedAt: token.issuedAt,
            expiresAt: token.expiresAt,
            lifetimeSeconds: (token.expiresAt.milliseconds - token.issuedAt.milliseconds).floorDivided(by: 1000),
            remainingSeconds: remaining, cappedByEntra: token.cappedByEntra, renews: token.renews, status: status)
    }

    /// `{"asOf", "seq", "tokens": [...], "summary": {...}}` exactly as SPEC §9 shows.
    public var json: JSONValue {
        var rows: [JSONValue] = []
        rows.reserveCapacity(tokens.count)
        for row in tokens {
            var json = PayloadWriter(capacity: 10)
            json.add("tokenId", row.tokenId)
            json.add("principalId", row.principalId)
            json.add("kid", row.kid)
            json.add("issuedAt", row.issuedAt)
            json.add("expiresAt", row.expiresAt)
            json.add("lifetimeSeconds", .integer(row.lifetimeSeconds))
            json.add("remainingSeconds", .integer(row.remainingSeconds))
            json.add("cappedByEntra", .bool(row.cappedByEntra))
            json.add("renews", .string(row.renews))
            json.add("status", row.status.rawValue)
            rows.append(json.json)
        }
        let summary: JSONValue = [
            "active": .integer(Int64(self.summary.active)), "expired": .integer(Int64(self.summary.expired)),
            "revoked": .integer(Int64(self.summary.revoked)),
            "cappedByEntra": .integer(Int64(self.summary.cappedByEntra)),
        ]
        return ["asOf": .string(asOf.rfc3339), "seq": .integer(seq), "tokens": .array(rows), "summary": summary]
    }

    /// The compact JSON text of ``json``, written straight to bytes: the
    /// same bytes as `JSONWriter.serialize(json)`, without building the tree
    /// first (a busy day holds a hundred thousand tokens).
    public var jsonBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(160 + tokens.count * 360)
        var time = [UInt8](repeating: 0, count: 24)
        func append(_ text: StaticString) {
            out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
        func append(_ timestamp: Timestamp) {
            timestamp.write(into: &time)
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: time)
            out.append(UInt8(ascii: "\""))
        }
        append("{\"asOf\":")
        append(asOf)
        append(",\"seq\":")
        JSONWriter.appendInteger(seq, to: &out)
        append(",\"tokens\":[")
        for (index, row) in tokens.enumerated() {
            append(index == 0 ? "{\"tokenId\":" : ",{\"tokenId\":")
            JSONWriter.appendString(row.tokenId, to: &out)
            append(",\"principalId\":")
            JSONWriter.appendString(row.principalId, to: &out)
            append(",\"kid\":")
            JSONWriter.appendString(row.kid, to: &out)
            append(",\"issuedAt\":")
            append(row.issuedAt)
            append(",\"expiresAt\":")
            append(row.expiresAt)
            append(",\"lifetimeSeconds\":")
            JSONWriter.appendInteger(row.lifetimeSeconds, to: &out)
            append(",\"remainingSeconds\":")
            JSONWriter.appendInteger(row.remainingSeconds, to: &out)
            append(row.cappedByEntra ? ",\"cappedByEntra\":true,\"renews\":" : ",\"cappedByEntra\":false,\"renews\":")
            if let renews = row.renews { JSONWriter.appendString(renews, to: &out) } else { append("null") }
            append(",\"status\":")
            JSONWriter.appendString(row.status.rawValue, to: &out)
            append("}")
        }
        append("],\"summary\":{\"active\":")
        JSONWriter.appendInteger(Int64(summary.active), to: &out)
        append(",\"expired\":")
        JSONWriter.appendInteger(Int64(summary.expired), to: &out)
        append(",\"revoked\":")
        JSONWriter.appendInteger(Int64(summary.revoked), to: &out)
        append(",\"cappedByEntra\":")
        JSONWriter.appendInteger(Int64(summary.cappedByEntra), to: &out)
        append("}}")
        return out
    }

    /// One row per listed token. The `!` column shows `C` for a token cut
    /// short by the Entra cap and `R` for a revoked one; ids are shortened
    /// (the JSON output has them whole).
    public var table: ProjectionTable {
        ProjectionTable(
            columns: ["!", "TOKEN", "PRINCIPAL", "KID", "ISSUED (UTC)", "LIFETIME", "STATUS"],
            rows: tokens.map { row in
                [
                    (row.cappedByEntra ? "C" : "") + (row.status == .revoked ? "R" : ""),
                    String(row.tokenId.prefix(8)), TableCell.clipped(row.principalId, to: 16),
                    TableCell.clipped(row.kid, to: 16), TableCell.minute(row.issuedAt),
                    TableCell.duration(seconds: row.lifetimeSeconds), row.status.rawValue,
                ]
            })
    }
}
