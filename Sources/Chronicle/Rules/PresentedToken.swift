/// An embed token as an access decision sees it (SPEC §5.1): the envelope
/// `{tokenId, tokenHash, kid, signatureValid, claims}` with usable claims.
///
/// Nil (`token.malformed`) when the token is not an object, `claims` is not
/// an object, `exp` or `nbf` is missing or not a number, or `aud`, `type` or
/// `wid` is missing or null.
struct PresentedToken: Sendable {
    var tokenId: String?
    var kid: String?
    var signatureValid: Bool
    var claims: JSONObject
    /// `exp` and `nbf`, in milliseconds (`× 1000`).
    var expiresAtMilliseconds: Double
    var notBeforeMilliseconds: Double
    var audience: JSONValue
    var type: JSONValue
    var workspace: JSONValue

    init?(_ json: JSONValue) {
        guard case .object(let token) = json, case .object(let claims)? = token["claims"],
              let exp = claims["exp"]?.doubleValue, let nbf = claims["nbf"]?.doubleValue,
              let audience = claims["aud"], !audience.isNull,
              let type = claims["type"], !type.isNull,
              let workspace = claims["wid"], !workspace.isNull
        else { return nil }
        tokenId = token["tokenId"]?.stringValue
        kid = token["kid"]?.stringValue
        signatureValid = token["signatureValid"]?.boolValue == true
        self.claims = claims
        expiresAtMilliseconds = exp * 1000
        notBeforeMilliseconds = nbf * 1000
        self.audience = audience
        self.type = type
        self.workspace = workspace
    }

    /// The reports the token names: `reports` (its strings) plus `rid`.
    var reports: [String] {
        var reports: [String] = []
        if case .array(let elements)? = claims["reports"] {
            for case .string(let id) in elements { reports.append(id) }
        }
        if case .string(let rid)? = claims["rid"] { reports.append(rid) }
        return reports
    }

    /// Whether `datasets` names `datasetId`.
    func namesDataset(_ datasetId: String) -> Bool {
        guard case .array(let elements)? = claims["datasets"] else { return false }
        return elements.contains(.string(datasetId))
    }

    /// The effective identity's user: a non-empty string `username`.
    var username: String? {
        guard case .string(let name)? = claims["username"], !name.isEmpty else { return nil }
        return name
    }

    /// Narrows assigned roles by the `roles` claim: an array (even empty)
    /// intersects; null or missing does not narrow; any other value narrows
    /// to nothing.
    func narrow(_ roles: [String]) -> [String] {
        switch claims["roles"] {
        case nil, .null?: return roles
        case .array(let allowed)?: return roles.filter { allowed.contains(.string($0)) }
        default: return []
        }
    }
}
