import CeruleanJSON
import Inference
import Synchronization

/// The fault plan in force (`/_cerulean/faults`): its rules, how often each was considered and
/// fired, and the seeded generator that decides. Every request that reaches a plane other than
/// admin asks `decide`; with no rules that is one lock and a comparison.
///
/// Determinism: each rule that applies to a request and has not used up its `count` draws one
/// number from the generator, in rule order, until one fires; so the same seed and the same
/// sequence of requests give the same faults.
final class FaultBook: Sendable {
    private struct State {
        var seed: UInt64 = 0
        var random = DeterministicRandom(seed: 0)
        var rules: [FaultRule] = []
        var considered: [Int] = []
        var fired: [Int] = []
    }

    private let state = Mutex(State())

    /// Whether any rule is in force (so callers can skip describing the request).
    var isActive: Bool { state.withLock { !$0.rules.isEmpty } }

    var ruleCount: Int { state.withLock { $0.rules.count } }

    /// Replaces the plan: new rules, counters at zero, the generator restarted from `seed`.
    func replace(seed: UInt64, rules: [FaultRule]) {
        state.withLock { s in
            s = State(seed: seed, random: DeterministicRandom(seed: seed), rules: rules,
                      considered: Array(repeating: 0, count: rules.count), fired: Array(repeating: 0, count: rules.count))
        }
    }

    func clear() { replace(seed: 0, rules: []) }

    /// The effect of the first rule that fires on this request, if any.
    func decide(_ target: FaultTarget) -> FaultEffect? {
        state.withLock { s in
            for (i, rule) in s.rules.enumerated() where rule.applies(to: target) {
                if let count = rule.count, s.fired[i] >= count { continue }
                s.considered[i] += 1
                if s.random.unit() < rule.probability {
                    s.fired[i] += 1
                    return rule.effect
                }
            }
            return nil
        }
    }

    var json: JSON {
        let s = state.withLock { $0 }
        return [
            "seed": .number(Double(s.seed)),
            "rules": .array(s.rules.enumerated().map { i, rule in
                var o = rule.json
                o["considered"] = JSON(s.considered[i])
                o["fired"] = JSON(s.fired[i])
                return .object(o)
            }),
        ]
    }
}
