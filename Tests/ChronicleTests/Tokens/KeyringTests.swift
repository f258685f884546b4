import Foundation
import Testing

@testable import Chronicle

/// SPEC §7. Secret values never appear in expectations: tests compare
/// fingerprints, MACs and booleans, so a failure cannot print a value.
struct KeyringTests {
    /// A private copy of a keyring file in a fresh temporary directory.
    final class Scratch {
        let directory: URL
        let path: String

        init(copying source: URL? = nil, contents: String? = nil, mode: mode_t = 0o600) throws {
            directory = try CryptoFixtures.makeTemporaryDirectory()
            path = directory.appendingPathComponent("keyring.json").path
            if let source {
                try FileManager.default.copyItem(atPath: source.path, toPath: path)
            } else {
                try Data((contents ?? "").utf8).write(to: URL(fileURLWithPath: path))
            }
            try #require(chmod(path, mode) == 0)
        }

        deinit { try? FileManager.default.removeItem(at: directory) }
    }

    static let conformanceKeyring = ConformanceFiles.root
        .appendingPathComponent("contoso-9001").appendingPathComponent("keyring.json")

    static let minimal = #"{"auditSalt":"salt-one","auditKey":"key-one","secrets":{"sec-a":{"1":"alpha-value","2":"beta-value"}}}"#

