/// The Power BI scopes an embed token can carry (`scp`).
enum Scope {
    static let reportRead: StaticString = "Report.Read"
    static let reportReadWrite: StaticString = "Report.ReadWrite"
    static let datasetRead: StaticString = "Dataset.Read"
    static let datasetReadWrite: StaticString = "Dataset.ReadWrite"
    static let workspaceReportCreate: StaticString = "Workspace.Report.Create"
    static let workspaceReportCopy: StaticString = "Workspace.Report.Copy"
}

/// The scopes a presented token holds, with the implications of SPEC §5.1:
/// `Report.ReadWrite` implies `Report.Read`; `Dataset.ReadWrite` implies
/// `Dataset.Read`; `Report.Read` on a report of dataset D implies
/// `Dataset.Read` for D (the caller decides that last one).
struct GrantedScopes: Sendable, Equatable {
    var reportRead = false
    var reportReadWrite = false
    var datasetRead = false
    var workspaceReportCreate = false
    var workspaceReportCopy = false

    /// Reads `scp`: a space-joined string or an array of strings (other
    /// elements are skipped); any other value grants nothing.
    init<Source: JSONReading>(scp: Source?) {
        guard let scp else { return }
        if var joined = scp.stringValue {
            // Byte-wise, without allocating: `split` on the string would segment graphemes.
            joined.withUTF8 { bytes in
                var start = 0
                for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: " ") {
                    if index > start { grant(UnsafeBufferPointer(rebasing: bytes[start..<index])) }
                    start = index + 1
                }
            }
        } else if let elements = scp.stringElements {
            for var scope in elements { scope.withUTF8 { grant($0) } }
        }
    }

    private mutating func grant(_ scope: UnsafeBufferPointer<UInt8>) {
        func `is`(_ name: StaticString) -> Bool {
            guard name.utf8CodeUnitCount == scope.count else { return false }
            let bytes = name.utf8Start
            for index in 0..<scope.count where bytes[index] != scope[index] { return false }
            return true
        }
        if `is`(Scope.reportRead) {
            reportRead = true
        } else if `is`(Scope.reportReadWrite) {
            reportReadWrite = true
            reportRead = true
        } else if `is`(Scope.datasetRead) || `is`(Scope.datasetReadWrite) {
            datasetRead = true
        } else if `is`(Scope.workspaceReportCreate) {
            workspaceReportCreate = true
        } else if `is`(Scope.workspaceReportCopy) {
            workspaceReportCopy = true
        }
    }
}
