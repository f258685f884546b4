/// The process exit status (SPEC §8).
public struct ExitCode: RawRepresentable, Hashable, Sendable {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Everything is fine.
    public static let ok = ExitCode(rawValue: 0)
    /// A negative finding: a replay divergence, a rejected issuance, a denied access.
    public static let negativeFinding = ExitCode(rawValue: 1)
    /// Bad usage or bad input.
    public static let usage = ExitCode(rawValue: 2)
    /// The log failed an integrity check.
    public static let integrity = ExitCode(rawValue: 3)
}
