/// `chronicle token issue|check`: live issuance and decisions through the
/// library, recorded in the log (SPEC §4–§6, §8).
struct TokenCommand: Command {
    static let name = "token"
    static let abstract = "issue an embed token, or check one, recording it in the log"
    static let usage = """
        usage: chronicle token issue --keyring FILE --principal P --key SECRETID --workspace W
                                     --entra-expires T [--report R]… [--dataset D]…
                                     [--identity USER[:ROLE,…][@DATASET,…]]… [--target-workspace W]…
                                     [--access View|Edit|Create] [--save-as] [--lifetime MIN]
                                     [--renews TOKENID] [--log DIR] [--format table|json|csv]
               chronicle token check JWT|- --keyring FILE --operation OP --workspace W
                                     [--report R] [--dataset D] [--log DIR] [--format table|json|csv]

        token issue evaluates a GenerateToken request on the log's state at its head
        (SPEC §4), records token.issued or token.rejected, and only then prints the
        JWT on stdout (with --format json: {"tokenId", "token", "kid", "expiresAt"}).
        A rejection prints its reasons on stderr (with --format json: {"reasons"} on
        stdout) and exits 1. --access defaults to View (any letter case); --lifetime
        is a positive number of minutes (default 60); T is RFC 3339.
        --identity: USER, then :ROLES (comma-separated), then @DATASETS (comma-
        separated); the datasets start after the last @. A username containing @
        must be followed by ':' (ann@contoso.com:EU@ds-1, or ann@contoso.com:@ds-1
        without roles). An identity's roles become the token's roles claim: with no
        roles the user sees no row of an RLS dataset.

        token check decides whether the token may do OP (view, editAndSave, saveAs,
        create, createAndSave) on the report or dataset in workspace W (SPEC §5),
        records access.decided, and prints the effect, reasons and roles; exit 0 on
        allow, 1 on deny. Give the token as the argument, or - to read it from stdin.
        An argument that is not three base64url parts separated by '.' is refused
        (exit 2) before the log is touched; a token of that shape that does not
        decode, or whose signature fails, is decided and recorded (token.malformed,
        token.signature_invalid).

        Both fail closed: if the event cannot be written, no token is printed and the
        access is denied, with the write error on stderr (exit 2, or 3 if the log is
        damaged). Both need an existing log directory and the keyring (mode 0600).

        examples:
          chronicle token issue --keyring keyring.json --principal sp-portal --key sec-embed-main \\
              --workspace ws-sales --report rep-sales --entra-expires 2026-11-21T10:30:00Z
          chronicle token check "$JWT" --keyring keyring.json --operation view \\
              --workspace ws-sales --report rep-sales
        """

    private enum Subcommand {
        case issue(TokenIssueCommand)
        case check(TokenCheckCommand)
    }

    private var subcommand: Subcommand

    init(parsing arguments: inout Arguments, in context: CommandContext) throws(CommandError) {
        switch arguments.subcommand() {
        case "issue"?: subcommand = .issue(try TokenIssueCommand(parsing: &arguments, in: context))
        case "check"?: subcommand = .check(try TokenCheckCommand(parsing: &arguments, in: context))
        case let other?:
            throw .usage("unknown subcommand 'token \(other)'", hint: "use `chronicle token issue` or `chronicle token check`")
        case nil:
            throw .usage("`token` needs a subcommand: issue or check", hint: "see `chronicle token --help`")
        }
    }

    func run(in context: CommandContext) throws(CommandError) -> ExitCode {
        switch subcommand {
        case .issue(let command): return try command.run(in: context)
        case .check(let command): return try command.run(in: context)
        }
    }
}
