import Foundation
import Testing

@testable import Chronicle

/// FIPS 180-4 vectors, streaming and a differential check against `sha256sum`,
/// for both the SHA-NI engine and the Swift reference.
struct SHA256Tests {
    /// A message and its published digest.
    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var message: [UInt8]
        var digest: String
        var testDescription: String { name }
    }

    static let vectors: [Vector] = [
        Vector(name: "empty", message: [],
               digest: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        Vector(name: "abc", message: Array("abc".utf8),
               digest: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        Vector(name: "448 bits", message: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
               digest: "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        Vector(name: "896 bits",
               message: Array(("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                   + "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu").utf8),
               digest: "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
        Vector(name: "one million a", message: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000),
               digest: "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ]

    /// The engines to hold to the vectors: the reference always, SHA-NI when this CPU has it.
    static let engines: [SHA256.Engine] = SHA256.isHardwareAccelerated ? [.reference, .hardware] : [.reference]

    static func digest(of message: [UInt8], engine: SHA256.Engine) -> SHA256Digest {
        var hasher = SHA256(engine: engine)
        hasher.update(message)
        return hasher.finalize()
    }

    @Test(arguments: vectors, engines)
    func eachEngineMatchesTheFIPS180Examples(vector: Vector, engine: SHA256.Engine) {
        #expect(Self.digest(of: vector.message, engine: engine).hex == vector.digest)
    }

    @Test(arguments: vectors)
    func oneShotFunctionsMatchTheFIPS180Examples(vector: Vector) {
        #expect(SHA256.hash(vector.message).hex == vector.digest)
        #expect(SHA256.referenceHash(vector.message).hex == vector.digest)
        #expect(vector.message.withUnsafeBytes { SHA256.hash($0) }.hex == vector.digest)
        #expect(vector.message.withUnsafeBytes { SHA256.referenceHash($0) }.hex == vector.digest)
    }

    @Test func hashingAStringHashesItsUTF8Bytes() {
        #expect(SHA256.hash("abc") == SHA256.hash(Array("abc".utf8)))
        #expect(SHA256.hash("é") == SHA256.hash([0xc3, 0xa9]))
    }

    @Test func theSHAExtensionsAreUsedWhenTheCPUReportsThem() throws {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        guard !cpuinfo.isEmpty else { return }
        let flags = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") } ?? ""
        let reportsSHA = flags.split(separator: " ").contains("sha_ni")
        #expect(SHA256.isHardwareAccelerated == reportsSHA)
    }

    @Test(arguments: engines)
    func splittingTheInputAnywhereGivesTheSameDigest(engine: SHA256.Engine) {
        var random = CryptoFixtures.SeededGenerator(seed: 200)
        let message = random.bytes(count: 200)
        let expected = Self.digest(of: message, engine: engine)
        for split in 0...130 {
            var hasher = SHA256(engine: engine)
            hasher.update(Array(message[..<split]))
            hasher.update(Array(message[split...]))
            #expect(hasher.finalize() == expected, "split at \(split)")
        }
        for first in stride(from: 0, through: 130, by: 13) {
            for second in stride(from: first, through: 200, by: 17) {
                var hasher = SHA256(engine: engine)
                message.withUnsafeBytes { bytes in
                    hasher.update(UnsafeRawBufferPointer(rebasing: bytes[..<first]))
                    hasher.update(UnsafeRawBufferPointer(rebasing: bytes[first..<second]))
                    hasher.update(UnsafeRawBufferPointer(rebasing: bytes[second...]))
                }
                #expect(hasher.finalize() == expected, "splits at \(first) and \(second)")
            }
        }
    }

    @Test func everyLengthAroundTheBlockBoundariesAgreesBetweenEngines() {
        var random = CryptoFixtures.SeededGenerator(seed: 64)
        let message = random.bytes(count: 260)
        for length in 0...message.count {
            let prefix = Array(message[..<length])
            #expect(SHA256.hash(prefix) == SHA256.referenceHash(prefix), "length \(length)")
        }
    }

    @Test(.enabled(if: CryptoFixtures.isAvailable("sha256sum")))
    func randomInputsHashLikeSha256sum() throws {
        var random = CryptoFixtures.SeededGenerator(seed: 180_4)
        let directory = try CryptoFixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }

        var inputs: [(name: String, bytes: [UInt8])] = []
        for index in 0..<200 {
            let length = index < 3 ? [0, 1, 10_000][index] : Int.random(in: 0...10_000, using: &random)
            let name = "input-\(index)"
            let bytes = random.bytes(count: length)
            try Data(bytes).write(to: directory.appendingPathComponent(name))
            inputs.append((name, bytes))
        }

        let output = try CryptoFixtures.run(["sha256sum"] + inputs.map { directory.appendingPathComponent($0.name).path })
        var expected: [String: String] = [:]
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let path = parts[1].hasPrefix("*") ? parts[1].dropFirst() : parts[1]
            expected[String(path.split(separator: "/").last ?? "")] = String(parts[0])
        }
        #expect(expected.count == inputs.count)

        for input in inputs {
            let reference = try #require(expected[input.name], "sha256sum printed nothing for \(input.name)")
            #expect(SHA256.hash(input.bytes).hex == reference, "\(input.name), \(input.bytes.count) bytes")
            #expect(SHA256.referenceHash(input.bytes).hex == reference, "\(input.name), \(input.bytes.count) bytes")
        }
    }
}
