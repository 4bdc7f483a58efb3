import ARM
import Catalog
import CeruleanJSON
import Foundation

/// Deployment quota: capacity units per subscription, region, model and SKU, as the catalog sets
/// them; every deployment's capacity in that scope counts against it.
struct Quota {
    let session: ResourceSession

    /// `OpenAI.Standard.gpt-4o` for Azure OpenAI models, `AIServices.GlobalStandard.Phi-4` for the others.
    static func usageName(_ model: CatalogModel, _ sku: AccountDeployment.Sku) -> String {
        let family = model.accountDeployment?.format == "OpenAI" ? "OpenAI" : "AIServices"
        return "\(family).\(sku.name).\(model.name)"
    }

    static func displayName(_ model: CatalogModel, _ sku: AccountDeployment.Sku) -> String {
        sku.name.lowercased().contains("provisioned")
            ? "Provisioned Throughput Units - \(model.name)" : "Tokens Per Minute (thousands) - \(model.name)"
    }

    /// Capacity held by deployments of `model` under `sku` in the subscription's region (or one account).
    func used(model: String, sku: String, subscription: String, region: String, account: ResourceID? = nil,
              excluding: ResourceID? = nil) throws -> Int {
        var total = 0
        for acct in try session.all(type: AccountType.type)
        where acct.id.subscriptionID.lowercased() == subscription.lowercased() && acct.location == region
            && (account == nil || acct.id == account!)
        {
            for deployment in try session.children(of: acct.id, type: AccountDeploymentType.type) where deployment.id != excluding {
                guard deployment.properties["model"]?["name"]?.stringValue?.lowercased() == model.lowercased(),
                    deployment.body["sku"]?["name"]?.stringValue?.lowercased() == sku.lowercased()
                else { continue }
                total += Int(deployment.body["sku"]?["capacity"]?.numberValue ?? 0)
            }
        }
        return total
    }

    func check(_ choice: AccountDeploymentType.Choice, subscription: String, region: String, excluding: ResourceID) throws {
        let used = try used(model: choice.model.name, sku: choice.sku.name, subscription: subscription, region: region,
                            excluding: excluding)
        guard used + choice.capacity > choice.sku.quota else { return }
        throw CognitiveErrors.insufficientQuota(
            needed: choice.capacity, available: max(0, choice.sku.quota - used), used: used, limit: choice.sku.quota,
            quotaName: Self.displayName(choice.model, choice.sku))
    }

    /// The `usages` entries of a region (for one account, or the whole subscription).
    func usages(_ catalog: ModelCatalog, subscription: String, region: String, account: ResourceID? = nil) throws -> [JSON] {
        var items: [JSON] = []
        for model in catalog.accountModels {
            for sku in model.accountDeployment?.skus ?? [] where sku.regions.contains(region) {
                let current = try used(model: model.name, sku: sku.name, subscription: subscription, region: region, account: account)
                items.append([
                    "name": ["value": .string(Self.usageName(model, sku)), "localizedValue": .string(Self.displayName(model, sku))],
                    "currentValue": JSON(current), "limit": JSON(sku.quota), "unit": "Count", "status": "Included",
                    "quotaPeriod": "", "scopeType": "Regional",
                ])
            }
        }
        return items
    }
}
