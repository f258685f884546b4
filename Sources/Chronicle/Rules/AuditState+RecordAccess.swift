extension AuditState {
    /// Calls `read` with the record `id` of `records` where it is stored,
    /// without copying it (a copy retains each of its strings and arrays);
    /// nil when there is none. The rules read one or two fields this way
    /// on every decision.
    @inline(__always)
    static func withRecord<Record, Result>(
        _ id: String, in records: [String: Record], _ read: (borrowing Record) -> Result
    ) -> Result? {
        guard let index = records.index(forKey: id) else { return nil }
        return read(records.values[index])
    }
}
