import ARM
import Billing
import Catalog
import CeruleanJSON
import CognitiveServices
import Foundation
import Identity
import Inference
import Store
import Synchronization

/// The data plane's view of Cognitive Services accounts and their deployments: built from the
/// store (bodies, keys) and the catalog, cached until the store's next write, so a regenerated
/// key, a new deployment or `disableLocalAuth` applies to the very next request.
final class AccountDirectory: Sendable {
    struct Table: Sendable {
        var generation: Int
        /// By custom subdomain (AIServices accounts without one also by name, for their Foundry host).
        var bySubdomain: [String: InferenceAccount] = [:]
        var byRegion: [String: [InferenceAccount]] = [:]
    }

    let store: Store
    let catalog: ModelCatalog
    let engine: ARMEngine
    private let cache = GenerationCache<Table>()

    init(store: Store, catalog: ModelCatalog, engine: ARMEngine) {
        self.store = store
        self.catalog = catalog
        self.engine = engine
    }

    func account(_ host: AccountHost, keys: [String]) async throws -> InferenceAccount? {
        // An account or deployment whose operation time has finished is settled first.
        try await engine.settleDue()
        return pick(host, keys, try await table())
    }

    private func pick(_ host: AccountHost, _ keys: [String], _ table: Table) -> InferenceAccount? {
        switch host {
        case .subdomain(let label): return table.bySubdomain[label.lowercased()]
        case .region(let region):
            return table.byRegion[region.lowercased()]?.first { account in keys.contains(where: account.accepts) }
        }
    }

    func table() async throws -> Table {
        let catalog = self.catalog
        return try await cache.value(store) { tx, generation in try Self.build(tx, catalog: catalog, generation: generation) }
    }

    /// Every account with its deployments (for the dashboard).
    func all() async throws -> [InferenceAccount] {
        try await table().byRegion.values.flatMap { $0 }.sorted { $0.name < $1.name }
    }

    static func build(_ tx: StoreTransaction, catalog: ModelCatalog, generation: Int) throws -> Table {
        var table = Table(generation: generation)
        let keys = try AccountKeys.all(from: tx)
        for row in try tx.resources(typeKey: CognitiveServicesProvider.accountType.lowercased()) {
            let account = try StoredResource(decoding: row)
            guard let key = keys[row.key], let region = account.location else { continue }
            let kind = account.body["kind"]?.stringValue ?? "OpenAI"
            let props = account.properties
            var deployments: [String: InferenceEndpoint] = [:]
            for child in try tx.resources(parentKey: row.key, typeKey: CognitiveServicesProvider.deploymentType.lowercased()) {
                let deployment = try StoredResource(decoding: child)
                guard let endpoint = endpoint(deployment, account: account, kind: kind, key: key, catalog: catalog) else { continue }
                deployments[child.name.lowercased()] = endpoint
            }
            let view = InferenceAccount(
                id: row.id, name: row.name, kind: kind, key1: key.key1, key2: key.key2,
                localAuthDisabled: props["disableLocalAuth"]?.boolValue == true,
                publicNetworkAccess: props["publicNetworkAccess"]?.stringValue != "Disabled", deployments: deployments)
            if let subdomain = props["customSubDomainName"]?.stringValue?.lowercased() {
                table.bySubdomain[subdomain] = view
            } else if kind == "AIServices", table.bySubdomain[row.name.lowercased()] == nil {
                table.bySubdomain[row.name.lowercased()] = view
            }
            table.byRegion[region.lowercased(), default: []].append(view)
        }
        return table
    }

    static func endpoint(_ deployment: StoredResource, account: StoredResource, kind: String, key: AccountKeys,
                         catalog: ModelCatalog) -> InferenceEndpoint? {
        let props = deployment.properties
        guard let format = props["model"]?["format"]?.stringValue, let name = props["model"]?["name"]?.stringValue,
            let model = catalog.accountModel(format: format, name: name),
            let limits = RateLimitRules.perMinute(props["rateLimits"])
        else { return nil }
        return InferenceEndpoint(
            id: deployment.row.id, name: deployment.row.name, region: account.location ?? "", modelID: model.id,
            modelName: model.name, providerName: model.providerName ?? model.publisher, task: EndpointDirectory.task(model.task),
            contextWindow: model.contextWindow, embeddingDimensions: model.embeddingDimensions,
            primaryKey: key.key1, secondaryKey: key.key2,
            contentSafety: props["raiPolicyName"]?.stringValue != "Microsoft.Nil",
            tokensPerMinute: limits.tokens, requestsPerMinute: limits.requests,
            availability: availability(deployment.provisioningState, account: account.provisioningState),
            pricingTier: "\(kind) S0",
            meter: MeterTargets.accountDeployment(accountID: account.row.id, deploymentID: deployment.row.id, model: model.name,
                                                  sku: deployment.body["sku"]?["name"]?.stringValue ?? ""))
    }

    static func availability(_ state: String?, account: String?) -> InferenceEndpoint.Availability {
        switch (account ?? "Succeeded", state ?? "Succeeded") {
        case ("Deleting", _), (_, "Deleting"): return .deleting
        case ("Succeeded", "Succeeded"): return .ready
        case (let a, let d): return .notReady(state: a == "Succeeded" ? d : a)
        }
    }
}

/// Entra tokens on the data plane: signed by Cerulean's issuer, unexpired, for an audience the
/// real service accepts; the principal is the token's object id, named by sign-in name for users.
/// A signature is verified once per token: a client sends the same token until it refreshes it,
/// so later calls check only its times and audience against the claims kept.
final class AccountTokenVerifier: DataPlaneTokenVerifier {
    let validator: TokenValidator
    let now: @Sendable () -> Date
    /// Verified tokens' claims, dropped all at once when it grows past `limit`.
    private let verified = Mutex<[String: JSONObject]>([:])
    static let limit = 1024

    init(validator: TokenValidator, now: @escaping @Sendable () -> Date) {
        self.validator = validator
        self.now = now
    }

    func principal(of token: String, audiences: [String]) -> TokenPrincipal? {
        let claims: JSONObject
        if let known = verified.withLock({ $0[token] }) {
            guard (try? validator.check(known, audiences: audiences, now: now())) != nil else { return nil }
            claims = known
        } else {
            guard let fresh = try? validator.validate(token, audiences: audiences, now: now()) else { return nil }
            verified.withLock { cache in
                if cache.count >= Self.limit { cache.removeAll(keepingCapacity: true) }
                cache[token] = fresh
            }
            claims = fresh
        }
        let caller = Caller(claims: claims)
        let objectID = caller.objectID ?? caller.name
        return TokenPrincipal(objectID: objectID, displayName: caller.kind == .user ? caller.name : objectID)
    }
}
