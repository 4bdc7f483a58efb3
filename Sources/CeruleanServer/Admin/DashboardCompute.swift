import ARM
import CeruleanJSON
import Catalog
import Inference
import MachineLearning

/// The dashboard's managed-compute part: online endpoints with their traffic, deployments with
/// their instances and the requests they served or mirrored, and the VM quota each region uses.
extension DashboardState {
    struct OnlineEndpoint: Sendable {
        let workspace: String
        let name: String
        let region: String
        let authMode: String
        let traffic: String
        let mirror: String
        let state: String
    }

    struct OnlineDeployment: Sendable {
        let endpoint: String
        let name: String
        let model: String
        let instanceType: String
        let instances: Int
        let state: String
        let served: Int
        let mirrored: Int
    }

    struct QuotaUse: Sendable {
        let subscription: String
        let region: String
        let family: String
        let used: Int
        let limit: Int
    }
}

extension DashboardAdmin {
    func addCompute(to state: inout DashboardState) async throws {
        let sizes = vmSizes
        let now = engine.clock.now()
        let (endpoints, deployments, quota) = try await store.read { tx in
            let endpoints = try tx.resources(typeKey: MachineLearningProvider.onlineEndpointType.lowercased()).map(StoredResource.init(decoding:))
            let deployments = try tx.resources(typeKey: MachineLearningProvider.onlineDeploymentType.lowercased()).map(StoredResource.init(decoding:))
            let session = ResourceSession(transaction: tx, now: now)
            var quota: [DashboardState.QuotaUse] = []
            let scopes = Set(deployments.map { "\($0.id.subscriptionID)|\($0.location ?? "")" }).sorted()
            for scope in scopes {
                let parts = scope.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                for row in try ComputeQuota(session: session, sizes: sizes).families(subscription: parts[0], region: parts[1]) where row.used > 0 {
                    quota.append(.init(subscription: parts[0], region: parts[1], family: row.family.displayName, used: row.used, limit: row.limit))
                }
            }
            return (endpoints.sorted { $0.row.key < $1.row.key }, deployments.sorted { $0.row.key < $1.row.key }, quota)
        }
        func weights(_ json: JSON?) -> String {
            let items = (json?.objectValue ?? [:]).map { "\($0.key) \(Int($0.value.numberValue ?? 0)) %" }
            return items.isEmpty ? "—" : items.joined(separator: " · ")
        }
        state.onlineEndpoints = endpoints.map { p in
            .init(workspace: p.id.parent?.name ?? "", name: p.id.name, region: p.location ?? "",
                  authMode: p.properties["authMode"]?.stringValue ?? "", traffic: weights(p.properties["traffic"]),
                  mirror: weights(p.properties["mirrorTraffic"]), state: p.provisioningState ?? "")
        }
        state.onlineDeployments = deployments.map { d in
            let counts = inference.onlineTraffic.counts(deploymentID: d.row.id)
            return .init(endpoint: d.id.parent?.name ?? "", name: d.id.name, model: d.properties["model"]?.stringValue ?? "",
                         instanceType: d.properties["instanceType"]?.stringValue ?? "", instances: Int(d.body["sku"]?["capacity"]?.numberValue ?? 0),
                         state: d.provisioningState ?? "", served: counts.served, mirrored: counts.mirrored)
        }
        state.quotaUse = quota
    }
}

extension DashboardPage {
    var computeSections: String {
        section("online-endpoints", "Online endpoints (managed compute)", ["Name", "Workspace", "Region", "Auth", "Traffic", "Mirror", "Provisioning"],
                state.onlineEndpoints.map { p in
                    row("online-endpoint", p.name, [strong(p.name), e(p.workspace), e(p.region), e(p.authMode), e(p.traffic), e(p.mirror), badge(p.state)])
                })
            + section("online-deployments", "Online deployments", ["Name", "Endpoint", "Model", "Instance type", "Instances", "Provisioning", "Served", "Mirrored"],
                      state.onlineDeployments.map { d in
                          row("online-deployment", d.name, [strong(d.name), e(d.endpoint), code(d.model), e(d.instanceType), e(String(d.instances)),
                                                            badge(d.state), e(String(d.served)), e(String(d.mirrored))])
                      })
            + section("compute-quota", "VM quota in use", ["Family", "Region", "Subscription", "vCPUs used"],
                      state.quotaUse.map { q in
                          row("quota", q.family, [strong(q.family), e(q.region), code(q.subscription), usage(q.used, of: q.limit)])
                      })
    }
}
