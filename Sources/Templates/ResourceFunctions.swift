import CeruleanJSON

/// resourceId, subscriptionResourceId, reference and the `list*` functions (listKeys).
enum ResourceFunctions {
    static let table: [String: TemplateFunction] = [
        "resourceid": { c in .string(try resourceID(c, subscriptionScope: false)) },
        "subscriptionresourceid": { c in .string(try resourceID(c, subscriptionScope: true)) },
        "reference": { c in
            try c.arity(1, 3)
            let id = try resolve(try c.string(0), scope: c.scope)
            let full = try c.count == 3 && c.string(2).lowercased() == "full"
            if c.scope.deferLiveState { throw DeferredEvaluation() }
            guard let body = c.scope.references[id.lowercased()] else { throw notFound(id) }
            return full ? body : (body["properties"] ?? .object([:]))
        },
    ]

    /// `listKeys(id, apiVersion)` and other `list*` actions.
    static let list: TemplateFunction = { c in
        try c.arity(1, 3)
        let id = try resolve(try c.string(0), scope: c.scope)
        if c.scope.deferLiveState { throw DeferredEvaluation() }
        guard let result = c.scope.listResults[listKey(c.name, id)] else { throw notFound(id) }
        return result
    }

    static func listKey(_ action: String, _ id: String) -> String { "\(action.lowercased()) \(id.lowercased())" }

    static func notFound(_ id: String) -> TemplateError {
        TemplateError(code: "ResourceNotFound", "The Resource '\(id)' was not found.")
    }

    /// A template resource's name (as written after evaluation) or a full id, as an id.
    public static func resolve(_ nameOrID: String, scope: TemplateScope) throws -> String {
        if let id = scope.templateResources[nameOrID] { return id }
        if let key = scope.templateResources.keys.first(where: { $0.lowercased() == nameOrID.lowercased() }) {
            return scope.templateResources[key]!
        }
        if nameOrID.lowercased().hasPrefix("/subscriptions/") { return nameOrID }
        throw TemplateError("The template reference '\(nameOrID)' is not valid: could not find template resource or resource copy with this name. Please see https://aka.ms/arm-function-reference for usage details.")
    }

    /// `resourceId([subscriptionId], [resourceGroupName], resourceType, name1, name2...)`.
    static func resourceID(_ c: FunctionCall, subscriptionScope: Bool) throws -> String {
        try c.arity(2, Int.max)
        let args = try (0..<c.count).map { try c.string($0) }
        guard let typeIndex = args.firstIndex(where: { $0.contains("/") }), typeIndex <= (subscriptionScope ? 1 : 2) else {
            throw c.fail("the resource type must be given as 'Namespace/type'")
        }
        let typeParts = args[typeIndex].split(separator: "/").map(String.init)
        let names = Array(args[(typeIndex + 1)...]).flatMap { $0.split(separator: "/").map(String.init) }
        guard typeParts.count >= 2, names.count == typeParts.count - 1 else {
            throw c.fail("the type '\(args[typeIndex])' requires '\(max(1, typeParts.count - 1))' resource name argument(s)")
        }
        let env = c.scope.environment
        var subscription = env.subscriptionID
        var group = subscriptionScope ? nil : env.resourceGroupName
        switch typeIndex {
        case 1 where subscriptionScope: subscription = args[0]
        case 1: group = args[0]
        case 2: subscription = args[0]; group = args[1]
        default: break
        }
        var id = "/subscriptions/\(subscription)"
        if let group { id += "/resourceGroups/\(group)" }
        id += "/providers/\(typeParts[0])"
        for (type, name) in zip(typeParts.dropFirst(), names) { id += "/\(type)/\(name)" }
        return id
    }
}
