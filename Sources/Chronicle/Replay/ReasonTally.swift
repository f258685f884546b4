/// Recorded decisions per reason, in the order reasons first appear: the
/// reasons the rules know are counted by their place in rule order, other
/// strings by name.
struct ReasonTally: Sendable {
    private var known = [Int](repeating: 0, count: DecisionReason.allCases.count)
    private var others = OrderedCounts<Int>(zero: 0)
    /// Every reason counted, in the order it first appeared.
    private var order: [Key] = []

    private enum Key: Sendable {
        case known(Int)
        case other(String)
    }

    mutating func count(_ reasons: DecisionReasons) {
        var bits = reasons.rawValue
        while bits != 0 {
            count(known: bits.trailingZeroBitCount)
            bits &= bits - 1
        }
    }

    mutating func count(_ reason: String) {
        if let known = DecisionReason(rawValue: reason) {
            count(known: DecisionReasons(known).rawValue.trailingZeroBitCount)
        } else {
            if others[reason] == 0 { order.append(.other(reason)) }
            others[reason] += 1
        }
    }

    private mutating func count(known index: Int) {
        if known[index] == 0 { order.append(.known(index)) }
        known[index] += 1
    }

    /// The counts by reason, in first-appearance order.
    var counts: OrderedCounts<Int> {
        var counts = OrderedCounts<Int>(zero: 0)
        for key in order {
            switch key {
            case .known(let index): counts[DecisionReason.allCases[index].rawValue] = known[index]
            case .other(let reason): counts[reason] = others[reason]
            }
        }
        return counts
    }
}
