/// Engine settings fixed at start.
public struct ARMSettings: Sendable {
    public var defaultSubscriptionID = "00000000-1111-2222-3333-444444444444"
    public var defaultSubscriptionName = "Cerulean Subscription"
    public var tenantID = "00000000-aaaa-bbbb-cccc-dddddddddddd"
    public var tenantName = "Cerulean"
    public var tenantDomain = "cerulean.local"
    /// Items per list page.
    public var pageSize = 100
    /// `Retry-After` on long-running operations, in whole seconds (azure-core treats 0 as absent and waits 30 s).
    public var retryAfterSeconds = 1

    public init() {}
}
