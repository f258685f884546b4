import Chronicle

/// Seed inputs for fuzzing, made from real log lines.
public enum FuzzSeeds {
    /// `append` input lines made from sealed log lines: `seq`, `prevhash`
    /// and `hash` removed, and, line by line in turn, also `time`, `id`,
    /// `source` and `specversion` (the members a writer fills in).
    public static func draftLines(fromSealedLines lines: [[UInt8]]) -> [[UInt8]] {
        lines.enumerated().compactMap { index, line in
            guard case .object(var object)? = try? JSONParser.parse(line) else { return nil }
            for member in ["seq", "prevhash", "hash"] { object[member] = nil }
            let optional = ["time", "id", "source", "specversion"]
            for (bit, member) in optional.enumerated() where index & (1 << bit) != 0 { object[member] = nil }
            return JSONWriter.serialize(.object(object))
        }
    }

    /// Batches of one to three `append` lines, joined by newlines.
    public static func batches(of lines: [[UInt8]]) -> [[UInt8]] {
        lines.indices.map { index in
            let size = index % 3 + 1
            return (0..<size).map { lines[(index + $0 * 7) % lines.count] }.joined(separator: [0x0A]).map { $0 }
        }
    }
}
