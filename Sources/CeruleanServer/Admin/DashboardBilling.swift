import ARM
import Billing
import Foundation

/// The dashboard's billing part: SaaS resources with what they have cost so far, and the
/// money format the cost columns share.
extension DashboardState {
    struct SaaSResource: Sendable {
        let group: String
        let name: String
        let offer: String
        let plan: String
        let status: String
        let cost: Double?
    }
}

extension DashboardAdmin {
    func addBilling(to state: inout DashboardState, costs: [String: Double]) async throws {
        let rows = try await store.read { tx in
            try tx.resources(typeKey: BillingProvider.saasType.lowercased()).map(StoredResource.init(decoding:)).sorted { $0.row.key < $1.row.key }
        }
        state.saasResources = rows.map { s in
            .init(group: s.id.resourceGroup ?? "", name: s.id.name, offer: s.properties["offerId"]?.stringValue ?? "",
                  plan: s.properties["skuId"]?.stringValue ?? "", status: s.properties["status"]?.stringValue ?? "",
                  cost: costs[s.row.key])
        }
    }
}

extension DashboardPage {
    var billingSections: String {
        section("saas-resources", "SaaS resources (marketplace billing)", ["Name", "Resource group", "Offer", "Plan", "Status", "Cost so far"],
                state.saasResources.map { s in
                    row("saas-resource", s.name, [strong(s.name), e(s.group), e(s.offer), e(s.plan), badge(s.status), money(s.cost)])
                })
    }

    /// USD with six decimals (token prices are fractions of a cent); a dash when nothing was billed.
    func money(_ amount: Double?) -> String {
        guard let amount else { return "<span class=\"muted\">—</span>" }
        return "<span class=\"num money\">$\(String(format: "%.6f", amount))</span>"
    }
}
