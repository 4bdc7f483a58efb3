import Synchronization

/// The provisioning policy in force for each resource type, changeable at run time.
public final class PolicyBook: Sendable {
    /// A named set of per-type policies, below explicit per-type ones and above the default.
    public enum PolicySet: String, Sendable, CaseIterable {
        /// Each type takes about as long as on Azure (`ResourceType.typicalProvisioningSeconds`), for demos.
        case azureLike = "azure-like"
    }

    private struct State {
        var defaultPolicy: ProvisioningPolicy
        var byType: [String: ProvisioningPolicy]
        var set: PolicySet?
        var typical: [String: Double] = [:]
    }

    private let state: Mutex<State>

    public init(default defaultPolicy: ProvisioningPolicy = .standard, byType: [String: ProvisioningPolicy] = [:]) {
        state = Mutex(State(defaultPolicy: defaultPolicy,
                            byType: Dictionary(uniqueKeysWithValues: byType.map { ($0.key.lowercased(), $0.value) }), set: nil))
    }

    public func policy(for type: String) -> ProvisioningPolicy {
        state.withLock { s in
            let key = type.lowercased()
            if let policy = s.byType[key] { return policy }
            if s.set == .azureLike, let seconds = s.typical[key] { return ProvisioningPolicy(timing: .afterSeconds(seconds)) }
            return s.defaultPolicy
        }
    }

    public func set(_ policy: ProvisioningPolicy, for type: String?) {
        state.withLock {
            if let type { $0.byType[type.lowercased()] = policy } else { $0.defaultPolicy = policy }
        }
    }

    /// Turns a named policy set on (or off with `nil`).
    public func use(_ set: PolicySet?) {
        state.withLock { $0.set = set }
    }

    /// The typical durations of the registered types (the engine hands them in).
    public func learnTypicalDurations(_ seconds: [String: Double]) {
        state.withLock { s in
            for (type, value) in seconds { s.typical[type.lowercased()] = value }
        }
    }

    public var defaultPolicy: ProvisioningPolicy { state.withLock { $0.defaultPolicy } }
    public var overrides: [String: ProvisioningPolicy] { state.withLock { $0.byType } }
    public var policySet: PolicySet? { state.withLock { $0.set } }
    /// What the active policy set gives each type (empty when none is on).
    public var setPolicies: [String: ProvisioningPolicy] {
        state.withLock { s in
            guard s.set == .azureLike else { return [:] }
            return s.typical.mapValues { ProvisioningPolicy(timing: .afterSeconds($0)) }
        }
    }
}
