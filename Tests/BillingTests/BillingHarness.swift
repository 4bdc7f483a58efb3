import ARM
import Billing
import Catalog
import CeruleanJSON
import Foundation
import Inference
import MachineLearning
import Store
import Synchronization

/// The engine with the Machine Learning and Billing providers on an in-memory store, a manual
/// clock and a meter on that clock.
struct BillingHarness {
    static let sub = "00000000-1111-2222-3333-444444444444"
    static let base = "https://cerulean.test"
    static let group = "/subscriptions/\(sub)/resourceGroups/rg1"
    static let ml = "\(group)/providers/Microsoft.MachineLearningServices"
    static let llama = "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct"
    static let saasList = "/subscriptions/\(sub)/providers/Microsoft.SaaS/resources"
    /// 2026-10-05T10:00:00Z, a Monday.
    static let start = Date(timeIntervalSince1970: 1_791_194_400)

    let engine: ARMEngine
    let clock: ManualClock
    let store: Store
    let meter: UsageMeter
    let prices: PriceList

    init(policy: ProvisioningPolicy = .immediate, timelines: (any InstanceTimelineSource)? = nil) async throws {
        store = try Store.inMemory()
        clock = ManualClock(Self.start)
        let catalog = try ModelCatalog.standard()
        prices = try PriceList.standard()
        let clock = self.clock
        meter = UsageMeter(store: store, prices: prices, timelines: timelines, now: { clock.now() })
        let billing = BillingProvider(meter: meter)
        engine = ARMEngine(store: store, types: MachineLearningProvider(catalog: catalog).types + billing.types, clock: clock,
                           policies: PolicyBook(default: policy), operations: billing.operations)
        try await engine.bootstrap()
        _ = await call("PUT", Self.group, body: #"{"location":"eastus2"}"#)
    }

    func call(_ method: String, _ path: String, body: String? = nil, query: [(String, String)] = [],
              apiVersion: String = "2024-01-01-preview") async -> ARMResponse {
        await engine.handle(ARMRequest(method: method, path: path, query: [("api-version", apiVersion)] + query,
                                       headers: ["Authorization": "Bearer x"], body: body.map { Data($0.utf8) },
                                       baseURL: Self.base))
    }

    static func workspace(_ name: String) -> String { "\(ml)/workspaces/\(name)" }
    static func subscription(_ ws: String, _ name: String) -> String { "\(workspace(ws))/marketplaceSubscriptions/\(name)" }
    static func endpoint(_ ws: String, _ name: String) -> String { "\(workspace(ws))/serverlessEndpoints/\(name)" }

    /// A workspace subscribed to Llama with an endpoint, all provisioned.
    func llamaFlow(_ ws: String = "proj", group: String = BillingHarness.group) async {
        _ = await call("PUT", Self.workspace(ws), body: #"{"location":"eastus2"}"#)
        _ = await call("PUT", Self.subscription(ws, "llama-sub"), body: #"{"properties":{"modelId":"\#(Self.llama)"}}"#)
        _ = await call("PUT", Self.endpoint(ws, "llama-ep"),
                       body: #"{"location":"eastus2","sku":{"name":"Consumption"},"properties":{"modelSettings":{"modelId":"\#(Self.llama)"}}}"#)
    }

    /// The SaaS resources of the subscription, as listed.
    func saasResources() async -> [JSON] {
        await call("GET", Self.saasList, apiVersion: "2018-03-01-beta").body?["value"]?.arrayValue ?? []
    }

    /// A cost query with the body given (the engine's provider operation).
    func query(_ body: String, scope: String = "/subscriptions/\(BillingHarness.sub)", query: [(String, String)] = []) async -> ARMResponse {
        await call("POST", scope + "/providers/Microsoft.CostManagement/query", body: body, query: query, apiVersion: "2025-03-01")
    }

    func usageDetails(scope: String = "/subscriptions/\(BillingHarness.sub)", query: [(String, String)] = []) async -> ARMResponse {
        await call("GET", scope + "/providers/Microsoft.Consumption/usageDetails", query: query, apiVersion: "2024-08-01")
    }
}

/// Timelines held in memory (what managed compute will provide).
final class TestTimelines: InstanceTimelineSource {
    let value = Mutex<[InstanceTimeline]>([])

    func set(_ timelines: [InstanceTimeline]) { value.withLock { $0 = timelines } }

    func timelines(_ tx: StoreTransaction) throws -> [InstanceTimeline] { value.withLock { $0 } }
}

extension ARMResponse {
    var errorCode: String? { body?["error"]?["code"]?.stringValue }
    var errorMessage: String? { body?["error"]?["message"]?.stringValue }
    var props: JSON? { body?["properties"] }
}

/// A target a test bills directly, as the endpoint directory would describe a serverless endpoint.
func llamaTarget(saas: String, endpoint: String = "\(BillingHarness.group)/providers/Microsoft.MachineLearningServices/workspaces/proj/serverlessEndpoints/llama-ep")
    -> MeterTarget {
    MeterTarget(kind: .marketplace, chargedResourceID: saas, servingResourceID: endpoint, product: "Meta-Llama-3-8B-Instruct",
                plan: "meta-llama-3-8b-chat-plan")
}
