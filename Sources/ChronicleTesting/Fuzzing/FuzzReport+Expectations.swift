import Testing

extension FuzzReport {
    /// Prints the figures and records an issue at the caller for every
    /// problem, or when the campaign ran too few inputs to mean anything.
    public func expectClean(_ label: String, minimumInputs: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        print("fuzz \(label): \(self)")
        for problem in problems.prefix(10) { Issue.record("\(label): \(problem)", sourceLocation: sourceLocation) }
        if problems.count > 10 { Issue.record("\(label): \(problems.count - 10) more problems", sourceLocation: sourceLocation) }
        #expect(inputs >= minimumInputs, "\(label): only \(inputs) inputs ran", sourceLocation: sourceLocation)
    }
}
