import ARM
import Catalog
import CeruleanJSON
import Foundation
import Inference
import MachineLearning
import Store
import Synchronization

/// The data plane's view of managed online endpoints and their deployments: built from the store
/// (bodies, keys, AMLTokens) and the catalog, cached until the store's next write, so a new
/// traffic split, a scaled deployment or a regenerated key applies to the very next request.
final class OnlineDirectory: Sendable {
    struct Table: Sendable {
        var generation: Int
        /// By `region/name`, lower-cased.
        var endpoints: [String: InferenceOnlineEndpoint] = [:]
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

    func endpoint(region: String, name: String) async throws -> InferenceOnlineEndpoint? {
        // An endpoint or deployment whose operation time has finished is settled first.
        try await engine.settleDue()
        return try await table().endpoints["\(region)/\(name)".lowercased()]
    }


    func table() async throws -> Table {
        let catalog = self.catalog
        return try await cache.value(store) { tx, generation in try Self.build(tx, catalog: catalog, generation: generation) }
    }

    static func build(_ tx: StoreTransaction, catalog: ModelCatalog, generation: Int) throws -> Table {
        var table = Table(generation: generation)
        let keys = try EndpointKeys.all(from: tx)
        let tokens = try OnlineTokens.all(from: tx)
        for row in try tx.resources(typeKey: MachineLearningProvider.onlineEndpointType.lowercased()) {
            let endpoint = try StoredResource(decoding: row)
            guard let region = endpoint.location else { continue }
            let props = endpoint.properties
            var deployments: [String: InferenceOnlineDeployment] = [:]
            for child in try tx.resources(parentKey: row.key, typeKey: MachineLearningProvider.onlineDeploymentType.lowercased()) {
                let deployment = try StoredResource(decoding: child)
                if let view = Self.deployment(deployment, region: region, endpointState: endpoint.provisioningState, catalog: catalog) {
                    deployments[child.name.lowercased()] = view
                }
            }
            let key = keys[row.key]
            let mode = InferenceOnlineEndpoint.AuthMode(rawValue: props["authMode"]?.stringValue ?? "Key") ?? .key
            let mirror = weights(props["mirrorTraffic"]).first { $0.percent > 0 }
            table.endpoints["\(region)/\(row.name)".lowercased()] = InferenceOnlineEndpoint(
                id: row.id, name: row.name, region: region, authMode: mode, primaryKey: key?.primary ?? "",
                secondaryKey: key?.secondary ?? "",
                tokens: Dictionary((tokens[row.key] ?? []).map { ($0.value, $0.expires) }, uniquingKeysWith: { a, _ in a }),
                traffic: weights(props["traffic"]), mirror: mirror, deployments: deployments,
                availability: AccountDirectory.availability(endpoint.provisioningState, account: "Succeeded"))
        }
        return table
    }

    static func weights(_ json: JSON?) -> [InferenceOnlineEndpoint.Weight] {
        (json?.objectValue ?? [:]).compactMap { name, value in
            value.numberValue.map { InferenceOnlineEndpoint.Weight(deployment: name, percent: Int($0)) }
        }
    }

    static func deployment(_ deployment: StoredResource, region: String, endpointState: String?, catalog: ModelCatalog)
        -> InferenceOnlineDeployment?
    {
        let props = deployment.properties
        guard let text = props["model"]?.stringValue, let id = ModelID(text), let model = catalog.model(id.unversioned),
            let offer = model.managedCompute
        else { return nil }
        let instances = Int(deployment.body["sku"]?["capacity"]?.numberValue ?? 1)
        let perInstance = Int(props["requestSettings"]?["maxConcurrentRequestsPerInstance"]?.numberValue ?? 1)
        let timeout = props["requestSettings"]?["requestTimeout"]?.stringValue.flatMap(ISODuration.seconds) ?? 5
        let unlimited = 1_000_000_000
        let view = InferenceEndpoint(
            id: deployment.row.id, name: deployment.row.name, region: region, modelID: model.id, modelName: model.name,
            providerName: model.providerName ?? model.publisher, task: EndpointDirectory.task(model.task),
            contextWindow: model.contextWindow, embeddingDimensions: model.embeddingDimensions, primaryKey: "", secondaryKey: "",
            contentSafety: false, tokensPerMinute: unlimited, requestsPerMinute: unlimited,
            availability: AccountDirectory.availability(deployment.provisioningState, account: endpointState))
        return InferenceOnlineDeployment(
            name: deployment.row.name, model: view, scoring: InferenceOnlineDeployment.Scoring(rawValue: offer.scoring.rawValue) ?? .chatCompletions,
            maxInFlight: max(1, 2 * perInstance * instances), requestTimeout: .milliseconds(Int((timeout * 1000).rounded())))
    }
}
