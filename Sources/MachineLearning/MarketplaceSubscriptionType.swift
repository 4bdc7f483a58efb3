import ARM
import Billing
import Catalog
import CeruleanJSON

/// `workspaces/marketplaceSubscriptions`: a ProxyResource (no location, no tags, no PATCH) that
/// subscribes a workspace to a marketplace model's offer.
enum MarketplaceSubscriptionType {
    static let type = "Microsoft.MachineLearningServices/workspaces/marketplaceSubscriptions"

    static func make(_ catalog: ModelCatalog) -> ResourceType {
        var t = ResourceType(type: type)
        t.shape = .proxy
        t.patchableKeys = []
        t.acceptedKeys = []
        t.nameRule = .pattern("[a-zA-Z0-9][a-zA-Z0-9_-]{0,254}",
                              "Marketplace subscription names start with a letter or digit, then up to 254 letters, digits, '_' or '-'.")
        t.apiVersions = MachineLearningProvider.apiVersions
        t.operationStatusSegment = "mfeOperationsStatus"
        t.operationResultSegment = "mfeOperationResults"
        t.typicalProvisioningSeconds = 5
        // The how-to's custom role (and Azure's operations) spell the type marketplaceModelSubscriptions.
        t.permissionType = "Microsoft.MachineLearningServices/workspaces/marketplaceModelSubscriptions"
        let lookup = CatalogLookup(catalog: catalog)
        t.validate = { draft, context in try validate(&draft, context, lookup) }
        t.onProvisioning = { subscription, event, context in
            try EndpointHealth.subscriptionEvent(subscription, event, context)
            if case .succeeded = event { try subscribed(subscription, context, lookup) }
        }
        t.onDeleted = { subscription, context in
            try MarketplaceSaaS.unsubscribe(subscription.id, context: context)
            try EndpointHealth.subscriptionDeleted(subscription, context)
        }
        return t
    }

    /// A provisioned subscription has the SaaS resource that tracks its costs (created once, in
    /// the workspace's resource group); deleting either one ends the other.
    static func subscribed(_ subscription: StoredResource, _ context: ResourceContext, _ lookup: CatalogLookup) throws {
        guard let modelID = subscription.properties["modelId"]?.stringValue,
            let model = try? lookup.model(for: modelID, target: "properties.modelId"), let plan = model.marketplacePlan
        else { return }
        let offer = SaaSOffer(name: model.name, publisherId: plan.publisherId, offerId: plan.offerId, planId: plan.planId)
        try MarketplaceSaaS.subscribe(subscription.id, offer: offer, context: context)
    }

    static func validate(_ draft: inout ResourceDraft, _ context: ResourceContext, _ lookup: CatalogLookup) throws {
        guard let modelID = try BodyReader.optionalString(draft.properties, "modelId", path: "properties.modelId"),
            !modelID.isEmpty
        else { throw MLErrors.missing("properties.modelId") }
        let model = try lookup.model(for: modelID, target: "properties.modelId")
        guard let plan = model.marketplacePlan else { throw MLErrors.subscriptionNotNeeded(modelID) }
        try MarketplaceAccess.check(subscriptionOf: draft.id, context)
        if let old = draft.existing?.properties["modelId"]?.stringValue, old.lowercased() != modelID.lowercased() {
            throw MLErrors.immutable("modelId", target: "properties.modelId")
        }
        guard let workspace = draft.id.parent else { return }
        if let other = try context.session.children(of: workspace, type: type).first(where: {
            $0.id != draft.id && $0.properties["modelId"]?.stringValue?.lowercased() == model.id.lowercased()
        }) {
            throw MLErrors.subscriptionExists(model.id, workspace: workspace.name, name: other.id.name)
        }
        draft.properties = [
            "modelId": .string(modelID),
            "marketplacePlan": ["publisherId": .string(plan.publisherId), "offerId": .string(plan.offerId),
                                "planId": .string(plan.planId)],
            "marketplaceSubscriptionStatus": "Subscribed",
        ]
    }
}
