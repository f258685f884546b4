import Testing
@testable import ChronicleTesting

@Suite struct ChronicleTestingModuleTests {
    @Test func moduleLinks() {
        #expect(ChronicleTestingModule.name == "ChronicleTesting")
    }
}
