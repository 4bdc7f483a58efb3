import Foundation

/// What the dashboard shows, read in one go from the store, the rate limiter, the journal and
/// the fault plan; plain values, so the page is a pure function of them.
struct DashboardState: Sendable {
    struct Subscription: Sendable {
        let id: String
        let name: String
        let state: String
    }

    struct Group: Sendable {
        let subscription: String
        let name: String
        let location: String
        let state: String
    }

    struct Workspace: Sendable {
        let group: String
        let name: String
        let kind: String
        let hub: String?
        let location: String
        let state: String
    }

    struct MarketplaceSubscription: Sendable {
        let workspace: String
        let name: String
        let model: String
        let status: String
        let state: String
    }

    struct Endpoint: Sendable {
        let workspace: String
        let name: String
        let model: String
        let region: String
        let state: String
        let endpointState: String
        /// `Healthy`, `Unhealthy`, `Not ready` or `Deleting`: whether it takes requests, and why not.
        let health: String
        let usage: Usage?
        /// USD billed for its tokens so far (on its SaaS resource, or on itself for Microsoft models).
        var cost: Double? = nil
    }

    struct Usage: Sendable {
        let requests: Int
        let requestsPerMinute: Int
        let tokens: Int
        let tokensPerMinute: Int
    }

    struct Request: Sendable {
        let time: Date
        let method: String
        let path: String
        let status: Int
        let milliseconds: Double
    }

    let version: String
    let now: Date
    let manualClock: Bool
    let faultRules: Int
    let subscriptions: [Subscription]
    let groups: [Group]
    let workspaces: [Workspace]
    let marketplaceSubscriptions: [MarketplaceSubscription]
    let endpoints: [Endpoint]
    /// Newest first.
    let requests: [Request]
    /// Cognitive Services accounts and their deployments (DashboardCognitive.swift).
    var accounts: [Account] = []
    var deployments: [Deployment] = []
    /// SaaS resources with their cost so far (DashboardBilling.swift).
    var saasResources: [SaaSResource] = []
    /// Managed online endpoints, their deployments and the VM quota in use (DashboardCompute.swift).
    var onlineEndpoints: [OnlineEndpoint] = []
    var onlineDeployments: [OnlineDeployment] = []
    var quotaUse: [QuotaUse] = []
}
