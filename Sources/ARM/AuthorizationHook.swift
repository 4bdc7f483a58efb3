/// Strict mode's permission check: every ARM request's `ARMAction` is put to it with the caller
/// before the request is routed. Implemented by the Authorization module (role assignments) and
/// wired by the server for `--auth strict`; without one every caller acts as Owner.
public protocol AuthorizationHook: Sendable {
    /// Throws an `ARMError` (403 `AuthorizationFailed`) when `caller` may not perform `action`.
    func authorize(_ caller: Caller, _ action: ARMAction, session: ResourceSession) throws
    /// Whether `caller` holds any role at, above or below `scope`: a list the caller may not read
    /// as a whole is then answered with the items it may read (as ARM filters a list).
    func holdsAnyRole(_ caller: Caller, around scope: String, session: ResourceSession) throws -> Bool
    /// Throws `LinkedAuthorizationFailed` when `caller`, allowed `action`, may not perform `linked`
    /// on the other resource the request refers to.
    func authorizeLinked(_ caller: Caller, _ action: ARMAction, linked: ARMAction, session: ResourceSession) throws
}

extension AuthorizationHook {
    public func holdsAnyRole(_ caller: Caller, around scope: String, session: ResourceSession) throws -> Bool { false }

    public func authorizeLinked(_ caller: Caller, _ action: ARMAction, linked: ARMAction, session: ResourceSession) throws {
        try authorize(caller, linked, session: session)
    }

    /// Whether `caller` may read the resource `id` (its type's read action at its id).
    func mayRead(_ caller: Caller, _ id: String, registry: ResourceTypeRegistry, session: ResourceSession) -> Bool {
        let derived = ARMAction(method: "GET", path: id.split(separator: "/").map(String.init))
        return (try? authorize(caller, ARMAction(action: registry.permissionAction(derived.action), scope: derived.scope),
                               session: session)) != nil
    }
}

/// A list the caller may not read as a whole but holds roles within: only the items it may read are answered.
struct ReadFilter: Sendable {
    let hook: any AuthorizationHook
    let caller: Caller
    let registry: ResourceTypeRegistry

    func keeps(_ id: String, _ session: ResourceSession) -> Bool { hook.mayRead(caller, id, registry: registry, session: session) }
}

extension ARMEngine {
    /// Asks the hook, if there is one, inside a read transaction. A refused read of a list (a
    /// path naming a collection) by a caller holding roles around it becomes a `ReadFilter`.
    func authorize(_ caller: Caller, _ request: ARMRequest) async throws -> ReadFilter? {
        // `GET /tenants` lists the signed-in tenant to anyone signed in.
        let everyone = request.pathSegments.map { $0.lowercased() } == ["tenants"]
        guard let hook = authorizationHook, !everyone, !isOperationPoll(request.pathSegments) else { return nil }
        let derived = ARMAction(method: request.method, path: request.pathSegments)
        let action = ARMAction(action: registry.permissionAction(derived.action), scope: derived.scope)
        let now = clock.now()
        let filterable = Self.isFilterableList(request)
        let registry = registry
        return try await store.read { tx -> ReadFilter? in
            let session = ResourceSession(transaction: tx, now: now)
            do {
                try hook.authorize(caller, action, session: session)
                return nil
            } catch let refusal as ARMError {
                // Roles around the list's parent (the subscription of `.../resources`, the group of a type's list).
                let segments = request.pathSegments
                let end = segments.lastIndex { $0.lowercased() == "providers" } ?? segments.count - 1
                let parent = "/" + segments[..<end].joined(separator: "/")
                // `GET /subscriptions` is never refused: a caller with no role anywhere gets an empty
                // list, as `az login` for a new service principal sees ("No subscriptions found").
                let subscriptionList = segments.count == 1 && segments[0].lowercased() == "subscriptions"
                guard filterable, try subscriptionList || hook.holdsAnyRole(caller, around: parent, session: session) else { throw refusal }
                return ReadFilter(hook: hook, caller: caller, registry: registry)
            }
        }
    }

    /// A GET of a collection (`/subscriptions`, `.../resourcegroups`, `.../resources`, a type's
    /// list: an odd number of segments) outside `Microsoft.Authorization`.
    static func isFilterableList(_ request: ARMRequest) -> Bool {
        let segments = request.pathSegments
        return request.method == "GET" && segments.count % 2 == 1
            && !segments.contains { $0.lowercased() == "microsoft.authorization" }
    }
}

extension ARMEngine {
    /// `/subscriptions/{s}/providers/{ns}/locations/{l}/{status or result segment}/{id}`: polls of
    /// an operation the caller was allowed to start (its id is unguessable) are not checked again.
    func isOperationPoll(_ segments: [String]) -> Bool {
        segments.count == 8 && segments[2].lowercased() == "providers" && segments[4].lowercased() == "locations"
            && isOperationSegment(namespace: segments[3], segment: segments[6].lowercased())
    }

    /// The linked check for the request's own action (write, delete, ... at its target).
    func linkedAccessCheck(_ call: Call, _ session: ResourceSession) -> ((ARMAction) throws -> Void)? {
        guard let hook = authorizationHook else { return nil }
        let derived = ARMAction(method: call.method, path: call.request.pathSegments)
        let action = ARMAction(action: registry.permissionAction(derived.action), scope: derived.scope)
        let caller = call.caller
        return { linked in try hook.authorizeLinked(caller, action, linked: linked, session: session) }
    }

    /// The check a resource type's rules may make for more than the request's own action.
    func accessCheck(_ caller: Caller, _ session: ResourceSession) -> ((ARMAction) throws -> Void)? {
        guard let hook = authorizationHook else { return nil }
        return { action in try hook.authorize(caller, action, session: session) }
    }
}
