extension Array where Element == UInt8 {
    /// `withUnsafeBytes` that keeps the body's typed error (the standard one rethrows `any Error`).
    package func withTypedBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        var result: Result<R, E>?
        withUnsafeBytes { raw in result = Result { () throws(E) -> R in try body(raw) } }
        return try result!.get()
    }
}
