#if canImport(Glibc)
import Glibc
#endif

/// What one thread remembers of the access decisions it read: the request
/// and token of each (as the bytes they were written in, and what they
/// read as), and the outcomes. Most decisions present a token that earlier
/// decisions presented with the same request, and record one of a few
/// outcomes; such a decision's `data` is then checked by comparing bytes,
/// neither validated again nor read again.
///
/// Equal bytes at the same place of a line validate and read the same: the
/// memo only ever answers for `data` laid out exactly as writers write a
/// decision, `{"decisionId":"…","request":{…},"token":{…},"outcome":{…},"policy":"…"}`,
/// whose request, token and outcome are byte for byte ones that were read
/// the long way (validated into the tape, read by
/// ``RecordedDecision/init(plainlyRecorded:at:)``) before. Anything else
/// falls back to that long way, which then teaches the memo.
final class DecisionMemo {
    /// What ``readData(type:rest:)`` read last (taken by ``takeRead()``).
    private var lastRead: Read?
    /// Whether any decision was remembered: until one is, every lookup
    /// fails, so none is made (the lines before the replay window, and a
    /// window that holds no decision, then skip the lookup altogether).
    private var remembersAny = false

    /// A decision read from remembered parts.
    struct Read {
        var template: DecisionQuery.Template
        var outcome: RecordedDecision.Outcome
        var underCurrentPolicy: Bool
    }

    /// Requests and tokens (one span of bytes), by the hash of their first
    /// 192 bytes: the request and then the token's `tokenId`.
    private let parts = Table<DecisionQuery.Template>(bits: 13, keyLength: 192, keyEndsAtBrace: false)
    /// Outcomes, by the hash of their bytes up to the first `}` (their own,
    /// unless a string holds one), so that the policy after them does not count.
    private let outcomes = Table<RecordedDecision.Outcome>(bits: 6, keyLength: 96, keyEndsAtBrace: true)

