import Chronicle

/// What a ``LogScenario/when(_:)`` step did: the events it appended and
/// what it returned or threw. The `then…` checks record a failure at the
/// caller's location and return the outcome, so they chain:
///
/// ```swift
/// scenario.when { try $0.checker.check(token: jwt, request: request) }
///     .thenItThrows(ServiceError.self)
///     .thenNothingIsAppended()
/// ```
///
/// Failure messages never show a returned value (it may be a token).
public struct ScenarioOutcome<Value> {
    /// The events the step appended, in order.
    public let appended: [Event]
    /// What the step returned or threw.
    public let result: Result<Value, any Error>

    public init(appended: [Event], result: Result<Value, any Error>) {
        self.appended = appended
        self.result = result
    }

    /// What the step returned; rethrows what it threw.
    public func get() throws -> Value { try result.get() }

    /// What the step returned, nil if it threw.
    public var value: Value? { try? result.get() }

    /// What the step threw, nil if it returned.
    public var error: (any Error)? {
        if case .failure(let error) = result { return error }
        return nil
    }

    /// Then these events are appended: exactly (the default), as a prefix,
    /// or contained in order, ignoring ``EventStreamDiff/volatileMembers``
    /// unless `ignoring` says otherwise. A step that threw fails this check too.
    @discardableResult
    public func then(
        _ expected: [EventDraft], _ match: EventMatch = .exactly,
        ignoring: Set<String> = EventStreamDiff.volatileMembers,
        fileID: StaticString = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column
    ) -> ScenarioOutcome {
        if let error {
            IssueReporting.report("the step threw \(error); use thenItThrows to expect a throw",
                                  fileID: fileID, filePath: filePath, line: line, column: column)
        }
        if let message = EventStreamDiff.diff(expected: expected, actual: appended, match: match, ignoring: ignoring) {
            IssueReporting.report(message, fileID: fileID, filePath: filePath, line: line, column: column)
        }
        return self
    }

    /// Then nothing is appended (whether the step returned or threw).
    @discardableResult
    public func thenNothingIsAppended(
        fileID: StaticString = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column
    ) -> ScenarioOutcome {
        if let message = EventStreamDiff.diff(expected: [], actual: appended, match: .exactly, ignoring: EventStreamDiff.volatileMembers) {
            IssueReporting.report("expected nothing to be appended\n" + message,
                                  fileID: fileID, filePath: filePath, line: line, column: column)
        }
        return self
    }

    /// Then the step throws an error of type `E` for which `matches` holds.
    @discardableResult
    public func thenItThrows<E: Error>(
        _ errorType: E.Type, where matches: (E) -> Bool = { _ in true },
        fileID: StaticString = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column
    ) -> ScenarioOutcome {
        let problem: String?
        switch result {
        case .success:
            problem = "expected the step to throw \(E.self), but it returned"
        case .failure(let error as E) where matches(error):
            problem = nil
        case .failure(let error as E):
            problem = "the step threw \(E.self) \(error), which does not match"
        case .failure(let error):
            problem = "expected the step to throw \(E.self), but it threw \(Swift.type(of: error)): \(error)"
        }
        if let problem { IssueReporting.report(problem, fileID: fileID, filePath: filePath, line: line, column: column) }
        return self
    }

    /// Then the step throws `expected`.
    @discardableResult
    public func thenItThrows<E: Error & Equatable>(
        _ expected: E,
        fileID: StaticString = #fileID, filePath: StaticString = #filePath, line: UInt = #line, column: UInt = #column
    ) -> ScenarioOutcome {
        switch result {
        case .failure(let error as E) where error == expected:
            break
        case .success:
            IssueReporting.report("expected the step to throw \(expected), but it returned",
                                  fileID: fileID, filePath: filePath, line: line, column: column)
        case .failure(let error):
            IssueReporting.report("expected the step to throw \(expected), but it threw \(error)",
                                  fileID: fileID, filePath: filePath, line: line, column: column)
        }
        return self
    }
}
