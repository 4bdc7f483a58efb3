import ARM
import CeruleanJSON
import Foundation
import Store

/// `workspaces/connections`: how a workspace (or prompt flow) reaches something outside it, such
/// as a serverless endpoint deployed in another project. A synchronous ProxyResource: a PUT answers
/// 200 with the connection. Its credentials are kept apart from the body, so GET and lists never
/// show them; `listsecrets` returns the connection with them.
enum ConnectionType {
    static let type = "Microsoft.MachineLearningServices/workspaces/connections"
    static let secrets = ResourceSecrets(collection: "connectionSecrets")
    static let authTypes = ["None", "ApiKey", "AAD", "AccessKey", "AccountKey", "CustomKeys", "ManagedIdentity", "OAuth2",
                            "PAT", "SAS", "ServicePrincipal", "UsernamePassword"]
    /// Auth types that carry no credentials.
    static let keyless: Set<String> = ["None", "AAD"]

    static func make() -> ResourceType {
        var t = ResourceType(type: type)
        t.shape = .proxy
        t.synchronous = true
        t.acceptedKeys = []
        t.patchableKeys = ["properties"]
        t.nameRule = .pattern("[a-zA-Z0-9][a-zA-Z0-9_-]{0,254}",
                              "Connection names start with a letter or digit, then up to 254 letters, digits, '_' or '-'.")
        t.apiVersions = MachineLearningProvider.apiVersions
        t.validate = { draft, context in try validate(&draft, context) }
        t.onDeleted = { connection, context in try secrets.delete(connection.id, context.session) }
        t.listConditions = { request in listConditions(request) }
        t.actions["listsecrets"] = ResourceAction { connection, _, context in
            var body = connection.body
            var props = connection.properties
            props["credentials"] = try secrets.load(connection.id, context.session).map(JSON.object)
            body["properties"] = .object(props)
            return ARMResponse(status: 200, body: .object(body))
        }
        return t
    }

    /// The list's `category` and `target` filters (both case-insensitive), as azure-ai-ml's
    /// `connections.list(connection_type=...)` sends them.
    static func listConditions(_ request: ARMRequest) -> [ResourceQuery.Condition] {
        [("category", "$.properties.category"), ("target", "$.properties.target")].compactMap { name, path in
            guard let value = request.queryValue(name), !value.isEmpty else { return nil }
            return .bodyText(path: path, equals: value)
        }
    }

    static func validate(_ draft: inout ResourceDraft, _ context: ResourceContext) throws {
        var props = draft.properties
        let category = try BodyReader.choice(try BodyReader.optionalString(props, "category", path: "properties.category"),
                                                 from: ConnectionCategories.all, path: "properties.category")
        let authType = try BodyReader.choice(try BodyReader.optionalString(props, "authType", path: "properties.authType"),
                                                 from: authTypes, path: "properties.authType")
        guard let target = try BodyReader.optionalString(props, "target", path: "properties.target"), !target.isEmpty else {
            throw MLErrors.missing("properties.target")
        }
        if let metadata = try BodyReader.optionalObject(props, "metadata", path: "properties.metadata") {
            for (key, value) in metadata where !value.isNull && value.stringValue == nil {
                throw BodyReader.wrongType("properties.metadata.\(key)", expected: "string", found: value)
            }
        }
        try BodyReader.coerceBooleans(&props, ["isSharedToAll", "useWorkspaceManagedIdentity"], path: "properties")
        let stored = try credentials(props["credentials"], authType: authType, draft: draft, context)
        if let stored { try secrets.save(stored, for: draft.id, context.session) } else { try secrets.delete(draft.id, context.session) }
        props["credentials"] = nil
        props["category"] = .string(category)
        props["authType"] = .string(authType)
        props["target"] = .string(target)
        for (key, value) in [("metadata", JSON.object([:])), ("isSharedToAll", .bool(false)), ("sharedUserList", .array([])),
                             ("useWorkspaceManagedIdentity", .bool(false)), ("peRequirement", "NotRequired"),
                             ("peStatus", "NotApplicable")] where props[key] == nil || props[key] == .null {
            props[key] = value
        }
        props["createdByWorkspaceArmId"] = draft.id.parent.map { JSON.string($0.string) } ?? .null
        draft.properties = props
    }

    /// The credentials to keep for `authType`: `ApiKey` and `AccountKey` need a `key`, `CustomKeys`
    /// a `keys` object of strings, `None` and `AAD` have none, the others an object kept as given.
    /// A write that carries no new value (a connection read back and saved again has none) keeps
    /// the stored one.
    static func credentials(_ given: JSON?, authType: String, draft: ResourceDraft, _ context: ResourceContext) throws -> JSONObject? {
        if keyless.contains(authType) { return nil }
        let path = "properties.credentials"
        let previous = draft.existing?.properties["authType"]?.stringValue == authType ? try secrets.load(draft.id, context.session) : nil
        let object = try given.flatMap { value -> JSONObject? in
            guard !value.isNull else { return nil }
            guard let o = value.objectValue else { throw BodyReader.wrongType(path, expected: "object", found: value) }
            return o
        }
        switch authType {
        case "ApiKey", "AccountKey":
            if let key = try object.flatMap({ try BodyReader.optionalString($0, "key", path: path + ".key") }), !key.isEmpty {
                return ["key": .string(key)]
            }
            if let previous { return previous }
            throw MLErrors.missing(path + ".key")
        case "CustomKeys":
            if let keys = try object.flatMap({ try BodyReader.optionalObject($0, "keys", path: path + ".keys") }) {
                for (name, value) in keys where value.stringValue == nil {
                    throw BodyReader.wrongType("\(path).keys.\(name)", expected: "string", found: value)
                }
                return ["keys": .object(keys)]
            }
            if let previous { return previous }
            throw MLErrors.missing(path + ".keys")
        default:
            if let object, object.contains(where: { !$0.value.isNull }) { return object }
            if let previous { return previous }
            throw MLErrors.missing(path)
        }
    }
}
