/// What the data plane knows of one serverless endpoint: a read-only view built from the
/// control plane's state (see `EndpointSource`).
public struct InferenceEndpoint: Sendable, Equatable {
    public enum Task: String, Sendable {
        case chatCompletion = "chat-completion"
        case completion
        case embeddings
        case textToImage = "text-to-image"
        case questionAnswering = "question-answering"
    }

    /// Whether the endpoint can be called, and if not why.
    public enum Availability: Sendable, Equatable {
        case ready
        /// Still provisioning, reinstating or failed: `state` says which.
        case notReady(state: String)
        /// Its marketplace subscription was deleted (endpointState Suspended/Suspending).
        case unhealthy(state: String)
        case deleting
    }

    public var id: String
    public var name: String
    public var region: String
    public var modelID: String
    public var modelName: String
    public var providerName: String
    public var task: Task
    public var contextWindow: Int?
    public var embeddingDimensions: Int?
    public var primaryKey: String
    public var secondaryKey: String
    public var contentSafety: Bool
    public var tokensPerMinute: Int
    public var requestsPerMinute: Int
    public var availability: Availability
    /// `OpenAI S0` / `AIServices S0` for account deployments: 429s then speak as Azure OpenAI does.
    public var pricingTier: String?
    /// Where its usage is metered (`nil`: not billed).
    public var meter: MeterTarget?

    public init(id: String, name: String, region: String, modelID: String, modelName: String, providerName: String,
                task: Task, contextWindow: Int?, embeddingDimensions: Int?, primaryKey: String, secondaryKey: String,
                contentSafety: Bool, tokensPerMinute: Int, requestsPerMinute: Int, availability: Availability,
                pricingTier: String? = nil, meter: MeterTarget? = nil) {
        self.pricingTier = pricingTier
        self.meter = meter
        self.id = id
        self.name = name
        self.region = region
        self.modelID = modelID
        self.modelName = modelName
        self.providerName = providerName
        self.task = task
        self.contextWindow = contextWindow
        self.embeddingDimensions = embeddingDimensions
        self.primaryKey = primaryKey
        self.secondaryKey = secondaryKey
        self.contentSafety = contentSafety
        self.tokensPerMinute = tokensPerMinute
        self.requestsPerMinute = requestsPerMinute
        self.availability = availability
    }

    /// Either key opens the endpoint.
    public func accepts(key: String) -> Bool {
        !key.isEmpty && (ConstantTime.equals(key, primaryKey) || ConstantTime.equals(key, secondaryKey))
    }
}

/// Finds endpoints for the data plane. The server's implementation reads the store and
/// caches until the next write, so a changed key or state applies to the very next request.
public protocol EndpointSource: Sendable {
    func endpoint(region: String, name: String) async throws -> InferenceEndpoint?
    /// By name alone (Azure OpenAI style routes carry no region).
    func endpoint(named name: String) async throws -> InferenceEndpoint?
    /// The Cognitive Services account a host names; a regional host names the account whose key
    /// is one of `keys`.
    func account(_ host: AccountHost, keys: [String]) async throws -> InferenceAccount?
    /// The managed online endpoint `name` in `region`.
    func online(region: String, name: String) async throws -> InferenceOnlineEndpoint?
}

extension EndpointSource {
    public func account(_ host: AccountHost, keys: [String]) async throws -> InferenceAccount? { nil }
}
