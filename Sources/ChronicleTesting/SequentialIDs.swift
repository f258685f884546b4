/// Ids `<prefix>1`, `<prefix>2`, …: deterministic ids for the services and
/// the in-memory log, so a test can name the `tokenId` it expects.
///
/// ```swift
/// let ids = SequentialIDs(prefix: "tok-")
/// let issuer = TokenIssuer(log: log, keyring: keyring, clock: { now }, makeID: ids.next)
/// ```
public final class SequentialIDs {
    public let prefix: String
    private var count = 0

    public init(prefix: String) { self.prefix = prefix }

    /// The next id.
    public func next() -> String {
        count += 1
        return prefix + String(count)
    }
}
