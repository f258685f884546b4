/// A user's embedded session in one of the apps: what the app asks for on
/// every (re)issuance and the token it currently holds.
struct EmbedSession: Sendable {
    var app: EmbedApp.Kind
    /// The effective identity's user, for apps that send one.
    var user: String?
    /// The role the app falls back to when the directory gives the user none.
    var homeRole: String?
    var grant: EmbedApp.Grant
    var reports: [String]
    /// The last token issued to the session (kept when a renewal is rejected).
    var token: HeldToken?
}
