import Foundation
import Testing
@testable import Chronicle

/// A writer keeps its last segment open between batches and checks it once
/// each time it takes the lock: between two of its appends the segment may
/// be appended to by another writer, or replaced by another file.
@Suite struct OpenSegmentTests {
    @Test func anAppendAfterAnotherWritersAppendsContinuesTheChainInTheSameFile() throws {
        let scratch = try TemporaryDirectory()
        let log = LogDirectory(path: scratch.file("log"))
        let first = try LogWriter(directory: log, follower: AcceptingFollower())
        let second = try LogWriter(directory: log, follower: AcceptingFollower())
        _ = try first.append([LogFixtures.draft(1)], now: LogFixtures.start)
        _ = try second.append([LogFixtures.draft(2), LogFixtures.draft(3)], now: LogFixtures.start)
        _ = try first.append([LogFixtures.draft(4)], now: LogFixtures.start)
        let verification = ChainVerifier.verify(log)
        #expect(verification.isValid)
        #expect(verification.events == 4)
        #expect(first.head?.seq == 4)
    }

    @Test func anAppendAfterTheSegmentWasReplacedWritesToTheNewFile() throws {
        let scratch = try TemporaryDirectory()
        let log = LogDirectory(path: scratch.file("log"))
        let writer = try LogWriter(directory: log, follower: AcceptingFollower())
        _ = try writer.append([LogFixtures.draft(1), LogFixtures.draft(2)], now: LogFixtures.start)
        // The same bytes under a new inode, as a backup restored over the log would leave them.
        let name = try #require(try log.segmentNames().first)
        let path = log.file(name), copy = scratch.file("copy")
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        #expect(rename(copy, path) == 0)
        _ = try writer.append([LogFixtures.draft(3)], now: LogFixtures.start)
        let verification = ChainVerifier.verify(log)
        #expect(verification.isValid)
        #expect(verification.events == 3, "the third event is in the file the segment's name now gives")
    }

    @Test func batchesUnderOneHoldOfTheLockKeepCountingTheFileSize() throws {
        let scratch = try TemporaryDirectory()
        let log = LogDirectory(path: scratch.file("log"))
        let writer = try LogWriter(directory: log, follower: AcceptingFollower())
        let outcome = writer.append((1...50).map { LogFixtures.draft($0) }, batchSize: 1, now: LogFixtures.start)
        #expect(outcome.failure == nil)
        #expect(outcome.appended == 50)
        let verification = ChainVerifier.verify(log)
        #expect(verification.isValid)
        #expect(verification.events == 50)
    }
}
