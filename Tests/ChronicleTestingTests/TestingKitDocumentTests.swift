import Foundation
import Testing

/// The README's section "Testing your code against
/// Chronicle" shows exactly the code of the example tests, which run.
@Suite struct TestingKitDocumentTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let document = directory.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("README.md")

    /// The contents of every ```swift block of the document.
    static func swiftBlocks() throws -> [String] {
        let text = try String(contentsOf: document, encoding: .utf8)
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```swift" {
                current = []
            } else if current != nil, line == "```" {
                blocks.append(current!.joined(separator: "\n") + "\n")
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    @Test(arguments: ["ReadmeExampleTests.swift", "ReadmeXCTestExampleTests.swift"])
    func showsTheCodeOfTheExampleThatRuns(_ file: String) throws {
        let code = try String(contentsOf: Self.directory.appendingPathComponent(file), encoding: .utf8)
        #expect(try Self.swiftBlocks().contains(code), "README.md must show \(file) exactly")
    }
}
