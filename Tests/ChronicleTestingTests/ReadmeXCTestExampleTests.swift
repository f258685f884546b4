import Chronicle
import ChronicleTesting
import XCTest

final class RevocationXCTests: XCTestCase {
    func testRevokingAKeyIsRecorded() throws {
        let scenario = LogScenario()
        try scenario.given([.secretCreated(id: "key-1")])

        scenario
            .when { try $0.log.append([.secretRevoked(id: "key-1", reason: "leaked")], now: $0.now) }
            .then([.secretRevoked(id: "key-1", reason: "leaked")])

        expectEvents(scenario.log.events, [.secretCreated(id: "key-1"), .secretRevoked(id: "key-1", reason: "leaked")])
    }
}
