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

    init?<Source: JSONReading>(_ json: Source) {
        // In the order writers write the members (see ``PresentedToken/init(_:for:)``).
        guard let name = json["operation"]?.stringValue, let operation = Operation(rawValue: name),
              let reportId = Self.nullableString(json["reportId"]),
              let datasetId = Self.nullableString(json["datasetId"]),
              let workspaceId = json["workspaceId"]?.stringValue
        else { return nil }
        self.operation = operation
        self.reportId = reportId
        self.datasetId = datasetId
        self.workspaceId = workspaceId
    }

    /// A string, or nil for null or missing; `.none` (out of domain) for anything else.
    private static func nullableString<Source: JSONReading>(_ value: Source?) -> String?? {
        guard let value, !value.isNull else { return .some(nil) }
        guard let string = value.stringValue else { return .none }
        return .some(string)
    }
}
