import Testing
@testable import Chronicle

/// The string scans (sixteen bytes at a time, then eight, then one) must
/// stop exactly where a byte-by-byte scan stops, wherever the byte falls.
@Suite struct ByteScanTests {
    static let alphabet: [UInt8] = [0x00, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xC3, 0xA9, 0xFF, 0x61]

    /// Random byte strings of 0 to 69 bytes, mostly plain letters, each scanned from every start up to 3.
    static func cases(seed: UInt64, _ check: (_ bytes: [UInt8], _ start: Int) -> Void) {
        var generator = CryptoFixtures.SeededGenerator(seed: seed)
        for _ in 0..<20_000 {
            let count = Int.random(in: 0..<70, using: &generator)
            let rare = Int.random(in: 2..<40, using: &generator)
            let bytes = (0..<count).map { _ -> UInt8 in
                Int.random(in: 0..<rare, using: &generator) == 0
                    ? alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] : UInt8(ascii: "k")
            }
            for start in 0...min(3, count) { check(bytes, start) }
        }
    }

    static func scan(_ bytes: [UInt8], from start: Int, _ find: (UnsafeRawPointer, Int, Int) -> Int) -> Int {
        bytes.withUnsafeBytes { find($0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, start, bytes.count) }
    }

    @Test func findsTheFirstSpecialByteAsAByteScanDoes() {
        Self.cases(seed: 3) { bytes, start in
            let expected = bytes[start...].firstIndex {
                $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 || $0 >= 0x80
            } ?? bytes.count
            let found = Self.scan(bytes, from: start) { JSONParser.firstSpecialByte($0, from: $1, end: $2) }
            #expect(found == expected, "\(bytes) from \(start)")
        }
    }

    @Test func findsTheFirstByteToEscapeAsAByteScanDoes() {
        Self.cases(seed: 5) { bytes, start in
            let expected = bytes[start...].firstIndex { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
                ?? bytes.count
            let found = Self.scan(bytes, from: start) { JSONParser.firstEscapedByte($0, from: $1, end: $2) }
            #expect(found == expected, "\(bytes) from \(start)")
        }
    }
}
