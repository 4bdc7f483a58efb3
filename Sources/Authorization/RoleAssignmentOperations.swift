import ARM
import CeruleanJSON
import Foundation

/// `{scope}/providers/Microsoft.Authorization/roleAssignments[/{guid}]` at any scope: PUT (201),
/// GET, DELETE (200 with the body, 204 when absent) and the list with its filters.
struct RoleAssignmentOperations {
    static let principalTypes = ["User", "Group", "ServicePrincipal", "ForeignGroup", "Device"]
    let catalog: RoleCatalog
    let checksPrincipals: Bool
    var identityTypes: [String] = []

    var operations: [ProviderOperation] {
        let ns = AuthorizationProvider.namespace
        return [
            ProviderOperation("GET", namespace: ns, scope: .anyScope, "roleAssignments") { call in try list(call) },
            ProviderOperation("GET", namespace: ns, scope: .anyScope, "roleAssignments/{name}") { call in
                guard let found = try RoleAssignments(session: call.session).get(key(call)) else {
                    throw ARMError(status: 404, code: "RoleAssignmentNotFound",
                                   message: "The role assignment '\(call.parameter("name"))' is not found.")
                }
                return .body(found.body)
            },
            ProviderOperation("PUT", namespace: ns, scope: .anyScope, "roleAssignments/{name}", writes: true) { call in
                try put(call)
            },
            ProviderOperation("DELETE", namespace: ns, scope: .anyScope, "roleAssignments/{name}", writes: true) { call in
                let store = RoleAssignments(session: call.session)
                guard let found = try store.get(key(call)) else { return .empty(status: 204) }
                try store.delete(found)
                return .body(found.body)
            },
        ]
    }

    private func key(_ call: ProviderOperationCall) -> String {
        (call.scope ?? .root).extensionID(namespace: AuthorizationProvider.namespace, type: "roleAssignments",
                                          name: call.parameter("name")).lowercased()
    }

    // MARK: PUT

    private func put(_ call: ProviderOperationCall) throws -> ProviderOperation.Result {
        let scope = call.scope ?? .root
        let name = call.parameter("name")
        guard UUID(uuidString: name) != nil else { throw AuthorizationErrors.invalidRoleAssignmentID(name) }
        let body = try call.bodyObject()
        guard let properties = try BodyReader.optionalObject(body, "properties") else { throw ARMError.missingProperty("properties") }
        guard let roleValue = try BodyReader.optionalString(properties, "roleDefinitionId", path: "properties.roleDefinitionId") else {
            throw ARMError.missingProperty("properties.roleDefinitionId")
        }
        guard let roleGUID = Self.roleGUID(roleValue) else { throw AuthorizationErrors.invalidRoleDefinitionID(roleValue) }
        guard let principalID = try BodyReader.optionalString(properties, "principalId", path: "properties.principalId") else {
            throw ARMError.missingProperty("properties.principalId")
        }
        guard UUID(uuidString: principalID) != nil else {
            throw ARMError(status: 400, code: "InvalidPrincipalId",
                           message: "The principal ID '\(principalID)' is not valid. Principal IDs must be GUIDs.")
        }
        let principalType = try BodyReader.choice(
            try BodyReader.optionalString(properties, "principalType", path: "properties.principalType"),
            from: Self.principalTypes, path: "properties.principalType", fallback: "User")
        let condition = try BodyReader.optionalString(properties, "condition", path: "properties.condition")
        let conditionVersion = try BodyReader.optionalString(properties, "conditionVersion", path: "properties.conditionVersion")
        if let conditionVersion, conditionVersion != "2.0" {
            throw ARMError.invalidParameter("The condition version '\(conditionVersion)' is not supported. The only accepted value is '2.0'.",
                                            target: "properties.conditionVersion")
        }
        guard let role = try catalog.role(roleGUID, call.session) else {
            var error = AuthorizationErrors.roleDefinitionDoesNotExist(roleGUID)
            error.status = 400
            throw error
        }
        guard role.isAssignable(at: scope) else { throw AuthorizationErrors.roleNotAssignable(role.id(at: scope), scope: scope.string) }
        if checksPrincipals, try PrincipalDirectory(session: call.session, identityTypes: identityTypes).find(principalID) == nil {
            throw AuthorizationErrors.principalNotFound(principalID, tenantID: call.tenantID)
        }
        let now = ARMTime.string(call.session.now)
        var assignment = RoleAssignment(
            name: name, scope: scope.string, roleDefinitionID: role.id(at: scope), principalID: principalID,
            principalType: principalType, description: try BodyReader.optionalString(properties, "description", path: "properties.description"),
            condition: condition, conditionVersion: conditionVersion ?? (condition == nil ? nil : "2.0"),
            delegatedManagedIdentityResourceID: try BodyReader.optionalString(
                properties, "delegatedManagedIdentityResourceId", path: "properties.delegatedManagedIdentityResourceId"),
            createdOn: now, updatedOn: now, createdBy: nil, updatedBy: call.caller.objectID)
        let store = RoleAssignments(session: call.session)
        let existing = try store.get(assignment.key)
        if let existing {
            guard existing.duplicates(assignment) else { throw AuthorizationErrors.roleAssignmentUpdateNotPermitted() }
            assignment.createdOn = existing.createdOn
            assignment.createdBy = existing.createdBy
        } else if let same = try store.all().first(where: { $0.duplicates(assignment) }) {
            throw AuthorizationErrors.roleAssignmentExists(existingName: same.name)
        }
        try store.save(assignment)
        return .body(assignment.body, status: existing == nil ? 201 : 200)
    }

    /// The GUID of `{scope}/providers/Microsoft.Authorization/roleDefinitions/{guid}` (tenant,
    /// subscription or group form), or `nil` when the value is not such an id.
    static func roleGUID(_ value: String) -> String? {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 5, parts[0].isEmpty, let guid = parts.last, UUID(uuidString: guid) != nil,
            parts[parts.count - 4].lowercased() == "providers",
            parts[parts.count - 3].lowercased() == AuthorizationProvider.namespace.lowercased(),
            parts[parts.count - 2].lowercased() == "roledefinitions",
            ExtensionScope("/" + parts[1..<(parts.count - 4)].joined(separator: "/")) != nil
        else { return nil }
        return guid
    }

    // MARK: List

    /// `atScope()`: at the scope or above; `principalId eq` / `assignedTo()`: that principal at,
    /// above or below; no filter: at, above and below.
    private func list(_ call: ProviderOperationCall) throws -> ProviderOperation.Result {
        let scope = call.scope ?? .root
        let filter = try AuthorizationFilter(call.queryValue("$filter"), allowed: ["atScope", "principalId", "assignedTo"])
        let principal = filter.principal?.lowercased()
        let found = try RoleAssignments(session: call.session).all().filter { assignment in
            let at = assignment.extensionScope
            let aboveOrAt = scope.isWithin(at)
            guard aboveOrAt || (!filter.atScope && at.isWithin(scope)) else { return false }
            if let principal, assignment.principalID.lowercased() != principal { return false }
            return true
        }
        return .list(found.map(\.body))
    }
}
