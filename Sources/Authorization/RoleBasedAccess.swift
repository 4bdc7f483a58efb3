import ARM

/// Strict mode's `AuthorizationHook`: the caller's effective permissions at the request's target
/// and above must allow its action; otherwise `403 AuthorizationFailed`, naming users by sign-in
/// name and service principals and managed identities by object id (reference §3.1).
struct RoleBasedAccess: AuthorizationHook {
    let provider: AuthorizationProvider

    func authorize(_ caller: Caller, _ action: ARMAction, session: ResourceSession) throws {
        let objectID = caller.objectID ?? caller.name
        let permissions = try provider.permissions(of: objectID, at: action.scope, session: session)
        guard permissions.allows(action.action) else {
            throw AuthorizationErrors.authorizationFailed(client: caller.kind == .user ? caller.name : objectID, objectID: objectID,
                                                          action: action.action, scope: action.scope)
        }
    }

    func authorizeLinked(_ caller: Caller, _ action: ARMAction, linked: ARMAction, session: ResourceSession) throws {
        let objectID = caller.objectID ?? caller.name
        guard try provider.permissions(of: objectID, at: linked.scope, session: session).allows(linked.action) else {
            throw AuthorizationErrors.linkedAuthorizationFailed(
                client: caller.kind == .user ? caller.name : objectID, objectID: objectID, action: action.action, scope: action.scope,
                linkedAction: linked.action, linkedScopes: [linked.scope])
        }
    }

    func holdsAnyRole(_ caller: Caller, around scope: String, session: ResourceSession) throws -> Bool {
        try provider.holdsAnyRole(caller.objectID ?? caller.name, around: scope, session: session)
    }
}
