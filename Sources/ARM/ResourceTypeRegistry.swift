/// The resource types the engine serves, by full type (case-insensitive).
public struct ResourceTypeRegistry: Sendable {
    private var types: [String: ResourceType] = [:]
    /// Called with the key of every resource tree that is deleted, so extension providers drop
    /// what they keep at or below it (role assignments on a workspace vanish with it).
    public private(set) var scopeRemovalHooks: [ScopeRemovalHook] = []

    public init(_ types: [ResourceType] = []) {
        for t in types { register(t) }
    }

    public mutating func register(_ type: ResourceType) {
        types[type.key] = type
    }

    public mutating func addScopeRemovalHook(_ hook: @escaping ScopeRemovalHook) {
        scopeRemovalHooks.append(hook)
    }

    public func type(_ fullType: String) -> ResourceType? {
        types[fullType.lowercased()]
    }

    public func isKnownNamespace(_ namespace: String) -> Bool {
        let lower = namespace.lowercased()
        return types.values.contains { $0.namespace.lowercased() == lower }
    }

    /// Namespaces with their types, sorted for stable listings.
    public var namespaces: [(namespace: String, types: [ResourceType])] {
        let grouped = Dictionary(grouping: types.values, by: { $0.namespace })
        return grouped.keys.sorted().map { ns in (ns, grouped[ns]!.sorted { $0.type < $1.type }) }
    }

    public var all: [ResourceType] { types.values.sorted { $0.type < $1.type } }

    /// `action` with a type's own prefix replaced by its `permissionType`, where it has one.
    public func permissionAction(_ action: String) -> String {
        let lower = action.lowercased()
        for type in types.values {
            guard let renamed = type.permissionType, lower.hasPrefix(type.key + "/") else { continue }
            return renamed + action.dropFirst(type.key.count)
        }
        return action
    }
}

/// Removes what an extension provider keeps at or below a deleted resource (`key`, lower-cased).
public typealias ScopeRemovalHook = @Sendable (_ key: String, _ session: ResourceSession) throws -> Void

/// Defaults a provider writes for a subscription the engine ensures (the default one at start and
/// after a reset, a seed file's); must be idempotent.
public typealias BootstrapStep = @Sendable (_ session: ResourceSession, _ subscriptionID: String) throws -> Void
