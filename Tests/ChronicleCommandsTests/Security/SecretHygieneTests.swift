import Chronicle
import Foundation
import Testing

/// No secret value reaches a log, an output, an error message, the HTML report
/// or any file a command writes (SPEC §3, §7): the commands run on a simulated tenant, and
/// every byte they print or write is searched for every value of its keyring
/// and their hex, base64 and base64url forms.
@Suite struct SecretHygieneTests {
    @Test func noCommandLeaksAKeyringValueAnywhere() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var outputs: [String] = []
        func run(_ arguments: [String], stdin: [UInt8] = []) -> InProcessRun {
            let result = InProcessRun(arguments, in: directory.path, stdin: stdin,
                                      now: Timestamp(rfc3339: "2026-11-21T16:00:00Z")!)
            outputs.append(result.stdout)
            outputs.append(result.stderr)
            return result
        }
        let simulated = run(["simulate", "--org", "contoso", "--day", "2026-11-21", "--events", "1500", "--seed", "11",
                             "--out", "log", "--format", "json"])
        try #require(simulated.exitCode == .ok, "\(simulated.stderr)")
        let keyringPath = directory.path + "/log.keyring.json"
        let keyring = try Keyring.load(path: keyringPath)
        var secrets = [keyring.auditSalt, keyring.auditKey]
        for versions in keyring.secrets.values { secrets.append(contentsOf: versions.values) }
        #expect(secrets.count >= 8)

        // Every read path, in every format.
        for format in ["json", "table", "csv"] {
            _ = run(["verify", "--log", "log", "--format", format])
            _ = run(["verify", "--log", "log", "--keyring", "log.keyring.json", "--format", format])
            _ = run(["head", "--log", "log", "--format", format])
            _ = run(["replay", "--log", "log", "--format", format])
            for projection in ["secrets", "tokens", "rls"] {
                _ = run(["project", projection, "--all", "--log", "log", "--format", format])
            }
        }
        let report = run(["report", "--day", "2026-11-21", "--out", "report.html", "--log", "log"])
        #expect(report.exitCode == .ok, "\(report.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.path + "/report.html"))
        // Live paths: issue a token, check it, check a forged one, checkpoint, fingerprint.
        let issued = run(["token", "issue", "--keyring", "log.keyring.json", "--log", "log", "--principal", "sp-portal",
                          "--key", "sec-embed-primary", "--workspace", "ws-finance", "--report", "rpt-finance-pl",
                          "--entra-expires", "2030-01-01T00:00:00Z", "--format", "json"])
        #expect(issued.exitCode == .ok, "\(issued.stderr)")
        let jwt = issued.json?["token"]?.stringValue ?? "a.b.c"
        let allowed = run(["token", "check", jwt, "--keyring", "log.keyring.json", "--log", "log", "--operation", "view",
                           "--workspace", "ws-finance", "--report", "rpt-finance-pl"])
        #expect(allowed.exitCode == .ok, "\(allowed.stdout) \(allowed.stderr)")
        let forged = jwt.split(separator: ".").prefix(2).joined(separator: ".") + ".AAAA"
        _ = run(["token", "check", forged, "--keyring", "log.keyring.json", "--log", "log", "--operation", "view",
                 "--workspace", "ws-finance", "--report", "rpt-finance-pl"])
        _ = run(["checkpoint", "--keyring", "log.keyring.json", "--log", "log"])
        let value = try #require(keyring.secrets["sec-embed-primary"]?[1])
        let fingerprint = run(["fingerprint", "--keyring", "log.keyring.json", "--format", "json"], stdin: value)
        #expect(fingerprint.json?["fingerprint"]?.stringValue == keyring.fingerprint(of: value))
        // Error paths that hold a keyring or a token in hand.
        _ = run(["token", "check", "not-a-jwt", "--keyring", "log.keyring.json", "--log", "log", "--operation", "view",
                 "--workspace", "ws-sales"])
        _ = run(["token", "issue", "--keyring", "log.keyring.json", "--log", "log", "--principal", "nobody",
                 "--key", "sec-missing", "--workspace", "me", "--entra-expires", "2026-11-21T15:00:00Z"])
        _ = run(["fingerprint", "--keyring", "log.keyring.json"], stdin: [])
        try FileManager.default.copyItem(atPath: keyringPath, toPath: directory.path + "/open.keyring.json")
        chmod(directory.path + "/open.keyring.json", 0o644)
        let refused = run(["verify", "--log", "log", "--keyring", "open.keyring.json"])
        #expect(refused.exitCode == .usage)
        #expect(refused.stderr.contains("chmod 600"))

        // Search every output and every file written (the keyrings themselves excepted).
        var haystacks: [(name: String, bytes: [UInt8])] = outputs.enumerated().map { ("output #\($0.offset)", Array($0.element.utf8)) }
        let files = FileManager.default.enumerator(atPath: directory.path)?.compactMap { $0 as? String } ?? []
        for file in files where !file.hasSuffix(".keyring.json") {
            if let data = FileManager.default.contents(atPath: directory.path + "/" + file) {
                haystacks.append((file, Array(data)))
            }
        }
        #expect(haystacks.contains { $0.name.hasSuffix(".jsonl") })
        for secret in secrets {
            let forms = [secret, Array(Hex.encode(secret).utf8), Array(Base64.encode(secret).utf8),
                         Array(Base64URL.encode(secret).utf8)]
            for form in forms where form.count >= 8 {
                for haystack in haystacks where Self.contains(haystack.bytes, form) {
                    Issue.record("a keyring value (fingerprint \(keyring.fingerprint(of: secret))) appears in \(haystack.name)")
                }
            }
        }
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count, let first = needle.first else { return false }
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    @Test func theSearchFindsAPlantedValue() {
        #expect(Self.contains(Array("xx secret-value yy".utf8), Array("secret-value".utf8)))
        #expect(!Self.contains(Array("xx secret-valu".utf8), Array("secret-value".utf8)))
    }
}
