import Foundation

/// Strict mode's preflight of a template deployment: the caller must be allowed to write every
/// resource the template plans, else the deployment is refused before anything runs with ARM's
/// `InvalidTemplateDeployment` and one `AuthorizationFailed` detail per resource.
extension ARMEngine {
    func checkTemplateAccess(_ validated: ValidatedDeployment, _ call: Call) async throws {
        guard let hook = authorizationHook else { return }
        let caller = call.caller
        let registry = registry
        let now = clock.now()
        let refusals = try await store.read { tx -> [ARMError] in
            let session = ResourceSession(transaction: tx, now: now)
            return validated.plan.compactMap { resource -> ARMError? in
                let derived = ARMAction(method: "PUT", path: resource.id.split(separator: "/").map(String.init))
                let action = ARMAction(action: registry.permissionAction(derived.action), scope: derived.scope)
                guard (try? hook.authorize(caller, action, session: session)) == nil else { return nil }
                return Self.templateAuthorizationFailed(resource.name, type: resource.type, caller: caller, action: action)
            }
        }
        guard !refusals.isEmpty else { return }
        throw ARMError(status: 400, code: "InvalidTemplateDeployment",
                       message: "Deployment failed with multiple errors: '" + refusals.map(\.message).joined(separator: ":") + "'",
                       details: refusals)
    }

    /// ARM's preflight wording (it says "permission" and "at scope", unlike AuthorizationFailed on a request).
    static func templateAuthorizationFailed(_ name: String, type: String, caller: Caller, action: ARMAction) -> ARMError {
        let objectID = caller.objectID ?? caller.name
        let client = caller.kind == .user ? caller.name : objectID
        return ARMError(status: 403, code: "AuthorizationFailed",
                        message: "Authorization failed for template resource '\(name)' of type '\(type)'. The client '\(client)' with object id '\(objectID)' does not have permission to perform action '\(action.action)' at scope '\(action.scope)'.")
    }
}
