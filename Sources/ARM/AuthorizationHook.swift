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
        guard let hook = authorizationHook, !isOperationPoll(request.pathSegments) else { return }
        let derived = ARMAction(method: request.method, path: request.pathSegments)
        let action = ARMAction(action: registry.permissionAction(derived.action), scope: derived.scope)
        let now = clock.now()
        try await store.read { tx in try hook.authorize(caller, action, session: ResourceSession(transaction: tx, now: now)) }
    }
}

extension ARMEngine {
    /// `/subscriptions/{s}/providers/{ns}/locations/{l}/{status or result segment}/{id}`: polls of
    /// an operation the caller was allowed to start (its id is unguessable) are not checked again.
    func isOperationPoll(_ segments: [String]) -> Bool {
        segments.count == 8 && segments[2].lowercased() == "providers" && segments[4].lowercased() == "locations"
            && isOperationSegment(namespace: segments[3], segment: segments[6].lowercased())
    }

    /// The check a resource type's rules may make for more than the request's own action.
    func accessCheck(_ caller: Caller, _ session: ResourceSession) -> ((ARMAction) throws -> Void)? {
        guard let hook = authorizationHook else { return nil }
        return { action in try hook.authorize(caller, action, session: session) }
    }
}
