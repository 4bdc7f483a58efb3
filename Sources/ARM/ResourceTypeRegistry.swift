/// The resource types the engine serves, by full type (case-insensitive).
public struct ResourceTypeRegistry: Sendable {
    private var types: [String: ResourceType] = [:]

    public init(_ types: [ResourceType] = []) {
        for t in types { register(t) }
    }

    public mutating func register(_ type: ResourceType) {
        types[type.key] = type
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
}
