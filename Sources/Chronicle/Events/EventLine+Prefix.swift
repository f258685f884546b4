extension EventLine {
    /// Writes the members of a sealed line before `data` — `{"specversion":…,
    /// "id":…, … ,"prevhash":…,"data":` — into `buffer` with plain stores,
    /// as ``seal(_:into:times:writeData:)`` would append them one by one.
    ///
    /// It takes the common case only: every string of the envelope free of
    /// bytes that need an escape (quotes, backslashes, control characters)
    /// and the whole prefix fitting in `buffer`. Otherwise it returns nil and
    /// the caller appends member by member, escaping as it goes.
    ///
    /// - Returns: the number of bytes written.
    static func writePrefix(
        _ envelope: Envelope, times: inout TimeText, into buffer: UnsafeMutableRawBufferPointer
    ) -> Int? {
        var writer = PrefixWriter(buffer)
        writer.put("{\"specversion\":\"")
        guard writer.put(plain: envelope.specversion) else { return nil }
        writer.put("\",\"id\":\"")
        switch envelope.id {
        case .text(let text): guard writer.put(plain: text) else { return nil }
        case .uuid(let uuid): guard uuid.withBytes({ writer.put($0) }) else { return nil }
        }
        writer.put("\",\"source\":\"")
        guard writer.put(plain: envelope.source) else { return nil }
        writer.put("\",\"type\":\"")
        guard writer.put(plain: envelope.type) else { return nil }
        writer.put("\",\"time\":\"")
        guard times.withText(of: envelope.time, { writer.put($0) }) else { return nil }
        writer.put("\",\"subject\":\"")
        guard writer.put(plain: envelope.subject) else { return nil }
        writer.put("\",\"seq\":")
        guard writer.put(decimal: envelope.seq) else { return nil }
        writer.put(",\"prevhash\":\"")
        switch envelope.prevhash {
        case .digest(let digest):
            guard writer.reserve(64) else { return nil }
            digest.writeHex(into: UnsafeMutableRawBufferPointer(start: writer.position, count: 64))
            writer.advance(64)
        case .text(let text):
            guard writer.put(plain: text) else { return nil }
        }
        writer.put("\",\"data\":")
        return writer.failed ? nil : writer.count
    }

    /// Plain stores into a fixed buffer; a store that does not fit marks
    /// the writer failed (and later stores do nothing).
    private struct PrefixWriter {
        let start: UnsafeMutableRawPointer
        let end: UnsafeMutableRawPointer
        private(set) var position: UnsafeMutableRawPointer
        private(set) var failed = false

        init(_ buffer: UnsafeMutableRawBufferPointer) {
            start = buffer.baseAddress!
            end = start + buffer.count
            position = start
        }

        var count: Int { start.distance(to: position) }

        @inline(__always) mutating func reserve(_ count: Int) -> Bool {
            if failed || position.distance(to: end) < count { failed = true }
            return !failed
        }

        @inline(__always) mutating func advance(_ count: Int) { position += count }

        @inline(__always) mutating func put(_ text: StaticString) {
            guard reserve(text.utf8CodeUnitCount) else { return }
            position.copyMemory(from: text.utf8Start, byteCount: text.utf8CodeUnitCount)
            position += text.utf8CodeUnitCount
        }

        @inline(__always) mutating func put(_ bytes: UnsafeRawBufferPointer) -> Bool {
            guard reserve(bytes.count) else { return false }
            if let base = bytes.baseAddress { position.copyMemory(from: base, byteCount: bytes.count) }
            position += bytes.count
            return true
        }

        /// The bytes of a string that needs no escape; false for one that does.
        @inline(__always) mutating func put(plain string: String) -> Bool {
            var string = string
            return string.withUTF8 { utf8 in
                let bytes = UnsafeRawBufferPointer(utf8)
                guard let base = bytes.baseAddress else { return true }
                guard JSONParser.firstEscapedByte(base, from: 0, end: bytes.count) == bytes.count else { return false }
                return put(bytes)
            }
        }

        /// A decimal integer, as ``JSONWriter/appendInteger(_:to:)`` writes it.
        @inline(__always) mutating func put(decimal value: Int64) -> Bool {
            guard value > 0 else {
                var out: [UInt8] = []
                JSONWriter.appendInteger(value, to: &out)
                return out.withUnsafeBytes { put($0) }
            }
            var digits = 0
            var rest = value
            while rest > 0 {
                digits += 1
                rest /= 10
            }
            guard reserve(digits) else { return false }
            rest = value
            for index in stride(from: digits - 1, through: 0, by: -1) {
                position.storeBytes(of: UInt8(truncatingIfNeeded: 48 + rest % 10), toByteOffset: index, as: UInt8.self)
                rest /= 10
            }
            position += digits
            return true
        }
    }
}
