import Foundation

/// What the data plane knows of a managed online endpoint: its auth, its traffic split and its
/// deployments (each an `InferenceEndpoint` for the model it serves, so the one inference core
/// answers for them).
public struct InferenceOnlineEndpoint: Sendable, Equatable {
    public enum AuthMode: String, Sendable {
        case key = "Key"
        case amlToken = "AMLToken"
        case aadToken = "AADToken"
    }

    /// A share of requests, in whole percent, for one deployment.
    public struct Weight: Sendable, Equatable {
        public var deployment: String
        public var percent: Int

        public init(deployment: String, percent: Int) {
            self.deployment = deployment
            self.percent = percent
        }
    }

    public var id: String
    public var name: String
    public var region: String
    public var authMode: AuthMode
    public var primaryKey: String
    public var secondaryKey: String
    /// AMLTokens the control plane issued, with their expiry.
    public var tokens: [String: Date]
    /// Live traffic, sorted by deployment name.
    public var traffic: [Weight]
    /// The one deployment that gets a mirrored copy of a share of requests.
    public var mirror: Weight?
    /// By lower-cased name.
    public var deployments: [String: InferenceOnlineDeployment]
    public var availability: InferenceEndpoint.Availability

    public init(id: String, name: String, region: String, authMode: AuthMode, primaryKey: String, secondaryKey: String,
                tokens: [String: Date], traffic: [Weight], mirror: Weight?, deployments: [String: InferenceOnlineDeployment],
                availability: InferenceEndpoint.Availability) {
        self.id = id
        self.name = name
        self.region = region
        self.authMode = authMode
        self.primaryKey = primaryKey
        self.secondaryKey = secondaryKey
        self.tokens = tokens
        self.traffic = traffic.sorted { $0.deployment.lowercased() < $1.deployment.lowercased() }
        self.mirror = mirror
        self.deployments = deployments
        self.availability = availability
    }

    public func deployment(_ name: String) -> InferenceOnlineDeployment? { deployments[name.lowercased()] }
}

/// One deployment of an online endpoint as the data plane sees it.
public struct InferenceOnlineDeployment: Sendable, Equatable {
    public enum Scoring: String, Sendable {
        case chatCompletions = "chat-completions"
        case inputData = "input-data"
        case questionAnswering = "question-answering"
    }

    public var name: String
    /// The model it serves (named after the deployment, so per-endpoint settings use its name).
    public var model: InferenceEndpoint
    public var scoring: Scoring
    /// Requests it takes at once: 2 x maxConcurrentRequestsPerInstance x instances (Azure's rule).
    public var maxInFlight: Int
    public var requestTimeout: Duration

    public init(name: String, model: InferenceEndpoint, scoring: Scoring, maxInFlight: Int, requestTimeout: Duration) {
        self.name = name
        self.model = model
        self.scoring = scoring
        self.maxInFlight = maxInFlight
        self.requestTimeout = requestTimeout
    }
}

extension EndpointSource {
    public func online(region: String, name: String) async throws -> InferenceOnlineEndpoint? { nil }
}