    /// Reads a decision's `data` from remembered parts.
    /// - Parameter rest: the line from `data`'s first byte to its end.
    /// - Returns: the length of `data` and what it reads as; nil when
    ///   `data` is not laid out as writers write it or holds a part not
    ///   remembered.
    func read(_ rest: UnsafeRawBufferPointer) -> (length: Int, read: Read)? {
        guard remembersAny, var cursor = LineCursor(rest), Self.consumeHead(&cursor),
              let template = parts.lookUp(at: &cursor),
              cursor.consume(#","outcome":"#),
              let outcome = outcomes.lookUp(at: &cursor),
              let policy = Self.consumeTail(&cursor)
        else { return nil }
        let underCurrentPolicy = RawEnvelope.equals(policy.bytes(in: rest), DecisionRules.policyVersionLiteral)
        return (cursor.position, Read(template: template, outcome: outcome, underCurrentPolicy: underCurrentPolicy))
    }

    /// Remembers the parts of a decision read the long way, when its `data`
    /// is laid out as ``read(_:)`` reads it.
    /// - Parameters:
    ///   - rest: the line from `data`'s first byte to its end.
    ///   - dataLength: the length of `data`.
    ///   - request: where the request's value is in `rest` (the token follows it).
    ///   - token: where the token's value is.
    ///   - outcome: where the outcome's value is.
    ///   - decision: what the long way read.
    func remember(
        _ rest: UnsafeRawBufferPointer, dataLength: Int, request: Range<Int>, token: Range<Int>, outcome: Range<Int>,
        decision: RecordedDecision
    ) {
        guard case .decoded = decision.outcome,
              var cursor = LineCursor(rest), Self.consumeHead(&cursor), cursor.position == request.lowerBound
        else { return }
        cursor.position = request.upperBound
        guard cursor.consume(#","token":"#), cursor.position == token.lowerBound else { return }
        cursor.position = token.upperBound
        guard cursor.consume(#","outcome":"#), cursor.position == outcome.lowerBound else { return }
        cursor.position = outcome.upperBound
        guard Self.consumeTail(&cursor) != nil, cursor.position == dataLength else { return }
        parts.store(decision.template, for: request.lowerBound..<token.upperBound, of: rest)
        outcomes.store(decision.outcome, for: outcome, of: rest)
        remembersAny = true
    }

    /// Values by the bytes they were read from, one per slot (a newer
    /// value whose key hashes to the same slot replaces the older).
    private final class Table<Value> {
        private struct Slot {
            var bytes: UnsafeMutableRawBufferPointer
            var value: Value
        }

        private let slots: UnsafeMutablePointer<Slot?>
        private let bits: Int
        /// How many bytes from a value's start key its slot, at most.
        private let keyLength: Int
        /// Whether the key ends at the first `}`.
        private let keyEndsAtBrace: Bool

        init(bits: Int, keyLength: Int, keyEndsAtBrace: Bool) {
            self.bits = bits
            self.keyLength = keyLength
            self.keyEndsAtBrace = keyEndsAtBrace
            slots = .allocate(capacity: 1 << bits)
            slots.initialize(repeating: nil, count: 1 << bits)
        }

        deinit {
            for index in 0..<(1 << bits) { slots[index]?.bytes.deallocate() }
            slots.deinitialize(count: 1 << bits)
            slots.deallocate()
        }

        /// The value remembered for the bytes at the cursor, which then moves past them.
        func lookUp(at cursor: inout LineCursor) -> Value? {
            let available = cursor.end - cursor.position
            let bytes = UnsafeRawBufferPointer(start: cursor.base + cursor.position, count: available)
            guard let slot = slots[slotIndex(of: key(bytes))], slot.bytes.count <= available,
                  memcmp(bytes.baseAddress!, slot.bytes.baseAddress!, slot.bytes.count) == 0
            else { return nil }
            cursor.position += slot.bytes.count
            return slot.value
        }

        /// Remembers `value` for the bytes `range` of `rest` (keyed by the bytes from its start on).
        func store(_ value: Value, for range: Range<Int>, of rest: UnsafeRawBufferPointer) {
            let index = slotIndex(of: key(UnsafeRawBufferPointer(rebasing: rest[range.lowerBound...])))
            let source = UnsafeRawBufferPointer(rebasing: rest[range])
            if let held = slots[index]?.bytes, held.count == source.count,
               memcmp(held.baseAddress!, source.baseAddress!, source.count) == 0 {
                return  // the same bytes read the same: nothing to learn (most outcomes are few and already held)
            }
            slots[index]?.bytes.deallocate()
            let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: range.count, alignment: 8)
            bytes.copyMemory(from: source)
            slots[index] = Slot(bytes: bytes, value: value)
        }

        /// The bytes that key the slot of a value starting at `bytes`.
        private func key(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
            var length = min(keyLength, bytes.count)
            if keyEndsAtBrace, length > 0, let close = memchr(bytes.baseAddress!, Int32(UInt8(ascii: "}")), length) {
                length = bytes.baseAddress!.distance(to: UnsafeRawPointer(close)) + 1
            }
            return UnsafeRawBufferPointer(rebasing: bytes[..<length])
        }

        /// A slot for `key`: a multiplicative hash of its 8-byte words.
        private func slotIndex(of key: UnsafeRawBufferPointer) -> Int {
            var hash = UInt64(key.count)
            var offset = 0
            while offset + 8 <= key.count {
                hash = (hash ^ key.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
                hash ^= hash >> 29
                offset += 8
            }
            while offset < key.count {
                hash = (hash ^ UInt64(key[offset])) &* 0x9E37_79B9_7F4A_7C15
                offset += 1
            }
            return Int(truncatingIfNeeded: hash >> UInt64(64 - bits))
        }
    }

    /// Moves past `{"decisionId":"…","request":`, the decision id validated as a string.
    private static func consumeHead(_ cursor: inout LineCursor) -> Bool {
        cursor.consume(#"{"decisionId":"#) && cursor.string() != nil && cursor.consume(#","request":"#)
    }

    /// Moves past `,"policy":"…"}` (a policy without escapes).
    /// - Returns: where the policy's characters are.
    private static func consumeTail(_ cursor: inout LineCursor) -> RawEnvelope.Text? {
        guard cursor.consume(#","policy":"#), let policy = cursor.string(), !policy.hasEscapes, cursor.consume("}")
        else { return nil }
        return policy
    }
}

extension DecisionMemo: DataShortcut {
    /// Reads an `access.decided` line's `data` from remembered parts (``read(_:)``);
    /// ``takeRead()`` then hands out what it read.
    func readData(type: UnsafeRawBufferPointer, rest: UnsafeRawBufferPointer) -> Int? {
        lastRead = nil
        guard RawEnvelope.equals(type, "access.decided"), let (length, read) = read(rest) else { return nil }
        lastRead = read
        return length
    }

    /// What ``readData(type:rest:)`` read last, once.
    func takeRead() -> Read? {
        defer { lastRead = nil }
        return lastRead
    }
}