    @Test(.enabled(if: FileManager.default.fileExists(atPath: conformanceKeyring.path)))
    func theConformanceSecretFingerprintsAsRecordedInTheLog() throws {
        let scratch = try Scratch(copying: Self.conformanceKeyring)
        let keyring = try Keyring.load(path: scratch.path)
        let value = try #require(keyring.secret("sec-embed-main-89f9", version: 1))
        #expect(keyring.fingerprint(of: value)
            == "hmac-sha256:a2831f4685fa607ae9b75f1e094a88c6f56a71c7036c2a9bfe2ef95f6f3c8765")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: conformanceKeyring.path)))
    func theConformanceCheckpointMACMatches() throws {
        let scratch = try Scratch(copying: Self.conformanceKeyring)
        let keyring = try Keyring.load(path: scratch.path)
        let hash = "3658e11472556a05e16204b16676e7d8c0f9ec6f4859289c9aac730758ceb1ab"
        let mac = "ca0b063593ed48332f28e18f08950dcde3fe974f66fc5659b81beb91a7a884b2"
        #expect(keyring.checkpointMAC(seq: 375, hash: hash) == mac)
        #expect(keyring.checkpointMACMatches(mac, seq: 375, hash: hash))
        #expect(!keyring.checkpointMACMatches(mac, seq: 376, hash: hash))
        #expect(!keyring.checkpointMACMatches(mac.uppercased(), seq: 375, hash: hash))
    }

    @Test(arguments: [0o644, 0o640, 0o604, 0o660, 0o601, 0o610, 0o700 | 0o070, 0o444])
    func aKeyringOthersCanAccessIsRefusedWithTheChmodFix(mode: Int) throws {
        let scratch = try Scratch(contents: Self.minimal, mode: mode_t(mode))
        #expect(throws: KeyringError.permissionsTooOpen(path: scratch.path, mode: UInt32(0o100000 | mode))) {
            try Keyring.load(path: scratch.path)
        }
        do {
            _ = try Keyring.load(path: scratch.path)
        } catch {
            #expect(error.description.contains("chmod 600 \(scratch.path)"))
            #expect(error.description.contains(String(mode, radix: 8)))
        }
    }

    @Test(arguments: [0o600, 0o400, 0o700])
    func aKeyringOnlyItsOwnerCanAccessLoads(mode: Int) throws {
        let scratch = try Scratch(contents: Self.minimal, mode: mode_t(mode))
        let keyring = try Keyring.load(path: scratch.path)
        #expect(keyring.auditSalt == Array("salt-one".utf8))
        #expect(keyring.auditKey == Array("key-one".utf8))
        #expect(keyring.secrets.keys.sorted() == ["sec-a"])
        #expect(keyring.secrets["sec-a"]?.keys.sorted() == [1, 2])
        #expect(keyring.secret("sec-a", version: 2) == Array("beta-value".utf8))
        #expect(keyring.secret("sec-a", version: 3) == nil)
        #expect(keyring.secret("sec-b", version: 1) == nil)
    }

    @Test func fingerprintsAreTheHMACOfTheValueUnderTheAuditSalt() {
        let keyring = Keyring(auditSalt: Array("salt".utf8), auditKey: Array("key".utf8))
        let value = Array("value".utf8)
        #expect(keyring.fingerprint(of: value)
            == "hmac-sha256:" + HMACSHA256.authenticationCode(for: value, key: Array("salt".utf8)).hex)
        #expect(keyring.checkpointMAC(seq: 7, hash: "ab")
            == HMACSHA256.authenticationCode(for: Array("7:ab".utf8), key: Array("key".utf8)).hex)
    }

    @Test func aMissingFileSaysSo() {
        let path = "/nonexistent-\(UUID().uuidString)/keyring.json"
        #expect(throws: KeyringError.notFound(path: path)) { try Keyring.load(path: path) }
    }

    @Test func aDirectoryIsNotAKeyring() throws {
        let directory = try CryptoFixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try #require(chmod(directory.path, 0o700) == 0)
        #expect(throws: KeyringError.unreadable(path: directory.path, reason: "not a regular file")) {
            try Keyring.load(path: directory.path)
        }
    }

    /// Malformed keyrings, each with a value that must never be echoed.
    static let malformed: [(json: String, reason: String)] = [
        ("", "not valid JSON"),
        (#"{"auditSalt":"LEAK-1","auditKey":"LEAK-2""#, "not valid JSON"),
        (#"["LEAK-1"]"#, "the top level is not a JSON object"),
        (#"{"auditKey":"LEAK-2","secrets":{}}"#, "member \"auditSalt\" is missing"),
        (#"{"auditSalt":"","auditKey":"LEAK-2"}"#, "member \"auditSalt\" must be a non-empty string"),
        (#"{"auditSalt":"LEAK-1","auditKey":7}"#, "member \"auditKey\" must be a non-empty string"),
        (#"{"auditSalt":"LEAK-1","auditKey":"LEAK-2","secrets":["LEAK-3"]}"#, "member \"secrets\" must be an object"),
        (#"{"auditSalt":"LEAK-1","auditKey":"LEAK-2","secrets":{"sec-a":"LEAK-3"}}"#,
         "secret \"sec-a\" must be an object of versions to values"),
        (#"{"auditSalt":"LEAK-1","auditKey":"LEAK-2","secrets":{"sec-a":{"01":"LEAK-3"}}}"#,
         "secret \"sec-a\" has a version that is not a positive integer"),
        (#"{"auditSalt":"LEAK-1","auditKey":"LEAK-2","secrets":{"sec-a":{"0":"LEAK-3"}}}"#,
         "secret \"sec-a\" has a version that is not a positive integer"),
        (#"{"auditSalt":"LEAK-1","auditKey":"LEAK-2","secrets":{"sec-a":{"v1":"LEAK-3"}}}"#,
         "secret \"sec-a\" has a version that is not a positive integer"),
        (#"{"auditSalt":"LEAK-1","auditKey":"LEAK-2","secrets":{"sec-a":{"1":["LEAK-3"]}}}"#,
         "secret \"sec-a\" version 1 must be a non-empty string"),
        (#"{"auditSalt":"LEAK-1","auditKey":"LEAK-2","secrets":{"sec-a":{"1":""}}}"#,
         "secret \"sec-a\" version 1 must be a non-empty string"),
        (#"{"auditSalt":"LEAK-1","auditKey":"LEAK-2","secrets":{"":{"1":"LEAK-3"}}}"#, "a secretId in \"secrets\" is empty"),
    ]

    @Test(arguments: malformed.indices)
    func malformedKeyringsAreRefusedWithoutEchoingValues(index: Int) throws {
        let (json, reason) = Self.malformed[index]
        let scratch = try Scratch(contents: json)
        do {
            _ = try Keyring.load(path: scratch.path)
            Issue.record("a malformed keyring loaded")
        } catch {
            guard case .malformed(let path, let message) = error else {
                Issue.record("expected .malformed, got \(error)")
                return
            }
            #expect(path == scratch.path)
            #expect(message.hasPrefix(reason))
            #expect(!error.description.contains("LEAK"))
            #expect(error.description.hasPrefix("keyring \(scratch.path) is malformed: "))
        }
    }

    @Test func aKeyringWithoutSecretsStillServesFingerprints() throws {
        let scratch = try Scratch(contents: #"{"auditSalt":"s","auditKey":"k","comment":"ignored"}"#)
        let keyring = try Keyring.load(path: scratch.path)
        #expect(keyring.secrets.isEmpty)
    }

    @Test func descriptionAndReflectionNeverShowValues() throws {
        let scratch = try Scratch(contents: Self.minimal)
        let keyring = try Keyring.load(path: scratch.path)
        var dumped = ""
        dump(keyring, to: &dumped)
        for text in [keyring.description, String(reflecting: keyring), "\(keyring)", dumped] {
            for secret in ["salt-one", "key-one", "alpha-value", "beta-value"] {
                #expect(!text.contains(secret))
            }
        }
        #expect(keyring.description == "Keyring(1 secret, 2 versions, values hidden)")
        #expect(dumped.contains("sec-a"))
    }

    @Test func savingWritesAPrivateFileThatLoadsBack() throws {
        let directory = try CryptoFixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("saved.keyring.json").path
        let original = Keyring(
            auditSalt: Array("salt \"quoted\" é".utf8), auditKey: Array("key\\with\nnewline".utf8),
            secrets: ["sec-b": [2: Array("two".utf8), 1: Array("one".utf8)], "sec-a": [1: Array("alpha".utf8)]])

        let previous = umask(0o022)
        defer { umask(previous) }
        try original.save(to: path)

        var status = stat()
        try #require(stat(path, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)
        let loaded = try Keyring.load(path: path)
        #expect(loaded.fingerprint(of: [1]) == original.fingerprint(of: [1]))
        #expect(loaded.checkpointMAC(seq: 1, hash: "h") == original.checkpointMAC(seq: 1, hash: "h"))
        #expect(loaded.secrets.mapValues { $0.mapValues { SHA256.hash($0) } }
            == original.secrets.mapValues { $0.mapValues { SHA256.hash($0) } })
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(leftovers == ["saved.keyring.json"])
    }

    @Test func savingReplacesAnOpenFileWithAPrivateOne() throws {
        let scratch = try Scratch(contents: "{}", mode: 0o644)
        try Keyring(auditSalt: [0x73], auditKey: [0x6b]).save(to: scratch.path)
        var status = stat()
        try #require(stat(scratch.path, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)
        #expect(throws: Never.self) { try Keyring.load(path: scratch.path) }
    }

    @Test func savingIntoAMissingDirectoryFailsCleanly() {
        let path = "/nonexistent-\(UUID().uuidString)/keyring.json"
        #expect {
            try Keyring(auditSalt: [1], auditKey: [2]).save(to: path)
        } throws: { error in
            guard let error = error as? KeyringError, case .unwritable(let where_, _) = error else { return false }
            return where_ == path
        }
    }

    @Test func valuesThatAreNotUTF8CannotBeSaved() {
        let keyring = Keyring(auditSalt: [0xff, 0xfe], auditKey: [1])
        #expect(throws: KeyringError.unwritable(path: "/tmp/x", reason: "the audit salt is not valid UTF-8")) {
            try keyring.serialized(path: "/tmp/x")
        }
    }
}
