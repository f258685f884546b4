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
        // Byte-wise, without building strings: `split` on a string would segment graphemes.
        let joined: Void? = scp.withStringBytes { bytes in
            var start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: " ") {
                if index > start { grant(UnsafeRawBufferPointer(rebasing: bytes[start..<index])) }
                start = index + 1
            }
        }
        if joined == nil, let elements = scp.arrayElements {
            for element in elements { _ = element.withStringBytes { grant($0) } }
        }
    }

    private mutating func grant(_ scope: UnsafeRawBufferPointer) {
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
