import ARM
import Billing
import Catalog
import CeruleanJSON
import Foundation
import HTTPTypes
import Hummingbird
import Inference
import MachineLearning
import NIOCore
import Store

/// `GET /_cerulean/` (and `/_cerulean/dashboard`): one server-rendered page of the emulator's
/// state that reloads itself every two seconds (docs/admin.md#dashboard).
struct DashboardAdmin {
    let store: Store
    let engine: ARMEngine
    let inference: InferenceService
    let meter: UsageMeter
    let directory: EndpointDirectory
    let journal: RequestJournal
    let faults: FaultBook
    let version: String
    /// The VM sizes managed compute's quota counts.
    var vmSizes = VMSizeCatalog(sizes: [], families: [])
    static let recentRequests = 25
    static let resourceGroupType = "Microsoft.Resources/resourceGroups"

    func respond() async throws -> Response {
        let page = DashboardPage(state: try await read()).html
        var fields = HTTPFields()
        fields[.contentType] = "text/html; charset=utf-8"
        fields[.cacheControl] = "no-store"
        // No script, no outside resource: only the inline style may apply.
        fields[HTTPField.Name("Content-Security-Policy")!] = "default-src 'none'; style-src 'unsafe-inline'"
        return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
    }

    func read() async throws -> DashboardState {
        let types = [Self.resourceGroupType, MachineLearningProvider.workspaceType, MachineLearningProvider.marketplaceSubscriptionType,
                     MachineLearningProvider.serverlessEndpointType].map { $0.lowercased() }
        // What time has finished is settled first, as for any ARM request (not an observation).
        try await engine.settleDue()
        let (subscriptions, rows) = try await store.read { tx in
            (try SubscriptionDirectory(transaction: tx).allSubscriptions(),
             try types.map { type in try tx.resources(typeKey: type).map(StoredResource.init(decoding:)).sorted(by: Self.order) })
        }
        let table = try await directory.table()
        let costs = try await meter.costSoFar()
        var state = DashboardState(
            version: version, now: engine.clock.now(), manualClock: engine.clock is ManualClock,
            faultRules: faults.ruleCount,
            subscriptions: subscriptions.map { s in
                .init(id: s["subscriptionId"]?.stringValue ?? "", name: s["displayName"]?.stringValue ?? "", state: s["state"]?.stringValue ?? "")
            }.sorted { $0.id < $1.id },
            groups: rows[0].map { g in
                .init(subscription: g.id.subscriptionID, name: g.id.name, location: g.location ?? "", state: g.provisioningState ?? "Succeeded")
            },
            workspaces: rows[1].map { w in
                .init(group: w.id.resourceGroup ?? "", name: w.id.name, kind: w.body["kind"]?.stringValue ?? "Default",
                      hub: w.properties["hubResourceId"]?.stringValue.flatMap(ResourceID.init)?.name,
                      location: w.location ?? "", state: w.provisioningState ?? "")
            },
            marketplaceSubscriptions: rows[2].map { m in
                .init(workspace: m.id.parent?.name ?? "", name: m.id.name, model: m.properties["modelId"]?.stringValue ?? "",
                      status: m.properties["marketplaceSubscriptionStatus"]?.stringValue ?? "", state: m.provisioningState ?? "")
            },
            endpoints: rows[3].map { e in endpoint(e, table, cost: costs[e.row.key]) },
            requests: journal.entries.suffix(Self.recentRequests).reversed().map {
                // The journal's query is already redacted.
                .init(time: $0.time, method: $0.method, path: $0.query.map { [path = $0.path] in "\(path)?\($0)" } ?? $0.path,
                      status: $0.status, milliseconds: $0.milliseconds)
            })
        try await addCognitive(to: &state, costs: costs)
        try await addCompute(to: &state)
        try await addBilling(to: &state, costs: costs)
        return state
    }

    private func endpoint(_ e: StoredResource, _ table: EndpointDirectory.Table, cost: Double?) -> DashboardState.Endpoint {
        let endpointState = e.properties["endpointState"]?.stringValue ?? ""
        let health: String
        switch EndpointDirectory.availability(provisioning: e.provisioningState, endpoint: endpointState) {
        case .ready: health = "Healthy"
        case .unhealthy: health = "Unhealthy"
        case .notReady: health = "Not ready"
        case .deleting: health = "Deleting"
        }
        var usage: DashboardState.Usage?
        if let region = e.location, let served = table.byRegionAndName["\(region)/\(e.id.name)".lowercased()] {
            let (used, limits) = inference.usage(of: served)
            usage = .init(requests: used.requests, requestsPerMinute: limits.requestsPerMinute,
                          tokens: used.tokens, tokensPerMinute: limits.tokensPerMinute)
        }
        return .init(workspace: e.id.parent?.name ?? "", name: e.id.name,
                     model: e.properties["modelSettings"]?["modelId"]?.stringValue ?? "", region: e.location ?? "",
                     state: e.provisioningState ?? "", endpointState: endpointState, health: health, usage: usage, cost: cost)
    }

    private static func order(_ a: StoredResource, _ b: StoredResource) -> Bool {
        a.row.key < b.row.key
    }
}
