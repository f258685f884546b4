import Foundation

/// How much a fuzz test may do: in the suite a bounded count and a few
/// seconds; `Tools/fuzz.sh` raises both through the environment
/// (`CHRONICLE_FUZZ_INPUTS`, `CHRONICLE_FUZZ_SECONDS`) and `CHRONICLE_SEED`
/// replays a run.
public struct FuzzBudget: Sendable {
    public var inputs: Int
    public var seconds: Double
    public var seed: UInt64

    public init(inputs: Int, seconds: Double, seed: UInt64) {
        self.inputs = inputs
        self.seconds = seconds
        self.seed = seed
    }

    /// The budget from the environment, else the defaults.
    public static func fromEnvironment(inputs: Int = 20_000, seconds: Double = 8, seed: UInt64 = 0x5EED_C0FF_EE) -> FuzzBudget {
        let environment = ProcessInfo.processInfo.environment
        return FuzzBudget(
            inputs: environment["CHRONICLE_FUZZ_INPUTS"].flatMap(Int.init) ?? inputs,
            seconds: environment["CHRONICLE_FUZZ_SECONDS"].flatMap(Double.init) ?? seconds,
            seed: environment["CHRONICLE_SEED"].flatMap(UInt64.init) ?? seed)
    }

    /// The fewest inputs a campaign must get through to count (a slow machine may not reach ``inputs``).
    public var minimumInputs: Int { min(inputs, 1_000) }
}

extension FuzzCampaign {
    /// Runs `target` on inputs mutated from `seeds` within `budget`; `salt`
    /// gives each target its own stream of inputs for the same seed.
    public static func run(
        _ budget: FuzzBudget, seeds: [[UInt8]], salt: UInt64, _ target: @escaping @Sendable ([UInt8]) -> FuzzVerdict
    ) -> FuzzReport {
        run(count: budget.inputs, seconds: budget.seconds,
            fuzzer: MutationFuzzer(seeds: seeds, seed: budget.seed ^ salt), target)
    }
}
