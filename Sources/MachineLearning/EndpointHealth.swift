import ARM
import CeruleanJSON

/// What marketplace subscriptions do to the endpoints that use them. Deleting a subscription
/// makes its endpoints Unhealthy and unusable: Cerulean shows that as `endpointState: Suspended`
/// (`provisioningState` stays `Succeeded`); re-creating it brings them back through
/// `Reinstating` to `Online`.
enum EndpointHealth {
    /// Endpoints of `workspace` that deploy `modelID`.
    static func endpoints(in workspace: ResourceID, model modelID: String, _ context: ResourceContext) throws
        -> [StoredResource]
    {
        try context.session.children(of: workspace, type: ServerlessEndpointType.type).filter {
            ServerlessEndpointType.modelID(of: $0)?.lowercased() == modelID.lowercased()
        }
    }

    /// Moves endpoints in state `from` (any when `nil`) to `to`, optionally re-pointing their subscription.
    static func move(in workspace: ResourceID, model: String, from: Set<String>?, to: String,
                     subscriptionID: JSON? = nil, _ context: ResourceContext) throws
    {
        for var endpoint in try endpoints(in: workspace, model: model, context) {
            let state = endpoint.properties["endpointState"]?.stringValue ?? ""
            guard endpoint.provisioningState == "Succeeded", from?.contains(state) ?? true else { continue }
            endpoint.properties["endpointState"] = .string(to)
            if let subscriptionID { endpoint.properties["marketplaceSubscriptionId"] = subscriptionID }
            try context.session.save(&endpoint)
        }
    }

    /// The subscription's state changed: bring its endpoints along.
    static func subscriptionEvent(_ subscription: StoredResource, _ event: ProvisioningEvent, _ context: ResourceContext) throws {
        guard let workspace = subscription.id.parent,
            let model = subscription.properties["modelId"]?.stringValue
        else { return }
        let id = JSON.string(subscription.id.string)
        switch event {
        case .started(.delete):
            try move(in: workspace, model: model, from: ["Online", "Reinstating"], to: "Suspending", context)
        case .failed(.delete, _, _):
            try move(in: workspace, model: model, from: ["Suspending"], to: "Online", context)
        case .started:
            try move(in: workspace, model: model, from: ["Suspended", "Suspending"], to: "Reinstating", subscriptionID: id, context)
        case .succeeded:
            try move(in: workspace, model: model, from: ["Suspended", "Suspending", "Reinstating"], to: "Online", subscriptionID: id, context)
        case .failed:
            try move(in: workspace, model: model, from: ["Reinstating"], to: "Suspended", context)
        }
    }

    static func subscriptionDeleted(_ subscription: StoredResource, _ context: ResourceContext) throws {
        guard let workspace = subscription.id.parent, let model = subscription.properties["modelId"]?.stringValue else { return }
        try move(in: workspace, model: model, from: nil, to: "Suspended", context)
    }
}
