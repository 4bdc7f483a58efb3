import CeruleanJSON
import Foundation
import Store
import Synchronization

/// The generic Azure Resource Manager: routes an `ARMRequest` to subscriptions, tenants,
/// providers, resource groups, provider resources and operation statuses, applying the
/// ARM conventions (auth header, api-version, error envelope, LRO, paging) once for all types.
public final class ARMEngine: Sendable {
    public let store: Store
    public let registry: ResourceTypeRegistry
    public let clock: any Clock
    public let policies: PolicyBook
    public let settings: ARMSettings
    /// Strict token checking; `nil` accepts any bearer value.
    public let tokenChecker: (any BearerTokenChecker)?
    /// Provider routes that are not resources (see `ProviderOperation`).
    public let operations: [ProviderOperation]
    /// Strict mode's permission check (`AuthorizationHook`); `nil` lets every caller act as Owner.
    public let authorizationHook: (any AuthorizationHook)?
    /// Providers' defaults, written whenever the engine ensures its own (start, reset).
    let bootstrapSteps: [BootstrapStep]
    /// Lower-cased namespaces with `.anyScope` operations (see `ExtensionRoutes`).
    let extensionNamespaces: Set<String>
    /// Subscriptions known to exist, with the store epoch they were seen in (subscriptions are
    /// only ever removed wholesale, by a reset or a snapshot restore, which moves the epoch).
    private let knownSubscriptions = Mutex<(epoch: Int, ids: Set<String>)>((-1, []))

    public init(store: Store, types: [ResourceType], clock: any Clock = SystemClock(),
                policies: PolicyBook = PolicyBook(), settings: ARMSettings = ARMSettings(),
                tokenChecker: (any BearerTokenChecker)? = nil, operations: [ProviderOperation] = [],
                scopeRemovalHooks: [ScopeRemovalHook] = [], authorizationHook: (any AuthorizationHook)? = nil,
                bootstrapSteps: [BootstrapStep] = []) {
        self.store = store
        self.authorizationHook = authorizationHook
        self.bootstrapSteps = bootstrapSteps
        self.operations = operations
        extensionNamespaces = Set(operations.filter { $0.scope == .anyScope }.map { $0.namespace.lowercased() })
        var registry = ResourceTypeRegistry([ResourceGroupType.definition, DeploymentType.definition])
        for t in types { registry.register(t) }
        for hook in scopeRemovalHooks { registry.addScopeRemovalHook(hook) }
        self.registry = registry
        self.clock = clock
        self.policies = policies
        policies.learnTypicalDurations(Dictionary(
            registry.all.compactMap { t in t.typicalProvisioningSeconds.map { (t.type, $0) } }, uniquingKeysWith: { a, _ in a }))
        self.settings = settings
        self.tokenChecker = tokenChecker
    }

    var provisioner: Provisioner { Provisioner(registry: registry, policies: policies) }
    var pager: Pager { Pager(pageSize: settings.pageSize) }

    /// Makes sure the default tenant and subscription exist, then runs the providers' bootstrap
    /// steps (the default principal's Owner assignment), in one transaction.
    public func bootstrap() async throws {
        let settings = self.settings
        let now = clock.now()
        let steps = bootstrapSteps
        try await store.write { tx in
            try SubscriptionDirectory(transaction: tx).ensure(
                subscriptionID: settings.defaultSubscriptionID, displayName: settings.defaultSubscriptionName,
                tenantID: settings.tenantID, now: now)
            let session = ResourceSession(transaction: tx, now: now)
            for step in steps { try step(session, settings.defaultSubscriptionID) }
        }
    }

    /// Settles a resource's time-based transition if it is due (not an observation), for planes
    /// that read resources outside ARM calls; `finishNow` ends its pending operation at once with
    /// the policy's outcome (seed files).
    public func refresh(_ id: ResourceID, finishNow: Bool = false) async throws {
        try await store.write { tx in
            let session = ResourceSession(transaction: tx, now: self.clock.now())
            guard let resource = try session.get(id), resource.row.pendingOperation != nil else { return }
            let context = ResourceContext(id: id, caller: .anonymous, session: session, apiVersion: "internal",
                                          baseURL: "", registry: self.registry, tenantID: self.settings.tenantID)
            _ = try self.provisioner.settle(resource, observe: false, context: context, force: finishNow)
        }
    }

