import ARM
import Catalog
import CeruleanJSON
import Foundation
import MachineLearning
import Store

/// The engine with the Machine Learning provider on an in-memory store and a manual clock.
struct MLHarness {
    static let sub = "00000000-1111-2222-3333-444444444444"
    static let base = "https://cerulean.test"
    static let group = "/subscriptions/\(sub)/resourceGroups/rg1"
    static let ml = "\(group)/providers/Microsoft.MachineLearningServices"
    static let llama = "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct"
    static let phi = "azureml://registries/azureml/models/Phi-3-mini-4k-instruct"

    static let subscriptionType = "Microsoft.MachineLearningServices/workspaces/marketplaceSubscriptions"

    let engine: ARMEngine
    let clock: ManualClock
    let store: Store

    init(policy: ProvisioningPolicy = .immediate) async throws {
        store = try Store.inMemory()
        clock = ManualClock()
        let catalog = try ModelCatalog.standard()
        engine = ARMEngine(store: store, types: MachineLearningProvider(catalog: catalog).types, clock: clock,
                           policies: PolicyBook(default: policy))
        try await engine.bootstrap()
        _ = await call("PUT", Self.group, body: #"{"location":"eastus2"}"#)
    }

    /// A harness around an engine made elsewhere (a file store reopened, say).
    init(engine: ARMEngine, clock: ManualClock, store: Store) {
        self.engine = engine
        self.clock = clock
        self.store = store
    }

    func call(_ method: String, _ path: String, body: String? = nil, apiVersion: String = "2024-01-01-preview",
              query: [(String, String)] = []) async -> ARMResponse {
        await engine.handle(ARMRequest(method: method, path: path, query: [("api-version", apiVersion)] + query,
                                       headers: ["Authorization": "Bearer x"], body: body.map { Data($0.utf8) },
                                       baseURL: Self.base))
    }

    func follow(_ url: String) async -> ARMResponse {
        let rest = url.dropFirst(Self.base.count)
        let path = String(rest.split(separator: "?").first ?? rest[...])
        return await call("GET", path)
    }

    static func workspace(_ name: String) -> String { "\(ml)/workspaces/\(name)" }
    static func subscription(_ ws: String, _ name: String) -> String { "\(workspace(ws))/marketplaceSubscriptions/\(name)" }
    static func endpoint(_ ws: String, _ name: String) -> String { "\(workspace(ws))/serverlessEndpoints/\(name)" }

    @discardableResult
    func makeWorkspace(_ name: String = "proj", kind: String = "Default", location: String = "eastus2", hub: String? = nil) async -> ARMResponse {
        let hubPart = hub.map { #","properties":{"hubResourceId":"\#($0)"}"# } ?? ""
        return await call("PUT", Self.workspace(name), body: #"{"location":"\#(location)","kind":"\#(kind)"\#(hubPart)}"#)
    }

    @discardableResult
    func subscribe(_ ws: String = "proj", _ name: String = "llama-sub", model: String = llama) async -> ARMResponse {
        await call("PUT", Self.subscription(ws, name), body: #"{"properties":{"modelId":"\#(model)"}}"#)
    }

    /// The body azure-ai-ml sends.
    @discardableResult
    func deploy(_ ws: String = "proj", _ name: String = "llama-ep", model: String = llama, location: String = "eastus2") async -> ARMResponse {
        await call("PUT", Self.endpoint(ws, name),
                   body: #"{"location":"\#(location)","tags":{},"sku":{"name":"Consumption"},"properties":{"modelSettings":{"modelId":"\#(model)"}}}"#)
    }

    func keys(_ ws: String = "proj", _ name: String = "llama-ep") async -> (String, String) {
        let r = await call("POST", Self.endpoint(ws, name) + "/listKeys")
        return (r.body?["primaryKey"]?.stringValue ?? "", r.body?["secondaryKey"]?.stringValue ?? "")
    }
}

extension ARMResponse {
    var errorCode: String? { body?["error"]?["code"]?.stringValue }
    var errorMessage: String? { body?["error"]?["message"]?.stringValue }
    var props: JSON? { body?["properties"] }
}
