/// The Power BI scopes an embed token can carry (`scp`).
enum Scope {
    static let reportRead = "Report.Read"
    static let reportReadWrite = "Report.ReadWrite"
    static let datasetRead = "Dataset.Read"
    static let datasetReadWrite = "Dataset.ReadWrite"
    static let workspaceReportCreate = "Workspace.Report.Create"
    static let workspaceReportCopy = "Workspace.Report.Copy"
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
    init(scp: JSONValue?) {
        switch scp {
        case .string(let joined)?:
            for scope in joined.split(separator: " ", omittingEmptySubsequences: true) { grant(String(scope)) }
        case .array(let elements)?:
            for case .string(let scope) in elements { grant(scope) }
        default:
            break
        }
    }

    private mutating func grant(_ scope: String) {
        switch scope {
        case Scope.reportRead: reportRead = true
        case Scope.reportReadWrite: reportReadWrite = true; reportRead = true
        case Scope.datasetRead, Scope.datasetReadWrite: datasetRead = true
        case Scope.workspaceReportCreate: workspaceReportCreate = true
        case Scope.workspaceReportCopy: workspaceReportCopy = true
        default: break
        }
    }
}
