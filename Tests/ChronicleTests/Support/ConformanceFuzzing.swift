import ChronicleTesting
import Testing

extension ConformanceFiles {
    /// Every line of every example log, in order.
    static var allLines: [[UInt8]] { organisations.flatMap(lines(of:)) }

    /// Runs `target` on inputs mutated from every conformance line (within
    /// the budget the environment gives) and expects the campaign clean: no
    /// violation, crash or hang, and enough inputs to count.
    /// - Parameters:
    ///   - label: what is fuzzed, for the failure message.
    ///   - salt: gives each target its own stream of inputs.
    static func fuzzLines(
        _ label: String, salt: UInt64, sourceLocation: SourceLocation = #_sourceLocation,
        _ target: @escaping @Sendable ([UInt8]) -> FuzzVerdict
    ) {
        let seeds = allLines
        #expect(!seeds.isEmpty, "the conformance examples are beside the project", sourceLocation: sourceLocation)
        guard !seeds.isEmpty else { return }
        let budget = FuzzBudget.fromEnvironment()
        FuzzCampaign.run(budget, seeds: seeds, salt: salt, target)
            .expectClean(label, minimumInputs: budget.minimumInputs, sourceLocation: sourceLocation)
    }
}
