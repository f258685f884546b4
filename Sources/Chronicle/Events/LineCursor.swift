#if canImport(Glibc)
import Glibc
#endif

/// A position moving forward through the bytes of a line, for the scanners
/// that read lines laid out exactly as writers write them
/// (``RawEnvelope/scanCanonical(_:dataTape:shortcut:)`` and ``EnvelopePrefix``):
/// fixed member names, then values, in SPEC order.
struct LineCursor {
    let base: UnsafeRawPointer
    let end: Int
    var position = 0

    init?(_ line: UnsafeRawBufferPointer) {
        guard let base = line.baseAddress else { return nil }
        self.base = base
        end = line.count
    }

    /// The byte at the position, if any.
    @inline(__always) var next: UInt8? {
        position < end ? base.load(fromByteOffset: position, as: UInt8.self) : nil
    }

    /// Whether `text` comes next; if so, moves past it.
    @inline(__always) mutating func consume(_ text: StaticString) -> Bool {
        let length = text.utf8CodeUnitCount
        guard position + length <= end, memcmp(base + position, text.utf8Start, length) == 0 else { return false }
        position += length
        return true
    }

    /// Moves past the string value that comes next, validated as the parser
    /// validates strings (``JSONParser/validateStringBody(_:from:end:)``).
    /// - Returns: where its characters are; nil (not moved) when no valid string comes next.
    @inline(__always) mutating func string() -> RawEnvelope.Text? {
        guard next == UInt8(ascii: "\"") else { return nil }
        let start = position + 1
        guard let (close, hasEscapes) = JSONParser.validateStringBody(base, from: start, end: end) else { return nil }
        position = close + 1
        return RawEnvelope.Text(start: start, end: close, hasEscapes: hasEscapes)
    }

    /// Moves past up to `maximum` decimal digits.
    /// - Returns: their value (wrapping past `Int64`) and how many there were.
    @inline(__always) mutating func digits(maximum: Int) -> (value: Int64, count: Int) {
        let start = position
        var value: Int64 = 0
        while position < end, position - start < maximum,
              case let digit = base.load(fromByteOffset: position, as: UInt8.self) &- UInt8(ascii: "0"), digit < 10 {
            value = value &* 10 &+ Int64(digit)
            position += 1
        }
        return (value, position - start)
    }
}
