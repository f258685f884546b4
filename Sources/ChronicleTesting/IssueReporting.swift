import Testing
import XCTest

/// Where the test kit's thin wrappers send a failure: to Swift Testing as
/// an issue at the caller's source location when a Swift Testing test is
/// running, else to XCTest with `XCTFail(_:file:line:)`.
///
/// The wrappers take `fileID`, `filePath`, `line` and `column` defaulted to
/// the caller's (`#fileID`, `#filePath`, `#line`, `#column`), which both
/// frameworks can use: XCTest needs a `StaticString` file path, Swift
/// Testing a `SourceLocation`.
package enum IssueReporting {
    package static func report(
        _ message: String, fileID: StaticString, filePath: StaticString, line: UInt, column: UInt
    ) {
        if Test.current != nil {
            let location = SourceLocation(fileID: "\(fileID)", filePath: "\(filePath)", line: Int(line), column: Int(column))
            Issue.record(Comment(rawValue: message), sourceLocation: location)
        } else {
            XCTFail(message, file: filePath, line: line)
        }
    }
}
