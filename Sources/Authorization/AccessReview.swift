import ARM

/// Gathers a principal's roles at a target (any id, extension ids included): the assignments at
/// the target or above it, up to the tenant root, through the per-principal `AccessCache`.
struct AccessReview {
    let catalog: RoleCatalog
    let cache: AccessCache
    let session: ResourceSession

    func permissions(of principalID: String, at target: String) throws -> EffectivePermissions {
        let key = target.lowercased()
        let held = try cache.grants(of: principalID.lowercased(), session).filter { grant in
            grant.scope == "/" || key == grant.scope || key.hasPrefix(grant.scope + "/")
        }
        return EffectivePermissions(roles: try held.compactMap { try catalog.role($0.role, session) })
    }
}
