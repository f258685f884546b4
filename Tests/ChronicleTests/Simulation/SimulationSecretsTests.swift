import Foundation
import Testing
@testable import Chronicle

/// The log gets fingerprints and hints; the values stay in the keyring.
@Suite struct SimulationSecretsTests {
    let log = SimulatedLog.shared

    @Test func theKeyringIsReadableByItsOwnerOnly() throws {
        _ = try #require(log.summary)
        var status = stat()
        #expect(stat(log.keyringPath, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)
        #expect(!log.keyringPath.hasPrefix(log.directory.path + "/"), "the keyring must not be inside the log directory")
    }

    @Test func noKeyringValueAppearsInTheLogInAnyEncoding() throws {
        _ = try #require(log.summary)
        let keyring = try Keyring.load(path: log.keyringPath)
        let bytes = log.files().values.flatMap { $0 }
        var values = [keyring.auditSalt, keyring.auditKey]
        for versions in keyring.secrets.values { values += versions.values }
        #expect(values.count >= 12)
        for value in values {
            for form in [value, Array(Base64.encode(value).utf8), Array(Base64URL.encode(value).utf8),
                         Array(Hex.encode(value).utf8)] {
                #expect(!contains(bytes, form), "a keyring value appears in the log")
            }
        }
    }

    @Test func everySecretEventCarriesTheFingerprintAndHintOfItsValue() throws {
        let keyring = try Keyring.load(path: log.keyringPath)
        var checked = 0
        for event in try log.events() {
            let disclosed: (secretId: String, version: Int64, fingerprint: String, hint: String)
            switch try EventPayload.decode(type: event.type, data: event.data) {
            case .secretCreated(let created):
                disclosed = (created.secretId, created.version, created.fingerprint, created.hint)
            case .secretRotated(let rotated):
                disclosed = (rotated.secretId, rotated.version, rotated.fingerprint, rotated.hint)
            default:
                continue
            }
            let value = try #require(keyring.secret(disclosed.secretId, version: Int(disclosed.version)))
            #expect(disclosed.fingerprint == keyring.fingerprint(of: value))
            #expect(disclosed.hint == String(decoding: value.suffix(3), as: UTF8.self))
            checked += 1
        }
        #expect(checked == 10, "7 secrets created and 3 rotations")
    }

    @Test func everyIssuedTokenIsAnHS256TokenSignedWithTheKeyring() throws {
        let keyring = try Keyring.load(path: log.keyringPath)
        var issued = 0
        for event in try log.events() where event.type == EventType.tokenIssued.rawValue {
            guard case .tokenIssued(let token) = try EventPayload.decode(type: event.type, data: event.data) else { continue }
            let kid = try #require(SigningKeyID(token.kid))
            let key = try #require(keyring.secret(kid.secretId, version: Int(kid.version)))
            let jwt = JWT.sign(kid: token.kid, claims: token.claims, key: key)
            #expect(JWT.tokenHash(jwt) == token.tokenHash)
            issued += 1
        }
        #expect(issued > 100)
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        let first = needle[0]
        var index = 0
        while let start = haystack[index...].firstIndex(of: first) {
            if start + needle.count > haystack.count { return false }
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
            index = start + 1
        }
        return false
    }
}
