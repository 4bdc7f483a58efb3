/// One model of the catalog: who offers it, what it does, where and how it can be deployed.
/// The top-level `regions`, `marketplacePlan` and `rateLimits` describe serverless API
/// deployment; `accountDeployment` describes deployment in a Microsoft.CognitiveServices account
/// (Azure OpenAI, AI Services); `managedCompute` describes deployment to an Azure ML managed
/// online endpoint. Later deployment options add sections of their own.
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
        /// Legacy text completions (`/completions`, a `prompt` instead of messages).
        case completion
        case embeddings
        case textToImage = "text-to-image"
        /// Extractive question answering (served only on managed compute, at `/score`).
        case questionAnswering = "question-answering"
    }

    public var id: String
    public var name: String
    public var publisher: String
    /// What the data plane's `/info` reports as `model_provider_name`.
    public var providerName: String?
    public var task: Task
    /// `nil` for models offered by Microsoft: they need no marketplace subscription.
    public var marketplacePlan: MarketplacePlan?
    /// Regions where serverless deployment is offered (empty: not offered as a serverless API).
    public var regions: [String]
    public var contextWindow: Int?
    public var embeddingDimensions: Int?
    public var rateLimits: RateLimits?
    /// How the model deploys in a Cognitive Services account; `nil` if it does not.
    public var accountDeployment: AccountDeployment?
    /// How the model deploys on managed compute; `nil` if it does not.
    public var managedCompute: ManagedCompute?
    /// What the model card says about the model (the portal's catalog shows it).
    public var description: String?

    public var requiresMarketplaceSubscription: Bool { marketplacePlan != nil }
    public var limits: RateLimits { rateLimits ?? .serverlessDefault }

    public init(id: String, name: String, publisher: String, providerName: String? = nil, task: Task,
                marketplacePlan: MarketplacePlan? = nil, regions: [String], contextWindow: Int? = nil,
                embeddingDimensions: Int? = nil, rateLimits: RateLimits? = nil, accountDeployment: AccountDeployment? = nil,
                managedCompute: ManagedCompute? = nil,
                description: String? = nil) {
        self.id = id
        self.name = name
        self.publisher = publisher
        self.providerName = providerName
        self.task = task
        self.marketplacePlan = marketplacePlan
        self.regions = regions
        self.contextWindow = contextWindow
        self.embeddingDimensions = embeddingDimensions
        self.rateLimits = rateLimits
        self.accountDeployment = accountDeployment
        self.managedCompute = managedCompute
        self.description = description
    }

    enum CodingKeys: String, CodingKey {
        case id, name, publisher, providerName, task, marketplacePlan, regions, contextWindow, embeddingDimensions
        case rateLimits, accountDeployment, managedCompute, description
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        publisher = try c.decode(String.self, forKey: .publisher)
        providerName = try c.decodeIfPresent(String.self, forKey: .providerName)
        task = try c.decode(Task.self, forKey: .task)
        marketplacePlan = try c.decodeIfPresent(MarketplacePlan.self, forKey: .marketplacePlan)
        regions = try c.decodeIfPresent([String].self, forKey: .regions) ?? []
        contextWindow = try c.decodeIfPresent(Int.self, forKey: .contextWindow)
        embeddingDimensions = try c.decodeIfPresent(Int.self, forKey: .embeddingDimensions)
        rateLimits = try c.decodeIfPresent(RateLimits.self, forKey: .rateLimits)
        accountDeployment = try c.decodeIfPresent(AccountDeployment.self, forKey: .accountDeployment)
        managedCompute = try c.decodeIfPresent(ManagedCompute.self, forKey: .managedCompute)
        description = try c.decodeIfPresent(String.self, forKey: .description)
    }
}
