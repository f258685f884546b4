import Foundation

extension Timestamp {
    /// The system clock, truncated to milliseconds: the default clock of the
    /// live services (``TokenIssuer``, ``AccessChecker``). Rules, projections
    /// and replay never read it; they take their time as a parameter.
    public static func systemNow() -> Timestamp {
        Timestamp(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }
}
