/// The operations an embedded session asks for, with the scopes they need (SPEC §5.1).
public enum Operation: String, Sendable, CaseIterable {
    /// `Report.Read`.
    case view
    /// `Report.ReadWrite`.
    case editAndSave
    /// `Report.Read` and `Workspace.Report.Copy`.
    case saveAs
    /// `Dataset.Read` on the request's dataset.
    case create
    /// `Dataset.Read` and `Workspace.Report.Create`.
    case createAndSave

    /// Whether the operation is about a dataset rather than a report (rule 12).
    var targetsDataset: Bool { self == .create || self == .createAndSave }
}

/// An access request inside the SPEC §5.1 domains.
///
/// `operation` must be one of the table; `reportId` and `datasetId` must be
/// a string or null (a missing member reads as null); `workspaceId` must be
/// a string. Anything else is `request.invalid`.
struct AccessRequest: Sendable, Equatable {
    var operation: Operation
    var reportId: String?
    var datasetId: String?
    var workspaceId: String

    init?(_ json: JSONValue) {
        guard case .object(let object) = json,
              case .string(let name)? = object["operation"], let operation = Operation(rawValue: name),
              case .string(let workspaceId)? = object["workspaceId"]
        else { return nil }
        switch object["reportId"] {
        case nil, .null?: reportId = nil
        case .string(let id)?: reportId = id
        default: return nil
        }
        switch object["datasetId"] {
        case nil, .null?: datasetId = nil
        case .string(let id)?: datasetId = id
        default: return nil
        }
        self.operation = operation
        self.workspaceId = workspaceId
    }
}
