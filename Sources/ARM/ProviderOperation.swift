import CeruleanJSON
import Foundation
import Store

/// A provider-level route that is not a resource: `checkDomainAvailability`, `skus`,
/// `locations/{l}/usages`, `deletedAccounts`, an account's `models`. A provider registers it
/// with the engine; the engine matches method and path below
/// `/subscriptions/{s}[/resourceGroups/{g}]/providers/{namespace}/`, checks auth, api-version,
/// subscription (and group), runs it in one store transaction and pages a returned list.
public struct ProviderOperation: Sendable {
    public enum Scope: Sendable, Equatable {
        /// `/subscriptions/{s}/providers/{ns}/...`
        case subscription
        /// `/subscriptions/{s}/resourceGroups/{g}/providers/{ns}/...`
        case resourceGroup
        /// `{any scope}/providers/{ns}/...`: an extension resource below the tenant root, a
        /// subscription, a group or a resource (`ExtensionRoutes`).
        case anyScope
    }

    /// What an operation answers.
    public enum Result: Sendable {
        /// A JSON body as it is.
        case body(JSON, status: Int = 200, headers: [(String, String)] = [])
        /// Items paged by the engine as `{"value": [...], "nextLink"?}`.
        case list([JSON])
        /// A status without a body (204 for a finished purge).
        case empty(status: Int)
    }

    public let method: String
    public let namespace: String
    public let scope: Scope
    /// Path segments after `/providers/{namespace}/`; `{name}` segments capture a parameter,
    /// the others match case-insensitively.
    public let pattern: [String]
    /// Whether the operation changes the store (runs in a write transaction).
    public var writes: Bool
    /// Work to finish before the transaction starts (billing writes the usage it holds in
    /// memory, so the query reads all of it).
    public var prepare: (@Sendable () async throws -> Void)?
    public var run: @Sendable (ProviderOperationCall) throws -> Result

    public init(_ method: String, namespace: String, scope: Scope = .subscription, _ pattern: String, writes: Bool = false,
                prepare: (@Sendable () async throws -> Void)? = nil,
                run: @escaping @Sendable (ProviderOperationCall) throws -> Result) {
        self.method = method.uppercased()
        self.namespace = namespace
        self.scope = scope
        self.pattern = pattern.split(separator: "/").map(String.init)
        self.writes = writes
        self.prepare = prepare
        self.run = run
    }

    /// The captured parameters if `segments` fit the pattern.
    func match(_ segments: [String]) -> [String: String]? {
        guard segments.count == pattern.count else { return nil }
        var captured: [String: String] = [:]
        for (p, s) in zip(pattern, segments) {
            if p.hasPrefix("{") && p.hasSuffix("}") {
                captured[String(p.dropFirst().dropLast())] = s
            } else if p.lowercased() != s.lowercased() {
                return nil
            }
        }
        return captured
    }
}

/// One matched provider operation call, with the store session it runs in.
public struct ProviderOperationCall {
    public let subscriptionID: String
    public let resourceGroup: String?
    /// Path parameters by the names of the pattern's `{name}` segments.
    public let parameters: [String: String]
    public let query: [(String, String)]
    public let body: Data?
    public let apiVersion: String
    public let caller: Caller
    public let baseURL: String
    public let session: ResourceSession
    public let registry: ResourceTypeRegistry
    public let tenantID: String
    /// The scope before `/providers/{ns}/` of an extension operation (`nil` for the others).
    public let scope: ExtensionScope?

    public func parameter(_ name: String) -> String { parameters[name] ?? "" }

    public func queryValue(_ name: String) -> String? {
        query.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// The body as a JSON object (an empty object when there is none).
    public func bodyObject() throws -> JSONObject {
        guard let body, !body.isEmpty else { return JSONObject() }
        return try BodyReader.object(body)
    }

    /// A resource body as clients see it (the type's `present` applied).
    public func render(_ resource: StoredResource) -> JSON {
        var body = resource.body
        registry.type(resource.id.fullType)?.present(&body, Presentation(baseURL: baseURL))
        return .object(body)
    }

    /// A context for a resource's rules, as the engine builds it.
    public func context(_ id: ResourceID) -> ResourceContext {
        ResourceContext(id: id, caller: caller, session: session, apiVersion: apiVersion, baseURL: baseURL,
                        registry: registry, tenantID: tenantID)
    }
}

extension ARMEngine {
    /// The registered operation for this path, if any, with its parameters.
    func providerOperation(method: String, namespace: String, scope: ProviderOperation.Scope, tail: [String])
        -> (ProviderOperation, [String: String])?
    {
        let ns = namespace.lowercased()
        for op in operations where op.namespace.lowercased() == ns && op.scope == scope && op.method == method {
            if let parameters = op.match(tail) { return (op, parameters) }
        }
        return nil
    }

    /// Whether some operation matches the path with another method (for a 405).
    func providerOperationExists(namespace: String, scope: ProviderOperation.Scope, tail: [String]) -> Bool {
        operations.contains { $0.namespace.lowercased() == namespace.lowercased() && $0.scope == scope && $0.match(tail) != nil }
    }

    func runProviderOperation(_ op: ProviderOperation, parameters: [String: String], call: Call, subscription: String,
                              group: String?, extensionScope: ExtensionScope? = nil) async throws -> ARMResponse
    {
        if let prepare = op.prepare { try await prepare() }
        let now = clock.now()
        let work: @Sendable (StoreTransaction) throws -> ProviderOperation.Result = { tx in
            let session = ResourceSession(transaction: tx, now: now)
            if let extensionScope {
                try ARMEngine.requireExtensionScope(extensionScope, session)
            } else if let group {
                try ARMEngine.requireGroup(ResourceID(subscriptionID: subscription, resourceGroup: group), session, forWrite: false)
            }
            let opCall = ProviderOperationCall(
                subscriptionID: subscription, resourceGroup: group, parameters: parameters, query: call.request.query,
                body: call.request.body, apiVersion: call.apiVersion, caller: call.caller, baseURL: call.request.baseURL,
                session: session, registry: self.registry, tenantID: self.settings.tenantID, scope: extensionScope)
            return try op.run(opCall)
        }
        let result = op.writes ? try await store.write(work) : try await store.read(work)
        switch result {
        case .body(let json, let status, let headers): return Self.ok(json, status: status, headers: headers)
        case .list(let items): return Self.ok(try pager.page(items, request: call.request))
        case .empty(let status): return ARMResponse(status: status)
        }
    }
}
