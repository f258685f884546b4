import ChronicleTesting
import Testing
@testable import Chronicle

/// The scan of lines as writers write them against the general envelope
/// scan it stands in for: it reads writers' lines, and whatever it accepts,
/// the general scan accepts with the same result.
@Suite struct RawEnvelopeCanonicalTests {
    /// The fields of an envelope, to compare two scans.
    private static func fields(_ envelope: RawEnvelope) -> [Int] {
        let texts = [envelope.specversion, envelope.id, envelope.source, envelope.type, envelope.time,
                     envelope.subject, envelope.prevhash, envelope.hash]
        return texts.flatMap { [$0.start, $0.end, $0.hasEscapes ? 1 : 0] }
            + [Int(envelope.seq), envelope.data.lowerBound, envelope.data.upperBound]
    }

    /// nil when the canonical scan gives up; else whether it agrees with the general scan.
    private static func agrees(_ line: [UInt8]) -> Bool? {
        line.withUnsafeBytes { bytes -> Bool? in
            let tape = JSONTape()
            guard let canonical = RawEnvelope.scanCanonical(bytes, dataTape: tape) else { return nil }
            guard let general = try? RawEnvelope.scan(bytes) else { return false }
            let data = UnsafeRawBufferPointer(rebasing: bytes[canonical.data])
            guard canonical.dataIndexed, let parsed = try? JSONParser.parse(data) else { return false }
            return fields(canonical) == fields(general) && tape.withRoot(data, { $0.json }) == parsed
        }
    }

    @Test func readsEveryConformanceLineAsTheGeneralScanDoes() {
        for organisation in ConformanceFiles.organisations {
            for line in ConformanceFiles.lines(of: organisation) {
                #expect(Self.agrees(line) == true)
            }
        }
    }

    @Test(arguments: [
        #"{"specversion":"1.0","id":"a","source":"s","type":"t","time":"x","subject":"s","seq":01,"prevhash":"p","data":{},"hash":"h"}"#,
        #"{"specversion":"1.0","id":"a","source":"s","type":"t","time":"x","subject":"s","seq":-1,"prevhash":"p","data":{},"hash":"h"}"#,
        #"{"specversion":"1.0","id":"a","source":"s","type":"t","time":"x","subject":"s","seq":1.0,"prevhash":"p","data":{},"hash":"h"}"#,
        #"{"specversion":"1.0","id":"a","source":"s","type":"t","time":"x","subject":"s","seq":1,"prevhash":"p","data":{},"hash":"h"} "#,
        #"{"specversion":"1.0","id":"a","source":"s","type":"t","time":"x","subject":"s","seq":1,"prevhash":"p","data":[],"hash":"h"}"#,
        #"{"specversion":"1.0","id":"a","source":"s","type":"t","time":"x","subject":"s","seq":1,"prevhash":"p","data":{"a":1,"a":2},"hash":"h"}"#,
        #"{"specversion":"1.0","id":"a\x","source":"s","type":"t","time":"x","subject":"s","seq":1,"prevhash":"p","data":{},"hash":"h"}"#,
        #"{"id":"a","specversion":"1.0","source":"s","type":"t","time":"x","subject":"s","seq":1,"prevhash":"p","data":{},"hash":"h"}"#,
        #"{"specversion":"1.0","id":"a","source":"s","type":"t","time":"x","subject":"s","seq":12345678901234567890,"prevhash":"p","data":{},"hash":"h"}"#,
    ])
    func leavesEverythingElseToTheGeneralScan(text: String) {
        #expect(Self.agrees(Array(text.utf8)) == nil)
    }

    @Test func acceptsEscapesAndNonASCIIInStringsAsTheGeneralScanDoes() {
        let line = #"{"specversion":"1.0","id":"a\u00e9\"","source":"/orgs/ü","type":"t","time":"x","subject":"s","seq":0,"prevhash":"p","data":{"k":"v"},"hash":"h"}"#
        #expect(Self.agrees(Array(line.utf8)) == true)
    }

    /// Mutated log lines: the canonical scan never accepts what the general scan rejects.
    @Test func neverAcceptsWhatTheGeneralScanRejects() {
        ConformanceFiles.fuzzLines("RawEnvelope.scanCanonical", salt: 0x3C) { input in
            switch Self.agrees(input) {
            case nil: return .rejected("gave up")
            case false?: return .violation("disagrees with the general scan")
            case true?: return .accepted
            }
        }
    }
}
