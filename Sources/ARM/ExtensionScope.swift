/// The scope an extension resource lives below (`{scope}/providers/{namespace}/{type}/{name}`):
/// the tenant root, a subscription, a resource group or any resource (children included).
public struct ExtensionScope: Sendable, Equatable {
    /// The scope's resource id; `nil` for the tenant root `/`.
    public let id: ResourceID?

    public static let root = ExtensionScope(id: nil)

    public init(id: ResourceID?) {
        self.id = id
    }

    /// Parses `/`, an empty string (the root) or an ARM id; `nil` when it is neither.
    public init?(_ string: String) {
        if string.split(separator: "/").isEmpty {
            self = .root
            return
        }
        guard let id = ResourceID(string) else { return nil }
        self.init(id: id)
    }

    /// The scope as ARM writes it (`/` for the root), in the casing given.
    public var string: String { id?.string ?? "/" }

    /// The case-insensitive identity.
    public var key: String { string.lowercased() }

    public var isRoot: Bool { id == nil }

    /// This scope and every one above it, nearest first, ending with the root.
    public var chain: [ExtensionScope] {
        var scopes = [self]
        var next = id?.parent
        while let p = next {
            scopes.append(ExtensionScope(id: p))
            next = p.parent
        }
        if id != nil { scopes.append(.root) }
        return scopes
    }

    /// Whether `self` is `other` or lies below it.
    public func isWithin(_ other: ExtensionScope) -> Bool {
        other.isRoot || key == other.key || key.hasPrefix(other.key + "/")
    }

    /// The id of an extension resource below this scope.
    public func extensionID(namespace: String, type: String, name: String) -> String {
        (isRoot ? "" : string) + "/providers/\(namespace)/\(type)/\(name)"
    }
}
