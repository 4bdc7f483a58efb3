/// Extension resources: routes below `{any scope}/providers/{namespace}/...`, where the scope is
/// the tenant root, a subscription, a group or a resource (role assignments on a workspace). A
/// provider registers them as `ProviderOperation`s of scope `.anyScope`; the engine finds the
/// last `providers/{namespace}` of the path whose namespace has such operations, checks that the
/// scope before it exists, and runs the operation as it runs any provider operation.
extension ARMEngine {
    /// The answer of a matching extension operation, or `nil` when the path is not one.
    func extensionCall(_ call: Call) async throws -> ARMResponse? {
        guard !extensionNamespaces.isEmpty else { return nil }
        let s = call.request.pathSegments
        var i = s.count - 2
        while i >= 0 {
            defer { i -= 1 }
            guard s[i].lowercased() == "providers", extensionNamespaces.contains(s[i + 1].lowercased()) else { continue }
            let namespace = s[i + 1]
            let tail = Array(s[(i + 2)...])
            guard !tail.isEmpty else { return nil }
            guard let (op, parameters) = providerOperation(method: call.method, namespace: namespace, scope: .anyScope, tail: tail) else {
                if providerOperationExists(namespace: namespace, scope: .anyScope, tail: tail) { throw ARMError.methodNotAllowed(call.method) }
                return nil
            }
            let scopePath = "/" + s[..<i].joined(separator: "/")
            guard let scope = ExtensionScope(scopePath) else { throw ARMError.pathNotFound(call.request.path) }
            if let id = scope.id { try await requireSubscription(id.subscriptionID) }
            return try await runProviderOperation(op, parameters: parameters, call: call,
                                                  subscription: scope.id?.subscriptionID ?? "",
                                                  group: scope.id?.resourceGroup, extensionScope: scope)
        }
        return nil
    }

    /// A resource scope must exist (its group first, for the group's own error).
    static func requireExtensionScope(_ scope: ExtensionScope, _ session: ResourceSession) throws {
        guard let id = scope.id, !id.isSubscription else { return }
        try requireGroup(id, session, forWrite: false)
        if !id.segments.isEmpty, try session.get(id) == nil { throw ARMError.resourceNotFound(id) }
    }
}
