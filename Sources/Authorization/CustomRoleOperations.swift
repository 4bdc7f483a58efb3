import ARM
import CeruleanJSON
import Foundation

/// Custom roles: `PUT` (201, as the spec lists) and `DELETE` (200 with the body, 204 when absent)
/// at `{scope}/providers/Microsoft.Authorization/roleDefinitions/{guid}`; the URL's scope must be
/// one of the role's `assignableScopes`, each an existing subscription, group or resource.
struct CustomRoleOperations {
    let catalog: RoleCatalog

    var operations: [ProviderOperation] {
        let ns = AuthorizationProvider.namespace
        return [
            ProviderOperation("PUT", namespace: ns, scope: .anyScope, "roleDefinitions/{name}", writes: true) { call in
                try put(call)
            },
            ProviderOperation("DELETE", namespace: ns, scope: .anyScope, "roleDefinitions/{name}", writes: true) { call in
                try delete(call)
            },
        ]
    }

    private func put(_ call: ProviderOperationCall) throws -> ProviderOperation.Result {
        let scope = call.scope ?? .root
        let name = call.parameter("name")
        guard UUID(uuidString: name) != nil else { throw AuthorizationErrors.invalidRoleDefinitionID(name) }
        if catalog.builtIn.role(name) != nil { throw AuthorizationErrors.builtInRoleUnchangeable(name) }
        let body = try call.bodyObject()
        guard let properties = try BodyReader.optionalObject(body, "properties") else { throw ARMError.missingProperty("properties") }
        guard let roleName = try BodyReader.optionalString(properties, "roleName", path: "properties.roleName"),
            !roleName.trimmingCharacters(in: .whitespaces).isEmpty
        else { throw ARMError.missingProperty("properties.roleName") }
        if let type = try BodyReader.optionalString(properties, "type", path: "properties.type"), type.lowercased() != "customrole" {
            throw ARMError.invalidParameter("The role definition type '\(type)' is not valid; only custom roles can be created.",
                                            target: "properties.type")
        }
        let scopes = try Self.assignableScopes(properties, call.session)
        guard scopes.contains(where: { ExtensionScope($0)?.key == scope.key }) else {
            throw ARMError(status: 400, code: "InvalidRoleDefinitionScope",
                           message: "The scope '\(scope.string)' of the request must be one of the role definition's assignable scopes.")
        }
        let permissions = try Self.permissions(properties)
        let existing = try catalog.role(name, call.session)
        if try catalog.all(call.session).contains(where: { $0.key != name.lowercased() && $0.roleName.lowercased() == roleName.lowercased() }) {
            throw ARMError(status: 409, code: "RoleDefinitionWithSameNameExists",
                           message: "A role definition cannot be updated with a name that already exists.")
        }
        var role = RoleDefinition(name: existing?.name ?? name, roleName: roleName, kind: .custom,
                                  description: try BodyReader.optionalString(properties, "description", path: "properties.description"),
                                  assignableScopes: scopes, permissions: permissions)
        let now = ARMTime.string(call.session.now)
        role.createdOn = existing?.createdOn ?? now
        role.createdBy = existing == nil ? call.caller.objectID : existing?.createdBy
        role.updatedOn = now
        role.updatedBy = call.caller.objectID
        try catalog.save(role, call.session)
        return .body(role.body(at: scope), status: 201)
    }

    private func delete(_ call: ProviderOperationCall) throws -> ProviderOperation.Result {
        let name = call.parameter("name")
        if catalog.builtIn.role(name) != nil { throw AuthorizationErrors.builtInRoleUnchangeable(name) }
        guard let role = try catalog.role(name, call.session) else { return .empty(status: 204) }
        if try RoleAssignments(session: call.session).all().contains(where: { $0.roleName.lowercased() == role.key }) {
            throw ARMError(status: 409, code: "RoleDefinitionHasAssignments",
                           message: "There are existing role assignments referencing role '\(role.name)'.")
        }
        try catalog.delete(role, call.session)
        return .body(role.body(at: call.scope ?? .root))
    }

    /// `assignableScopes`: a non-empty array of existing subscription, group or resource ids.
    static func assignableScopes(_ properties: JSONObject, _ session: ResourceSession) throws -> [String] {
        guard let value = properties["assignableScopes"], !value.isNull else { throw ARMError.missingProperty("properties.assignableScopes") }
        guard let items = value.arrayValue else { throw BodyReader.wrongType("properties.assignableScopes", expected: "array", found: value) }
        guard !items.isEmpty else { throw ARMError.missingProperty("properties.assignableScopes") }
        return try items.enumerated().map { index, item in
            let path = "properties.assignableScopes[\(index)]"
            guard let text = item.stringValue else { throw BodyReader.wrongType(path, expected: "string", found: item) }
            guard let scope = ExtensionScope(text), let id = scope.id else {
                throw ARMError(status: 400, code: "InvalidAssignableScope",
                               message: "The assignable scope '\(text)' is not valid: custom roles are assignable at subscriptions, resource groups and resources.")
            }
            guard try SubscriptionDirectory(transaction: session.transaction).exists(id.subscriptionID) else {
                throw ARMError.subscriptionNotFound(id.subscriptionID)
            }
            if !id.isSubscription {
                if let groupID = id.resourceGroupID, try session.get(groupID) == nil { throw ARMError.resourceGroupNotFound(groupID.name) }
                if !id.segments.isEmpty, try session.get(id) == nil { throw ARMError.resourceNotFound(id) }
            }
            return text
        }
    }

    /// `permissions`: an array of permission objects of string arrays.
    static func permissions(_ properties: JSONObject) throws -> [Permission] {
        guard let value = properties["permissions"], !value.isNull else { return [] }
        guard let items = value.arrayValue else { throw BodyReader.wrongType("properties.permissions", expected: "array", found: value) }
        return try items.enumerated().map { index, item in try Permission(item, path: "properties.permissions[\(index)]") }
    }
}
