import ARM
import Authorization
import Foundation
import Inference
import Store
import Synchronization

/// `--auth strict` on the data plane: a token-authenticated request is let through when the
/// principal's roles at the account or endpoint, or above, grant its permission. The grants come
/// from the Authorization provider's per-principal cache, which any assignment or custom-role
/// change invalidates in its own transaction; decisions are kept until the store's next write
/// (metered usage does not count), so a steady stream of calls opens no transaction.
final class StrictDataAccess: DataActionCheck {
    let store: Store
    let authorization: AuthorizationProvider
    let now: @Sendable () -> Date
    private let decisions = Mutex<(generation: Int, allowed: [String: Bool])>((-1, [:]))

    init(store: Store, authorization: AuthorizationProvider, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.authorization = authorization
        self.now = now
    }

    func allows(_ principal: TokenPrincipal, _ permission: DataPermission, at scope: String) async throws -> Bool {
        let generation = store.generation
        let key = "\(principal.objectID.lowercased())\n\(permission.action)\n\(scope.lowercased())"
        if let known = decisions.withLock({ $0.generation == generation ? $0.allowed[key] : nil }) { return known }
        let (authorization, now) = (self.authorization, self.now())
        let allowed = try await store.read { tx in
            let held = try authorization.permissions(of: principal.objectID, at: scope, session: ResourceSession(transaction: tx, now: now))
            return permission.isDataAction ? held.allowsData(permission.action) : held.allows(permission.action)
        }
        decisions.withLock { d in
            if d.generation != generation { d = (generation, [:]) }
            d.allowed[key] = allowed
        }
        return allowed
    }
}
