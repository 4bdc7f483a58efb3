import Inference

/// How the data plane's directories tell the meters where an endpoint's usage goes.
public enum MeterTargets {
    /// A serverless endpoint: a marketplace model's tokens go on the SaaS resource paying for
    /// its marketplace subscription (`saasByLinked`: `MarketplaceSaaS.links`), a Microsoft
    /// model's on the endpoint itself.
    public static func serverless(endpointID: String, model: String, marketplaceSubscriptionID: String?, planID: String?,
                                  saasByLinked: [String: String]) -> MeterTarget? {
        guard let subscription = marketplaceSubscriptionID else {
            return MeterTarget(kind: .serverless, chargedResourceID: endpointID, servingResourceID: endpointID, product: model, plan: "")
        }
        guard let saas = saasByLinked[subscription.lowercased()] else { return nil }
        return MeterTarget(kind: .marketplace, chargedResourceID: saas, servingResourceID: endpointID, product: model,
                           plan: planID ?? "")
    }

    /// A deployment in a Cognitive Services account: billed on the account, by model and SKU.
    public static func accountDeployment(accountID: String, deploymentID: String, model: String, sku: String) -> MeterTarget {
        MeterTarget(kind: .accountDeployment, chargedResourceID: accountID, servingResourceID: deploymentID, product: model, plan: sku)
    }
}
