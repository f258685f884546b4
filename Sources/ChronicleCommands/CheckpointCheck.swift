import Chronicle
import Foundation

/// `verify --keyring`: checks `checkpoints.jsonl` against the log (SPEC §6).
///
/// Every line must parse as a checkpoint; then, in file order, each
/// checkpoint's MAC must be the keyring's (compared in constant time), its
/// `seq` must lie within the log (a `seq` past the end means the log lost
/// its tail), and the event at that `seq` must have that `hash`. The
/// checkpoint's `time` is not compared: the MAC does not cover it. The
/// first failure is reported as `chronicle: checkpoints.jsonl:<line>: <what>`
/// (exit 3). A log without `checkpoints.jsonl` has nothing to check (a warning).
enum CheckpointCheck {
    /// A checkpoint line, or why it does not parse.
    private struct Line {
        var number: Int
        var checkpoint: Result<Checkpoint, LineError>
    }

    /// Verifies the chain, capturing the hashes the checkpoints name, then checks the checkpoints.
    /// - Returns: the chain's verification, for the summary.
    static func verify(_ log: LogDirectory, keyring: Keyring, in context: CommandContext) throws(CommandError)
        -> ChainVerification
    {
        let lines = try read(log, in: context)
        let seqs = Set(lines.compactMap { try? $0.checkpoint.get().seq })
        let verification = ChainVerifier.verify(log, capturingHashesAt: seqs)
        if let failure = verification.failure {
            if failure.kind == .integrity { throw CommandError(.integrity, failure.description) }
            throw CommandError(failure)
        }
        for line in lines {
            if let problem = problem(with: line.checkpoint, keyring: keyring, verification: verification) {
                throw CommandError(.integrity, "\(LogDirectory.checkpointsFileName):\(line.number): \(problem)",
                                   hint: "the log was cut short or rewritten after the checkpoint, or the checkpoint does not belong to it")
            }
        }
        return verification
    }

    private static func read(_ log: LogDirectory, in context: CommandContext) throws(CommandError) -> [Line] {
        let path = log.file(LogDirectory.checkpointsFileName)
        guard FileManager.default.fileExists(atPath: path) else {
            context.warn("\(LogDirectory.checkpointsFileName) does not exist: there are no checkpoints to check")
            return []
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .usage("cannot read \(path)")
        }
        var pieces = Array(data).split(separator: 0x0A, omittingEmptySubsequences: false)
        if pieces.last?.isEmpty == true { pieces.removeLast() }
        return pieces.enumerated().map { index, bytes in
            let checkpoint: Result<Checkpoint, LineError>
            if bytes.isEmpty {
                checkpoint = .failure(LineError("empty line"))
            } else {
                do {
                    checkpoint = .success(try Checkpoint(line: Array(bytes)))
                } catch let error as LineError {
                    checkpoint = .failure(error)
                } catch {
                    checkpoint = .failure(LineError("\(error)"))
                }
            }
            return Line(number: index + 1, checkpoint: checkpoint)
        }
    }

    private static func problem(
        with parsed: Result<Checkpoint, LineError>, keyring: Keyring, verification: ChainVerification
    ) -> String? {
        let checkpoint: Checkpoint
        switch parsed {
        case .success(let value): checkpoint = value
        case .failure(let error): return error.reason
        }
        guard checkpoint.seq >= 1 else { return "seq \(checkpoint.seq) is not the seq of a line" }
        guard keyring.checkpointMACMatches(checkpoint.mac, seq: checkpoint.seq, hash: checkpoint.hash) else {
            return "the MAC does not match seq \(checkpoint.seq) and its hash (the checkpoint was altered, or the keyring is another log's)"
        }
        let headSeq = verification.head?.seq ?? 0
        guard checkpoint.seq <= headSeq else {
            return "checkpoint seq \(checkpoint.seq) lies past the end of the log (head seq \(headSeq)): truncated tail"
        }
        guard let hash = verification.capturedHashes[checkpoint.seq] else {
            return "the log has no line with seq \(checkpoint.seq)"
        }
        guard hash == checkpoint.hash else {
            return "the event at seq \(checkpoint.seq) has hash \(hash), not the checkpoint's \(checkpoint.hash): the log was rewritten"
        }
        return nil
    }
}
