import ChronicleTesting
import Testing
@testable import Chronicle

/// Mutated `append` input lines against `EventDraft(line:)`: no crash, no
/// hang, a reason for every rejection, and what it accepts has a type and
/// an object `data`.
@Suite struct EventDraftFuzzTests {
    @Test func survivesMutatedAppendLines() {
        let seeds = FuzzSeeds.draftLines(fromSealedLines: ConformanceFiles.allLines)
        #expect(!seeds.isEmpty)
        guard !seeds.isEmpty else { return }
        let budget = FuzzBudget.fromEnvironment()
        let report = FuzzCampaign.run(budget, seeds: seeds, salt: 0xD4) { input in
            do throws(LineError) {
                let draft = try EventDraft(line: input)
                guard !draft.type.isEmpty, case .object = draft.data else { return .violation("accepted a draft without type or object data") }
                return .accepted
            } catch {
                return .rejected(error.reason)
            }
        }
        report.expectClean("EventDraft(line:)", minimumInputs: budget.minimumInputs)
    }
}
