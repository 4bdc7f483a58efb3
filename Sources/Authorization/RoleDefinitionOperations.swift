import ARM
import CeruleanJSON
import Foundation

/// `{scope}/providers/Microsoft.Authorization/roleDefinitions[/{guid}]`: list and GET at any
/// scope; custom roles are PUT and DELETEd (`CustomRoles`).
struct RoleDefinitionOperations {
    let catalog: RoleCatalog

    var operations: [ProviderOperation] {
        [
            ProviderOperation("GET", namespace: AuthorizationProvider.namespace, scope: .anyScope, "roleDefinitions") { call in
                try list(call)
            },
            ProviderOperation("GET", namespace: AuthorizationProvider.namespace, scope: .anyScope, "roleDefinitions/{name}") { call in
                let scope = call.scope ?? .root
                guard let role = try catalog.role(call.parameter("name"), call.session) else {
                    throw AuthorizationErrors.roleDefinitionDoesNotExist(call.parameter("name"))
                }
                return .body(role.body(at: scope))
            },
        ]
    }

    /// Definitions applicable at the scope and above, filtered by `roleName` (case-insensitive) or `type`.
    private func list(_ call: ProviderOperationCall) throws -> ProviderOperation.Result {
        let scope = call.scope ?? .root
        let filter = try AuthorizationFilter(call.queryValue("$filter"), allowed: ["roleName", "type"])
        let roles = try catalog.all(call.session).filter { role in
            guard role.kind == .builtIn || role.isAssignable(at: scope) else { return false }
            if let name = filter.roleName, role.roleName.lowercased() != name.lowercased() { return false }
            if let type = filter.type, role.kind.rawValue.lowercased() != type.lowercased() { return false }
            return true
        }
        return .list(roles.map { $0.body(at: scope) })
    }
}
