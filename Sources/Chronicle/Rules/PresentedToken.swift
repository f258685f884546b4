/// An embed token as an access decision sees it (SPEC §5.1): the envelope
/// `{tokenId, tokenHash, kid, signatureValid, claims}` with usable claims,
/// read once, for one request, into what the rules look at.
///
/// Nil (`token.malformed`) when the token is not an object, `claims` is not
/// an object, `exp` or `nbf` is missing or not a number, or `aud`, `type` or
/// `wid` is missing or null.
struct PresentedToken: Sendable {
    /// `tokenId`, when it is a string.
    var tokenId: TokenReference?
    /// The secret and version `kid` names; nil when it is not a string or does not parse.
    var key: SigningKeyID?
    var signatureValid: Bool
    /// `exp` and `nbf`, in milliseconds (`× 1000`).
    var expiresAtMilliseconds: Double
    var notBeforeMilliseconds: Double
    /// Whether `aud` is the Power BI audience (a non-string never is).
    var hasPowerBIAudience: Bool
    /// Whether `type` is `embed`.
    var isEmbed: Bool
    /// Whether `wid` is the request's workspace (a non-string never is).
    var isForRequestedWorkspace: Bool
    /// Whether the request's `reportId` is among the reports the token
    /// names (`reports` plus `rid`): rule 12 for operations on a report.
    var namesRequestedReport: Bool
    /// For operations on a dataset (rule 12 and 13 look further): the
    /// reports the token names, and the strings of its `datasets`. Empty otherwise.
    var reports: [String]
    var datasets: [String]
    var scopes: GrantedScopes
    /// The effective identity's user: a non-empty string `username`.
    var username: String?
    /// The `roles` claim as a narrowing of assigned roles.
    var roles: RoleNarrowing

    /// How a token's `roles` claim narrows the roles assigned to its user.
    enum RoleNarrowing: Sendable {
        /// null or missing: the assigned roles stand.
        case none
        /// An array (even empty): only the roles it names (its strings).
        case to([String])
        /// Any other value: no role at all.
        case all
    }

    init?<Source: JSONReading>(_ json: Source, for request: AccessRequest) {
        // Members are read in the order writers write them: a reader that
        // looks right after the member it found last then finds each at once.
        guard json.isObject else { return nil }
        tokenId = json["tokenId"]?.withStringBytes { TokenReference($0) }
        key = json["kid"].flatMap { SigningKeyID(kid: $0) }
        signatureValid = json["signatureValid"]?.boolValue == true
        guard let claims = json["claims"], claims.isObject,
              let audience = claims["aud"], !audience.isNull,
              let type = claims["type"], !type.isNull,
              let workspace = claims["wid"], !workspace.isNull
        else { return nil }
        hasPowerBIAudience = audience.isString(IssuanceRules.audience)
        isEmbed = type.isString("embed")
        isForRequestedWorkspace = workspace.isString(request.workspaceId)
        if request.operation.targetsDataset {
            let rid = claims["rid"]?.stringValue
            var reports = claims["reports"]?.stringElements ?? []
            if let rid { reports.append(rid) }
            self.reports = reports
            datasets = claims["datasets"]?.stringElements ?? []
            namesRequestedReport = request.reportId.map { reports.contains($0) } ?? false
        } else {
            // Only whether the requested report is named matters: compared in place.
            reports = []
            datasets = []
            namesRequestedReport = request.reportId.map { reportId in
                claims["rid"]?.isString(reportId) == true
                    || claims["reports"]?.arrayElements?.contains { $0.isString(reportId) } == true
            } ?? false
        }
        if let name = claims["username"]?.stringValue, !name.isEmpty { username = name } else { username = nil }
        switch claims["roles"] {
        case nil: roles = .none
        case let value?:
            if value.isNull {
                roles = .none
            } else if let allowed = value.stringElements {
                roles = .to(allowed)
            } else {
                roles = .all
            }
        }
        scopes = GrantedScopes(scp: claims["scp"])
        guard let nbf = claims["nbf"]?.doubleValue, let exp = claims["exp"]?.doubleValue else { return nil }
        expiresAtMilliseconds = exp * 1000
        notBeforeMilliseconds = nbf * 1000
    }

    /// Whether `datasets` names `datasetId`.
    func namesDataset(_ datasetId: String) -> Bool { datasets.contains(datasetId) }

    /// Narrows assigned roles by the `roles` claim: an array (even empty)
    /// intersects; null or missing does not narrow; any other value narrows
    /// to nothing.
    func narrow(_ assigned: [String]) -> [String] {
        switch roles {
        case .none: return assigned
        case .to(let allowed):
            // Most tokens allow every assigned role: then the array is handed back, not rebuilt.
            if assigned.allSatisfy({ allowed.contains($0) }) { return assigned }
            return assigned.filter { allowed.contains($0) }
        case .all: return []
        }
    }
}
