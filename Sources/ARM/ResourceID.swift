/// An ARM resource id: `/subscriptions/{s}[/resourceGroups/{rg}[/providers/{ns}/{type}/{name}[/{type}/{name}]...]]`.
/// Fixed words and names compare case-insensitively (`key`); `string` keeps the casing given.
public struct ResourceID: Sendable, CustomStringConvertible {
    public struct Segment: Sendable, Equatable {
        public var type: String
        public var name: String
        public init(type: String, name: String) {
            self.type = type
            self.name = name
        }
    }

    public var subscriptionID: String
    public var resourceGroup: String?
    public var namespace: String?
    public var segments: [Segment]

    public init(subscriptionID: String, resourceGroup: String? = nil, namespace: String? = nil, segments: [Segment] = []) {
        self.subscriptionID = subscriptionID
        self.resourceGroup = resourceGroup
        self.namespace = namespace
        self.segments = segments
    }

    /// Parses an id string; `nil` when it is not a well-formed id.
    public init?(_ string: String) {
        let parts = string.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard parts.count >= 2, parts[0].lowercased() == "subscriptions" else { return nil }
        var id = ResourceID(subscriptionID: parts[1])
        var rest = parts.dropFirst(2)
        if let word = rest.first, word.lowercased() == "resourcegroups" {
            guard rest.count >= 2 else { return nil }
            id.resourceGroup = rest[rest.startIndex + 1]
            rest = rest.dropFirst(2)
        }
        if let word = rest.first {
            guard word.lowercased() == "providers", rest.count >= 4, (rest.count - 2) % 2 == 0 else { return nil }
            let items = Array(rest.dropFirst())
            id.namespace = items[0]
            var i = 1
            while i + 1 < items.count {
                id.segments.append(Segment(type: items[i], name: items[i + 1]))
                i += 2
            }
        }
        self = id
    }

    /// The id as ARM writes it.
    public var string: String {
        var s = "/subscriptions/\(subscriptionID)"
        if let resourceGroup { s += "/resourceGroups/\(resourceGroup)" }
        if let namespace, !segments.isEmpty {
            s += "/providers/\(namespace)"
            for seg in segments { s += "/\(seg.type)/\(seg.name)" }
        }
        return s
    }

    public var description: String { string }

    /// The case-insensitive identity used as the database key.
    public var key: String { string.lowercased() }

    public var isSubscription: Bool { resourceGroup == nil && segments.isEmpty }
    public var isResourceGroup: Bool { resourceGroup != nil && segments.isEmpty }

    /// The last name in the id (the resource's own name).
    public var name: String {
        segments.last?.name ?? resourceGroup ?? subscriptionID
    }

    /// `Namespace/type/childType`, e.g. `Microsoft.MachineLearningServices/workspaces/serverlessEndpoints`.
    public var fullType: String {
        if let namespace, !segments.isEmpty {
            return ([namespace] + segments.map(\.type)).joined(separator: "/")
        }
        if resourceGroup != nil { return "Microsoft.Resources/resourceGroups" }
        return "Microsoft.Resources/subscriptions"
    }

    /// The enclosing resource: a child's parent, a top-level resource's resource group, a group's subscription.
    public var parent: ResourceID? {
        if segments.count > 1 {
            var p = self
            p.segments.removeLast()
            return p
        }
        if segments.count == 1 {
            return ResourceID(subscriptionID: subscriptionID, resourceGroup: resourceGroup)
        }
        if resourceGroup != nil { return ResourceID(subscriptionID: subscriptionID) }
        return nil
    }

    public var resourceGroupID: ResourceID? {
        resourceGroup.map { ResourceID(subscriptionID: subscriptionID, resourceGroup: $0) }
    }

    public var subscriptionIDValue: ResourceID { ResourceID(subscriptionID: subscriptionID) }

    /// A child of this resource.
    public func appending(type: String, name: String, namespace: String? = nil) -> ResourceID {
        var child = self
        if child.namespace == nil || child.segments.isEmpty { child.namespace = namespace ?? child.namespace }
        child.segments.append(Segment(type: type, name: name))
        return child
    }
}

extension ResourceID: Hashable {
    public static func == (lhs: ResourceID, rhs: ResourceID) -> Bool { lhs.key == rhs.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }
}
