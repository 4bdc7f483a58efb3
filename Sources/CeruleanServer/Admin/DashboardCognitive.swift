import ARM
import CognitiveServices
import Inference

/// The dashboard's Cognitive Services part: accounts, and deployments with their use of the
/// rate limits their capacity gives.
extension DashboardState {
    struct Account: Sendable {
        let group: String
        let name: String
        let kind: String
        let location: String
        let subdomain: String?
        let localAuth: Bool
        let state: String
    }

    struct Deployment: Sendable {
        let account: String
        let name: String
        let model: String
        let sku: String
        let capacity: Int
        let state: String
        let usage: Usage?
        var cost: Double? = nil
    }
}

extension DashboardAdmin {
    func addCognitive(to state: inout DashboardState, costs: [String: Double]) async throws {
        let types = [CognitiveServicesProvider.accountType, CognitiveServicesProvider.deploymentType].map { $0.lowercased() }
        let rows = try await store.read { tx in
            try types.map { try tx.resources(typeKey: $0).map(StoredResource.init(decoding:)).sorted { $0.row.key < $1.row.key } }
        }
        let served = try await directory.accounts.all()
        state.accounts = rows[0].map { a in
            .init(group: a.id.resourceGroup ?? "", name: a.id.name, kind: a.body["kind"]?.stringValue ?? "",
                  location: a.location ?? "", subdomain: a.properties["customSubDomainName"]?.stringValue,
                  localAuth: a.properties["disableLocalAuth"]?.boolValue != true, state: a.provisioningState ?? "")
        }
        state.deployments = rows[1].map { d in
            let model = d.properties["model"]
            var usage: DashboardState.Usage?
            if let endpoint = served.first(where: { $0.name == d.id.parent?.name })?.deployment(d.id.name), endpoint.id == d.row.id {
                let (used, limits) = inference.usage(of: endpoint)
                usage = .init(requests: used.requests, requestsPerMinute: limits.requestsPerMinute, tokens: used.tokens,
                              tokensPerMinute: limits.tokensPerMinute)
            }
            return .init(account: d.id.parent?.name ?? "", name: d.id.name,
                         model: "\(model?["format"]?.stringValue ?? "") \(model?["name"]?.stringValue ?? "") \(model?["version"]?.stringValue ?? "")",
                         sku: d.body["sku"]?["name"]?.stringValue ?? "", capacity: Int(d.body["sku"]?["capacity"]?.numberValue ?? 0),
                         state: d.provisioningState ?? "", usage: usage, cost: costs[d.row.key])
        }
    }
}

extension DashboardPage {
    var cognitiveSections: String {
        section("accounts", "Cognitive Services accounts", ["Name", "Kind", "Resource group", "Location", "Subdomain", "Key auth", "Provisioning"],
                state.accounts.map { a in
                    row("account", a.name, [strong(a.name), e(a.kind), e(a.group), e(a.location), e(a.subdomain ?? "—"),
                                            badge(a.localAuth ? "Enabled" : "Disabled"), badge(a.state)])
                })
            + section("deployments", "Account deployments", ["Name", "Account", "Model", "SKU", "Capacity", "Provisioning", "Requests this minute", "Tokens this minute", "Cost so far"],
                      state.deployments.map { d in
                          row("deployment", d.name, [strong(d.name), e(d.account), code(d.model), e(d.sku), e(String(d.capacity)), badge(d.state),
                                                     usage(d.usage?.requests, of: d.usage?.requestsPerMinute),
                                                     usage(d.usage?.tokens, of: d.usage?.tokensPerMinute), money(d.cost)])
                      })
    }
}
