/// Strict mode's permission check: every ARM request's `ARMAction` is put to it with the caller
/// before the request is routed. Implemented by the Authorization module (role assignments) and
/// wired by the server for `--auth strict`; without one every caller acts as Owner.
public protocol AuthorizationHook: Sendable {
    /// Throws an `ARMError` (403 `AuthorizationFailed`) when `caller` may not perform `action`.
    func authorize(_ caller: Caller, _ action: ARMAction, session: ResourceSession) throws
}

extension ARMEngine {
    /// Asks the hook, if there is one, inside a read transaction.
    func authorize(_ caller: Caller, _ request: ARMRequest) async throws {
        guard let hook = authorizationHook else { return }
        let action = ARMAction(method: request.method, path: request.pathSegments)
        let now = clock.now()
        try await store.read { tx in try hook.authorize(caller, action, session: ResourceSession(transaction: tx, now: now)) }
    }
}
