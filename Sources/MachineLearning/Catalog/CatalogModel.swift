/// One model of the catalog: who offers it, what it does, where and how it can be deployed.
public struct CatalogModel: Codable, Sendable, Equatable {
    public struct MarketplacePlan: Codable, Sendable, Equatable {
        public var publisherId: String
        public var offerId: String
        public var planId: String
    }

    public struct RateLimits: Codable, Sendable, Equatable {
        public var tokensPerMinute: Int
        public var requestsPerMinute: Int

        public init(tokensPerMinute: Int, requestsPerMinute: Int) {
            self.tokensPerMinute = tokensPerMinute
            self.requestsPerMinute = requestsPerMinute
        }

        public static let serverlessDefault = RateLimits(tokensPerMinute: 200_000, requestsPerMinute: 1_000)
    }

    public enum Task: String, Codable, Sendable {
        case chatCompletion = "chat-completion"
        case embeddings
        case textToImage = "text-to-image"
    }

    public var id: String
    public var name: String
    public var publisher: String
    /// What the data plane's `/info` reports as `model_provider_name`.
    public var providerName: String?
    public var task: Task
    /// `nil` for models offered by Microsoft: they need no marketplace subscription.
    public var marketplacePlan: MarketplacePlan?
    /// Regions where serverless deployment is offered.
    public var regions: [String]
    public var contextWindow: Int?
    public var embeddingDimensions: Int?
    public var rateLimits: RateLimits?

    public var requiresMarketplaceSubscription: Bool { marketplacePlan != nil }
    public var limits: RateLimits { rateLimits ?? .serverlessDefault }
}
