/// The words after the command name, consumed by each command's parser.
///
/// Options are `--name value` or `--name=value`; a bare `--` ends options.
/// Whatever a command does not consume is an error (``finish()``), so a
/// misspelt option never passes silently.
public struct Arguments: Sendable {
    var words: [String]
    /// Words after `--`, always positional.
    var afterSeparator: [String] = []

    public init(_ words: [String]) {
        if let separator = words.firstIndex(of: "--") {
            self.words = Array(words[..<separator])
            self.afterSeparator = Array(words[(separator + 1)...])
        } else {
            self.words = words
        }
    }

    /// Whether `--help` or `-h` was given.
    public var wantsHelp: Bool { words.contains("--help") || words.contains("-h") }

    /// Takes the last value of `--name` (nil if absent).
    public mutating func option(_ name: String) throws(CommandError) -> String? {
        try options(name).last
    }

    /// Takes every value of a repeatable `--name`.
    public mutating func options(_ name: String) throws(CommandError) -> [String] {
        let flag = "--" + name
        var values: [String] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            if word == flag {
                guard index + 1 < words.count, !words[index + 1].hasPrefix("--") || words[index + 1] == "-" else {
                    throw .usage("option \(flag) needs a value", hint: "write \(flag) VALUE")
                }
                values.append(words[index + 1])
                words.removeSubrange(index...(index + 1))
            } else if word.hasPrefix(flag + "=") {
                values.append(String(word.dropFirst(flag.count + 1)))
                words.remove(at: index)
            } else {
                index += 1
            }
        }
        return values
    }

    /// Takes a boolean `--name`.
    public mutating func flag(_ name: String) -> Bool {
        let flag = "--" + name
        let before = words.count
        words.removeAll { $0 == flag }
        return words.count != before
    }

    /// Takes the first word when it is a subcommand name (does not start
    /// with `-`), as in `chronicle token issue …`.
    public mutating func subcommand() -> String? {
        guard let first = words.first, !first.hasPrefix("-") else { return nil }
        return words.removeFirst()
    }

    /// Takes the next positional word (not starting with `--`; `-` is positional).
    public mutating func positional() -> String? {
        if let index = words.firstIndex(where: { !$0.hasPrefix("-") || $0 == "-" }) {
            return words.remove(at: index)
        }
        return afterSeparator.isEmpty ? nil : afterSeparator.removeFirst()
    }

    /// Fails on anything left over: an unknown option or an extra word.
    public func finish(command: String) throws(CommandError) {
        if let word = words.first(where: { $0.hasPrefix("-") && $0 != "-" }) {
            throw .usage("unknown option \(word) for `\(command)`", hint: "see `chronicle \(command) --help`")
        }
        if let word = (words + afterSeparator).first {
            throw .usage("unexpected argument '\(word)' for `\(command)`", hint: "see `chronicle \(command) --help`")
        }
    }
}
