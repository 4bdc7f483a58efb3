import ARM

/// The `Microsoft.Authorization` provider: role definitions and role assignments, extension
/// resources at any scope (the engine's `.anyScope` provider operations), and the hook that
/// drops the assignments kept below a deleted resource.
public struct AuthorizationProvider: Sendable {
    public static let namespace = "Microsoft.Authorization"

    public let builtInRoles: BuiltInRoles
    /// Whether an assignment's principal must be in the `PrincipalDirectory`.
    public let checksPrincipals: Bool
    /// Resource types whose system-assigned `identity.principalId` is a principal too.
    public let identityTypes: [String]
    let cache = AccessCache()

    public init(builtInRoles: BuiltInRoles, checksPrincipals: Bool = true, identityTypes: [String] = []) {
        self.builtInRoles = builtInRoles
        self.checksPrincipals = checksPrincipals
        self.identityTypes = identityTypes
    }

    var catalog: RoleCatalog { RoleCatalog(builtIn: builtInRoles) }

    public var operations: [ProviderOperation] {
        RoleDefinitionOperations(catalog: catalog).operations + CustomRoleOperations(catalog: catalog).operations
            + RoleAssignmentOperations(catalog: catalog, checksPrincipals: checksPrincipals, identityTypes: identityTypes).operations
    }

    /// What `principalID` may do at `target` (any id): its roles assigned there or above.
    public func permissions(of principalID: String, at target: String, session: ResourceSession) throws -> EffectivePermissions {
        try AccessReview(catalog: catalog, cache: cache, session: session).permissions(of: principalID, at: target)
    }

    /// Whether `principalID` holds a role at, above or below `scope`.
    public func holdsAnyRole(_ principalID: String, around scope: String, session: ResourceSession) throws -> Bool {
        let key = scope.lowercased()
        if key == "/" || key.isEmpty { return try !cache.grants(of: principalID.lowercased(), session).isEmpty }
        return try cache.grants(of: principalID.lowercased(), session).contains { grant in
            grant.scope == "/" || grant.scope == key || key.hasPrefix(grant.scope + "/") || grant.scope.hasPrefix(key + "/")
        }
    }

    public var scopeRemovalHooks: [ScopeRemovalHook] { [RoleAssignments.removeBelow] }

    /// The engine's hook for `--auth strict`: role assignments decide every ARM request.
    public var authorizationHook: any AuthorizationHook { RoleBasedAccess(provider: self) }
}
