import ARM

/// Gathers a principal's roles at a target (any id, extension ids included): the assignments at
/// the target or above it, up to the tenant root. The enforcement hook to come caches the result
/// per principal and invalidates it on every assignment or custom-role change.
struct AccessReview {
    let catalog: RoleCatalog
    let session: ResourceSession

    func permissions(of principalID: String, at target: String) throws -> EffectivePermissions {
        let principal = principalID.lowercased()
        let key = target.lowercased()
        let held = try RoleAssignments(session: session).all().filter { a in
            guard a.principalID.lowercased() == principal else { return false }
            let scope = a.extensionScope.key
            return scope == "/" || key == scope || key.hasPrefix(scope + "/")
        }
        let roles = try held.compactMap { try catalog.role($0.roleName, session) }
        return EffectivePermissions(roles: roles)
    }
}
