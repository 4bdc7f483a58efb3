import ARM

/// The refusals of `Microsoft.Authorization`, worded as ARM words them (docs/access-control.md).
public enum AuthorizationErrors {
    static func roleDefinitionDoesNotExist(_ name: String) -> ARMError {
        ARMError(status: 404, code: "RoleDefinitionDoesNotExist",
                 message: "The specified role definition with ID '\(name)' does not exist.")
    }

    static func invalidRoleDefinitionID(_ value: String) -> ARMError {
        ARMError(status: 400, code: "InvalidRoleDefinitionId", message: "The role definition ID '\(value)' is not valid.")
    }

    static func invalidRoleAssignmentID(_ value: String) -> ARMError {
        ARMError(status: 400, code: "InvalidRoleAssignmentId",
                 message: "The role assignment ID '\(value)' is not valid. The role assignment ID must be a GUID.")
    }

    static func roleAssignmentExists(existingName: String) -> ARMError {
        ARMError(status: 409, code: "RoleAssignmentExists",
                 message: "The role assignment already exists. The ID of the existing role assignment is \(dashless(existingName)).")
    }

    static func roleAssignmentUpdateNotPermitted() -> ARMError {
        ARMError(status: 409, code: "RoleAssignmentUpdateNotPermitted",
                 message: "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.")
    }

    static func principalNotFound(_ principalID: String, tenantID: String) -> ARMError {
        ARMError(status: 400, code: "PrincipalNotFound", message:
            "Principal \(dashless(principalID)) does not exist in the directory \(tenantID). Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype")
    }

    static func roleNotAssignable(_ roleID: String, scope: String) -> ARMError {
        ARMError(status: 400, code: "InvalidRoleDefinitionScope",
                 message: "The role definition '\(roleID)' cannot be assigned at scope '\(scope)': the scope is not within its assignable scopes.")
    }

    /// Cerulean's wording: Azure's code for this was not found.
    static func builtInRoleUnchangeable(_ name: String) -> ARMError {
        ARMError(status: 400, code: "InvalidRoleDefinitionUpdate",
                 message: "The role definition '\(name)' is a built-in role; built-in roles cannot be changed or deleted.")
    }

    static func invalidFilter(_ filter: String) -> ARMError {
        ARMError(status: 400, code: "InvalidFilter", message: "The filter '\(filter)' is not supported.")
    }

    /// Strict mode's refusal (reference §3.1): users are named by sign-in name, service
    /// principals and managed identities by object id.
    public static func authorizationFailed(client: String, objectID: String, action: String, scope: String) -> ARMError {
        ARMError(status: 403, code: "AuthorizationFailed", message:
            "The client '\(client)' with object id '\(objectID)' does not have authorization to perform action '\(action)' over scope '\(scope)' or the scope is invalid. If access was recently granted, please refresh your credentials.")
    }

    /// The principal may act on the target but not on a scope the request refers to (reference §3.2).
    public static func linkedAuthorizationFailed(client: String, objectID: String, action: String, scope: String,
                                                 linkedAction: String, linkedScopes: [String]) -> ARMError {
        ARMError(status: 403, code: "LinkedAuthorizationFailed", message:
            "The client '\(client)' with object id '\(objectID)' has permission to perform action '\(action)' on scope '\(scope)'; however, it does not have permission to perform action '\(linkedAction)' on the linked scope(s) '\(linkedScopes.joined(separator: ","))' or the linked scope(s) are invalid.")
    }

    /// ARM names ids in these messages as 32 hex digits without dashes, lower-cased.
    static func dashless(_ guid: String) -> String {
        guid.replacingOccurrences(of: "-", with: "").lowercased()
    }
}
