import ARM

/// Billing: the `Microsoft.SaaS/resources` type, the meters (`UsageMeter`) and the cost APIs
/// (`CostOperations`).
public struct BillingProvider: Sendable {
    public static let saasType = SaaSResourceType.type
    public let meter: UsageMeter

    public init(meter: UsageMeter) {
        self.meter = meter
    }

    public var types: [ResourceType] { [SaaSResourceType.make()] }
    public var operations: [ProviderOperation] { CostOperations.all(meter: meter) }
}
