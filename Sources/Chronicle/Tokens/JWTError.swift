/// Why a string could not be decoded as a JWT.
///
/// Descriptions say what is wrong and where, never what the token or any
/// key holds: a token is a bearer credential and must not reach a log or a
/// terminal through an error message.
public enum JWTError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A part of a compact JWS: `header.payload.signature`.
    public enum Part: String, Sendable, Equatable {
        case header, payload, signature
    }

    /// The token is longer than ``JWT/maximumTokenLength`` bytes.
    case tooLong(length: Int, limit: Int)
    /// The token does not have exactly three `.`-separated parts.
    case wrongPartCount(Int)
    /// A part is not strict unpadded base64url.
    case invalidBase64URL(Part)
    /// A part is not valid JSON; `offset` is the 0-based byte offset in the decoded part.
    case invalidJSON(Part, offset: Int)
    /// A part is JSON but not an object.
    case notAnObject(Part)
    /// A part nests arrays and objects deeper than ``JWT/maximumDepth``.
    case tooDeep(Part, limit: Int)

    public var description: String {
        switch self {
        case let .tooLong(length, limit):
            return "JWT is \(length) bytes long, more than the \(limit) accepted"
        case let .wrongPartCount(count):
            return "JWT must be three base64url parts separated by '.', found \(count) part\(count == 1 ? "" : "s")"
        case let .invalidBase64URL(part):
            return "JWT \(part.rawValue) is not unpadded base64url"
        case let .invalidJSON(part, offset):
            return "JWT \(part.rawValue) is not valid JSON (at byte \(offset + 1) of the decoded \(part.rawValue))"
        case let .notAnObject(part):
            return "JWT \(part.rawValue) is not a JSON object"
        case let .tooDeep(part, limit):
            return "JWT \(part.rawValue) nests deeper than \(limit) levels"
        }
    }
}
