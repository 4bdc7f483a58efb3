import ARM

/// What subscribing a workspace to a marketplace offer needs, as the serverless how-to lists it
/// ("Permissions required to subscribe to model offerings"), at the subscription, the resource
/// group and the workspace. In strict mode the whole list is checked and the first missing
/// action is named in `AuthorizationFailed`; a wildcard entry is asked for as its `write`.
enum MarketplaceAccess {
    enum Level { case subscription, resourceGroup, workspace }

    static let required: [(level: Level, action: String)] = [
        (.subscription, "Microsoft.MarketplaceOrdering/agreements/offers/plans/read"),
        (.subscription, "Microsoft.MarketplaceOrdering/agreements/offers/plans/sign/action"),
        (.subscription, "Microsoft.MarketplaceOrdering/offerTypes/publishers/offers/plans/agreements/read"),
        (.subscription, "Microsoft.Marketplace/offerTypes/publishers/offers/plans/agreements/read"),
        (.subscription, "Microsoft.SaaS/register/action"),
        (.resourceGroup, "Microsoft.SaaS/resources/read"),
        (.resourceGroup, "Microsoft.SaaS/resources/write"),
        (.workspace, "Microsoft.MachineLearningServices/workspaces/marketplaceModelSubscriptions/write"),
        (.workspace, "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints/write"),
    ]

    /// Throws `AuthorizationFailed` for the first action of the list the caller lacks.
    static func check(subscriptionOf id: ResourceID, _ context: ResourceContext) throws {
        guard let require = context.requireAccess, let workspace = id.parent, let group = workspace.resourceGroup else { return }
        let subscription = ResourceID(subscriptionID: id.subscriptionID)
        for (level, action) in required {
            let scope: String
            switch level {
            case .subscription: scope = subscription.string
            case .resourceGroup: scope = ResourceID(subscriptionID: id.subscriptionID, resourceGroup: group).string
            case .workspace: scope = workspace.string
            }
            try require(ARMAction(action: action, scope: scope))
        }
    }
}
