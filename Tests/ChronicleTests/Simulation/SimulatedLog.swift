import Foundation
import Testing
@testable import Chronicle

/// One small simulated log shared by the simulation tests: a single day of
/// 2,500 events, so every story falls on that day.
struct SimulatedLog: Sendable {
    static let day = Timestamp(milliseconds: 1_795_219_200_000)  // 2026-11-21T00:00:00Z
    static let events = 2_500
    static let seed: UInt64 = 2026

    let directory: LogDirectory
    let keyringPath: String
    let summary: Simulation.Summary?
    let failure: String?

    /// Writes a fresh log with the standard plan (or `seed`) into a new temporary directory.
    init(seed: UInt64 = SimulatedLog.seed, days: Int = 1, events: Int = SimulatedLog.events) {
        let path = NSTemporaryDirectory() + "chronicle-simulation-\(getpid())-\(UUID().uuidString)/contoso"
        directory = LogDirectory(path: path)
        keyringPath = path + ".keyring.json"
        do {
            let plan = try Simulation(organisation: "contoso", firstDay: Self.day, days: days, events: events, seed: seed)
            summary = try plan.write(to: directory, keyringPath: keyringPath)
            failure = nil
        } catch {
            summary = nil
            failure = error.description
        }
    }

    /// Removes the log and its keyring (the temporary directory holding both).
    func remove() {
        let parent = (directory.path as NSString).deletingLastPathComponent
        try? FileManager.default.removeItem(atPath: parent)
    }

    /// The standard log, written once per test process.
    static let shared = SimulatedLog()

    /// Every file of the log directory (segments, checkpoints) by name.
    func files() -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] where name != ".lock" {
            files[name] = FileManager.default.contents(atPath: directory.file(name)).map(Array.init) ?? []
        }
        return files
    }

    /// All segment bytes, in order.
    func logBytes() -> [UInt8] {
        let names = ((try? directory.segmentNames()) ?? [])
        return names.flatMap { FileManager.default.contents(atPath: directory.file($0)).map(Array.init) ?? [] }
    }

    /// Every event, in log order.
    func events() throws -> [Event] {
        var events: [Event] = []
        _ = try Chronicle.LogReader(directory: directory).forEachEvent { event in
            events.append(event)
            return true
        }
        return events
    }
}