    /// Adds a subscription (for seed files), with the bootstrap steps' defaults; existing ones are
    /// left as they are.
    public func addSubscription(_ id: String, displayName: String) async throws {
        let tenant = settings.tenantID
        let now = clock.now()
        let steps = bootstrapSteps
        try await store.write { tx in
            try SubscriptionDirectory(transaction: tx).ensure(subscriptionID: id, displayName: displayName, tenantID: tenant, now: now)
            let session = ResourceSession(transaction: tx, now: now)
            for step in steps { try step(session, id) }
        }
    }

    /// Answers one ARM request. Never throws: every failure becomes an ARM error response.
    public func handle(_ request: ARMRequest) async -> ARMResponse {
        var response: ARMResponse
        do {
            let caller = try authenticate(request)
            if request.fromClient { try JSONMediaType.check(request) }
            guard let apiVersion = request.apiVersion, !apiVersion.isEmpty else { throw ARMError.missingAPIVersion() }
            let readFilter = try await authorize(caller, request)
            let call = Call(request: request, caller: caller, apiVersion: apiVersion, readFilter: readFilter)
            // Whatever time has finished is settled before anything is read or written.
            try? await settleDue()
            response = try await route(call)
        } catch let error as ARMError {
            response = ARMResponse(error: error)
        } catch let error as JSONParseError {
            response = ARMResponse(error: .invalidRequestContent(error.description))
        } catch {
            response = ARMResponse(error: .internalError("The request failed unexpectedly: \(error)"))
        }
        let isRead = request.method == "GET" || request.method == "HEAD"
        response.headers.append(
            isRead ? ("x-ms-ratelimit-remaining-subscription-reads", "11999")
                : ("x-ms-ratelimit-remaining-subscription-writes", "1199"))
        response.headers.append(contentsOf: [("Cache-Control", "no-cache"), ("Pragma", "no-cache"), ("Expires", "-1")])
        if request.method == "HEAD" { response.body = nil }
        return response
    }

    private func authenticate(_ request: ARMRequest) throws -> Caller {
        guard let header = request.header("authorization") else { throw ARMError.authenticationMissing() }
        guard let token = Caller.bearerToken(header) else { throw ARMError.authenticationInvalidScheme() }
        if let tokenChecker { return try tokenChecker.caller(for: token, baseURL: request.baseURL, now: clock.now()) }
        return Caller(authorization: header)
    }

    /// One request with what every handler needs.
    struct Call: Sendable {
        let request: ARMRequest
        let caller: Caller
        let apiVersion: String
        /// Set when the caller may read only some of the list it asked for.
        var readFilter: ReadFilter? = nil
        var method: String { request.method }
    }

    private func route(_ call: Call) async throws -> ARMResponse {
        if let response = try await extensionCall(call) { return response }
        let s = call.request.pathSegments
        let lower = s.map { $0.lowercased() }
        if lower == ["subscriptions"] { return try await listSubscriptions(call) }
        if lower == ["tenants"] { return try await listTenants(call) }
        guard lower.first == "subscriptions", s.count >= 2 else { throw ARMError.pathNotFound(call.request.path) }
        let subscription = s[1]
        try await requireSubscription(subscription)
        if s.count == 2 { return try await getSubscription(call, subscription) }
        switch lower[2] {
        case "resourcegroups":
            if s.count == 3 { return try await listResourceGroups(call, subscription) }
            let group = s[3]
            if s.count == 4 { return try await resourceGroupCall(call, ResourceID(subscriptionID: subscription, resourceGroup: group)) }
            if s.count == 5, lower[4] == "resources" { return try await listResources(call, subscription: subscription, group: group) }
            // Deployment operations also live at `.../resourcegroups/{rg}/deployments/{name}/operations`.
            if lower[4] == "deployments", s.count >= 6 {
                return try await deploymentCall(call, scope: ResourceID(subscriptionID: subscription, resourceGroup: group),
                                                rest: Array(s[5...]))
            }
            if lower[4] == "providers", s.count >= 6, Self.isDeploymentPath(Array(s[5...])) {
                return try await deploymentCall(call, scope: ResourceID(subscriptionID: subscription, resourceGroup: group),
                                                rest: Array(s[7...]))
            }
            if lower[4] == "providers", s.count >= 7,
                let response = try await providerOperationCall(call, subscription: subscription, group: group,
                                                               namespace: s[5], tail: Array(s[6...]))
            {
                return response
            }
            if lower[4] == "providers", s.count >= 6 {
                return try await providerResourceCall(call, subscription: subscription, group: group, tail: Array(s[5...]))
            }
            throw ARMError.pathNotFound(call.request.path)
        case "providers":
            if s.count == 3 { return try await listProviders(call, subscription) }
            if s.count == 4 { return try await getProvider(call, subscription, namespace: s[3]) }
            if s.count == 5, ["register", "unregister"].contains(lower[4]) {
                return try await registerProvider(call, subscription, namespace: s[3], register: lower[4] == "register")
            }
            if s.count == 8, lower[4] == "locations", isOperationSegment(namespace: s[3], segment: lower[6]) {
                return try await operationCall(call, subscription: subscription, namespace: s[3], segment: lower[6], id: s[7])
            }
            if Self.isDeploymentPath(Array(s[3...])) {
                return try await deploymentCall(call, scope: ResourceID(subscriptionID: subscription), rest: Array(s[5...]))
            }
            if s.count >= 5, let response = try await providerOperationCall(call, subscription: subscription, group: nil,
                                                                             namespace: s[3], tail: Array(s[4...])) {
                return response
            }
            return try await providerResourceCall(call, subscription: subscription, group: nil, tail: Array(s[3...]))
        case "deployments" where s.count >= 4:
            return try await deploymentCall(call, scope: ResourceID(subscriptionID: subscription), rest: Array(s[3...]))
        case "locations" where s.count == 3:
            return try await listLocations(call, subscription)
        case "resources" where s.count == 3:
            return try await listResources(call, subscription: subscription, group: nil)
        default:
            throw ARMError.pathNotFound(call.request.path)
        }
    }

