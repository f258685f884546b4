/// Mistakes apps make when calling GenerateToken, each of which one
/// issuance rule of SPEC §4.2 rejects.
enum IssuanceAnomaly: Sendable {
    case none
    /// The app forgets the effective identity on an RLS dataset (`rls.identity_required`).
    case missingIdentity
    /// A master user asks for a paginated report (`rdl.master_user`).
    case paginatedByMasterUser
    /// The request names "My workspace" (`workspace.personal`).
    case personalWorkspace
    /// A report that was never registered (`resource.unknown`).
    case staleReport
    /// `Create` without `datasets` (`create.dataset_required`).
    case createWithoutDataset
    /// `lifetimeMinutes: 0` (`request.invalid`).
    case invalidLifetime
    /// A target workspace the principal is not a member of (`workspace.not_member`).
    case foreignTargetWorkspace
    /// A decommissioned integration still calling (`principal.unknown`).
    case unknownPrincipal

    /// Draws the anomaly of one routine request: about 4% of them have one.
    static func draw(_ random: inout SeededGenerator, app: EmbedApp, level: AccessLevel) -> IssuanceAnomaly {
        let roll = random.below(10_000)
        switch roll {
        case ..<150: return app.identity == .none ? .none : .missingIdentity
        case ..<210: return app.kind == .authoring || app.kind == .authoringFinance ? .paginatedByMasterUser : .none
        case ..<250: return .personalWorkspace
        case ..<300: return .staleReport
        case ..<340: return level == .create ? .createWithoutDataset : .none
        case ..<370: return .invalidLifetime
        case ..<410: return .foreignTargetWorkspace
        case ..<430: return .unknownPrincipal
        default: return .none
        }
    }
}
