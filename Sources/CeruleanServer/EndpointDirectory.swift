import ARM
import Billing
import Catalog
import CeruleanJSON
import Foundation
import Inference
import MachineLearning
import Store
import Synchronization

/// The data plane's view of serverless endpoints: built from the store (bodies, keys) and the
/// catalog (model facts), cached until the store's next write so each request is a dictionary
/// look-up, and rebuilt right after any write (a regenerated key or a state change applies to
/// the very next request).
final class EndpointDirectory: EndpointSource {
    struct Table: Sendable {
        var generation: Int
        var byRegionAndName: [String: InferenceEndpoint] = [:]
        var byName: [String: InferenceEndpoint] = [:]
    }

    let store: Store
    let catalog: ModelCatalog
    let engine: ARMEngine
    /// Cognitive Services accounts (their own directory, in AccountDirectory.swift).
    let accounts: AccountDirectory
    /// Managed online endpoints (their own directory, in OnlineDirectory.swift).
    let onlineEndpoints: OnlineDirectory
    private let cache = GenerationCache<Table>()

    init(store: Store, catalog: ModelCatalog, engine: ARMEngine) {
        self.store = store
        self.catalog = catalog
        self.engine = engine
        accounts = AccountDirectory(store: store, catalog: catalog, engine: engine)
        onlineEndpoints = OnlineDirectory(store: store, catalog: catalog, engine: engine)
    }

    func online(region: String, name: String) async throws -> InferenceOnlineEndpoint? {
        try await onlineEndpoints.endpoint(region: region, name: name)
    }

    func account(_ host: AccountHost, keys: [String]) async throws -> InferenceAccount? {
        try await accounts.account(host, keys: keys)
    }

    func endpoint(region: String, name: String) async throws -> InferenceEndpoint? {
        try await find { $0.byRegionAndName["\(region)/\(name)".lowercased()] }
    }

    func endpoint(named name: String) async throws -> InferenceEndpoint? {
        try await find { $0.byName[name.lowercased()] }
    }

    private func find(_ pick: (Table) -> InferenceEndpoint?) async throws -> InferenceEndpoint? {
        // An endpoint (or its subscription) whose operation time has finished is settled first.
        try await engine.settleDue()
        return pick(try await table())
    }

    func table() async throws -> Table {
        let catalog = self.catalog
        return try await cache.value(store) { tx, generation in try Self.build(tx, catalog: catalog, generation: generation) }
    }

    static func build(_ tx: StoreTransaction, catalog: ModelCatalog, generation: Int) throws -> Table {
        var table = Table(generation: generation)
        let keys = try EndpointKeys.all(from: tx)
        let saas = try MarketplaceSaaS.links(tx)
        for row in try tx.resources(typeKey: MachineLearningProvider.serverlessEndpointType.lowercased()) {
            let resource = try StoredResource(decoding: row)
            let props = resource.properties
            guard let modelID = props["modelSettings"]?["modelId"]?.stringValue, let model = catalog.model(modelID),
                let key = keys[row.key], let region = resource.location
            else { continue }
            let endpoint = InferenceEndpoint(
                id: row.id, name: row.name, region: region, modelID: model.id, modelName: model.name,
                providerName: model.providerName ?? model.publisher, task: task(model.task),
                contextWindow: model.contextWindow, embeddingDimensions: model.embeddingDimensions,
                primaryKey: key.primary, secondaryKey: key.secondary,
                contentSafety: props["contentSafety"]?["contentSafetyStatus"]?.stringValue != "Disabled",
                tokensPerMinute: model.limits.tokensPerMinute, requestsPerMinute: model.limits.requestsPerMinute,
                availability: availability(provisioning: resource.provisioningState, endpoint: props["endpointState"]?.stringValue),
                meter: MeterTargets.serverless(endpointID: row.id, model: model.name,
                                               marketplaceSubscriptionID: props["marketplaceSubscriptionId"]?.stringValue,
                                               planID: model.marketplacePlan?.planId, saasByLinked: saas))
            table.byRegionAndName["\(region)/\(row.name)".lowercased()] = endpoint
            if table.byName[row.name.lowercased()] == nil { table.byName[row.name.lowercased()] = endpoint }
        }
        return table
    }

    static func task(_ task: CatalogModel.Task) -> InferenceEndpoint.Task {
        switch task {
        case .chatCompletion: .chatCompletion
        case .completion: .completion
        case .embeddings: .embeddings
        case .textToImage: .textToImage
        case .questionAnswering: .questionAnswering
        }
    }

    static func availability(provisioning: String?, endpoint: String?) -> InferenceEndpoint.Availability {
        switch provisioning ?? "Succeeded" {
        case "Succeeded":
            switch endpoint ?? "Online" {
            case "Online": return .ready
            case "Suspended", "Suspending": return .unhealthy(state: endpoint ?? "")
            case let state: return .notReady(state: state)
            }
        case "Deleting": return .deleting
        case "Failed": return .notReady(state: "Failed (\(endpoint ?? "CreationFailed"))")
        case let state: return .notReady(state: state)
        }
    }
}
