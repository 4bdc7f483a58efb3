import Synchronization

/// The provisioning policy in force for each resource type, changeable at run time.
public final class PolicyBook: Sendable {
    private let state: Mutex<(defaultPolicy: ProvisioningPolicy, byType: [String: ProvisioningPolicy])>

    public init(default defaultPolicy: ProvisioningPolicy = .standard, byType: [String: ProvisioningPolicy] = [:]) {
        state = Mutex((defaultPolicy, Dictionary(uniqueKeysWithValues: byType.map { ($0.key.lowercased(), $0.value) })))
    }

    public func policy(for type: String) -> ProvisioningPolicy {
        state.withLock { $0.byType[type.lowercased()] ?? $0.defaultPolicy }
    }

    public func set(_ policy: ProvisioningPolicy, for type: String?) {
        state.withLock {
            if let type { $0.byType[type.lowercased()] = policy } else { $0.defaultPolicy = policy }
        }
    }

    public var defaultPolicy: ProvisioningPolicy { state.withLock { $0.defaultPolicy } }
    public var overrides: [String: ProvisioningPolicy] { state.withLock { $0.byType } }
}
