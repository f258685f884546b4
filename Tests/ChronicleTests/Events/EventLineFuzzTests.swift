import ChronicleTesting
import Testing
@testable import Chronicle

/// Mutated log lines against `EventLine.decode`, as they are and resealed
/// (their hash recomputed, so the mutation reaches past the seal): no crash,
/// no hang, a reason for every rejection; what decodes re-encodes to the same
/// event; and whatever `verify`'s line scan accepts, readers can decode.
@Suite struct EventLineFuzzTests {
    /// The line with its `hash` digits recomputed, when it still ends like a sealed line.
    static func resealed(_ line: [UInt8]) -> [UInt8]? {
        let digits = line.withUnsafeBytes { try? EventLine.sealedDigestRange($0) }
        guard let digits else { return nil }
        var copy = line
        copy.replaceSubrange(digits, with: Array(SHA256.hash(Array(line[0..<(digits.lowerBound - 8)])).hex.utf8))
        return copy
    }

    static func check(_ line: [UInt8]) -> FuzzVerdict {
        // verify's path: scan the envelope without building data.
        let scanned: Bool = line.withUnsafeBytes { bytes in
            guard let raw = try? RawEnvelope.scan(bytes) else { return false }
            let time = raw.time.bytes(in: bytes)
            guard !raw.time.hasEscapes, Timestamp.parse(time) != nil, Timestamp.isCanonical(time) else { return false }
            return true
        }
        do {
            let event = try EventLine.decode(line)
            var encoded = Array(EventLine.encode(event).line.dropLast())
            let again = try EventLine.decode(encoded)
            encoded.removeAll()
            var expected = event
            expected.hash = again.hash
            guard again == expected else { return .violation("decode(encode(event)) differs") }
            return .accepted
        } catch {
            if scanned, line.withUnsafeBytes({ (try? EventLine.checkSeal($0)) != nil }) {
                return .violation("verify's scan accepts a sealed line that readers reject (\(error.reason))")
            }
            return .rejected(error.reason)
        }
    }

    @Test func survivesMutatedAndResealedLines() {
        ConformanceFiles.fuzzLines("EventLine.decode (as is and resealed)", salt: 0xE1) { input in
            let plain = Self.check(input)
            if case .violation = plain { return plain }
            guard let resealed = Self.resealed(input) else { return plain }
            return Self.check(resealed)
        }
    }
}
