import CeruleanJSON
import Foundation

/// What a resource type's rules and effects can see: the resource, the caller, the time, the
/// other resources (through `session`, inside the same transaction) and the engine's settings.
public struct ResourceContext {
    public let id: ResourceID
    public let caller: Caller
    public let session: ResourceSession
    public let apiVersion: String
    /// Scheme, host and port of the URLs handed out (no trailing slash).
    public let baseURL: String
    public let registry: ResourceTypeRegistry
    /// The tenant of the emulated cloud.
    public let tenantID: String
    /// Strict mode's check of the caller for one more action (`AuthorizationFailed` when refused);
    /// `nil` when every caller acts as Owner.
    public var requireAccess: ((ARMAction) throws -> Void)?
    /// The same for an action on another resource the request refers to (`LinkedAuthorizationFailed`).
    public var requireLinkedAccess: ((ARMAction) throws -> Void)?

    public var now: Date { session.now }

    public init(id: ResourceID, caller: Caller, session: ResourceSession, apiVersion: String, baseURL: String,
                registry: ResourceTypeRegistry, tenantID: String) {
        self.id = id
        self.caller = caller
        self.session = session
        self.apiVersion = apiVersion
        self.baseURL = baseURL
        self.registry = registry
        self.tenantID = tenantID
    }

    /// Removes another resource and everything below it at once, applying each removed type's
    /// `onDeleted` as a finished delete does (a SaaS resource's deletion ends the marketplace
    /// subscription it pays for). Nothing happens if it is already gone.
    public func deleteNow(_ other: ResourceID) throws {
        guard let resource = try session.get(other) else { return }
        try Provisioner(registry: registry, policies: PolicyBook()).deleteTree(resource, context: about(other))
    }

    /// The same context for another resource (for effects that touch it).
    public func about(_ other: ResourceID) -> ResourceContext {
        var context = ResourceContext(id: other, caller: caller, session: session, apiVersion: apiVersion, baseURL: baseURL,
                                      registry: registry, tenantID: tenantID)
        context.requireAccess = requireAccess
        context.requireLinkedAccess = requireLinkedAccess
        return context
    }
}