    /// A registered provider operation's answer, or `nil` when none matches the path.
    private func providerOperationCall(_ call: Call, subscription: String, group: String?, namespace: String,
                                       tail: [String]) async throws -> ARMResponse?
    {
        let scope: ProviderOperation.Scope = group == nil ? .subscription : .resourceGroup
        guard let (op, parameters) = providerOperation(method: call.method, namespace: namespace, scope: scope, tail: tail) else {
            if providerOperationExists(namespace: namespace, scope: scope, tail: tail) { throw ARMError.methodNotAllowed(call.method) }
            return nil
        }
        return try await runProviderOperation(op, parameters: parameters, call: call, subscription: subscription, group: group)
    }

    func requireSubscription(_ id: String) async throws {
        let key = id.lowercased()
        let epoch = store.epoch
        if knownSubscriptions.withLock({ $0.epoch == epoch && $0.ids.contains(key) }) { return }
        let exists = try await store.read { tx in try SubscriptionDirectory(transaction: tx).exists(id) }
        guard exists else { throw ARMError.subscriptionNotFound(id) }
        knownSubscriptions.withLock {
            if $0.epoch != epoch { $0 = (epoch, []) }
            $0.ids.insert(key)
        }
    }

    func context(_ id: ResourceID, _ call: Call, _ session: ResourceSession) -> ResourceContext {
        var context = ResourceContext(id: id, caller: call.caller, session: session, apiVersion: call.apiVersion,
                                      baseURL: call.request.baseURL, registry: registry, tenantID: settings.tenantID)
        context.requireAccess = accessCheck(call.caller, session)
        context.requireLinkedAccess = linkedAccessCheck(call, session)
        return context
    }

    /// `Azure-AsyncOperation`, `Location` (for deletes) and `Retry-After` of a running operation.
    func operationHeaders(_ op: OperationRecord, baseURL: String, includeLocation: Bool) -> [(String, String)] {
        var headers = [("Azure-AsyncOperation", op.statusURL(baseURL: baseURL))]
        if includeLocation { headers.append(("Location", op.resultURL(baseURL: baseURL))) }
        headers.append(("Retry-After", String(settings.retryAfterSeconds)))
        headers.append(("x-ms-async-operation-timeout", "PT1H"))
        return headers
    }

    /// A resource body as it goes out: the type adds what depends on the server's address.
    func render(_ resource: StoredResource, baseURL: String) -> JSON {
        var body = resource.body
        registry.type(resource.id.fullType)?.present(&body, Presentation(baseURL: baseURL))
        return .object(body)
    }

    /// A 200 answer with a JSON body.
    static func ok(_ body: JSON, status: Int = 200, headers: [(String, String)] = []) -> ARMResponse {
        ARMResponse(status: status, headers: headers, body: body)
    }
}
