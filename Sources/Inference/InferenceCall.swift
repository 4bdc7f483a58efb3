import CeruleanJSON
import Foundation

/// One data-plane request as plain values (the server translates HTTP to and from these).
public struct InferenceCall: Sendable {
    public enum Operation: String, Sendable {
        case chatCompletions = "ChatCompletions_Create"
        case completions = "Completions_Create"
        case embeddings = "Embeddings_Create"
        case info = "GetModelInfo"
        /// `POST {scoringUri}` of a managed online endpoint.
        case score = "Score"
        /// `GET {swaggerUri}` of a managed online endpoint.
        case swagger = "GetSwagger"
    }

    /// Which API family the route belongs to: it decides api-version rules and body details.
    public enum Style: Sendable, Equatable {
        /// `{endpoint}/chat/completions?api-version=...` (Azure AI Model Inference).
        case modelInference
        /// `{endpoint}/v1/chat/completions` (OpenAI style, no api-version).
        case openAIv1
        /// `{base}/openai/deployments/{name}/...?api-version=...` (Azure OpenAI style).
        case azureOpenAI
    }

    public enum Target: Sendable, Equatable {
        case regional(region: String, name: String)
        case named(String)
        /// The deployment is the body's `model` (Azure OpenAI v1 routes).
        case fromBody
        /// A deployment of a Cognitive Services account, found by the request's host.
        case account(AccountHost, deployment: DeploymentChoice)
        /// A managed online endpoint, found by region and name (its deployment by traffic or header).
        case online(region: String, name: String)
    }

    /// How an account request names its deployment.
    public enum DeploymentChoice: Sendable, Equatable {
        /// In the path (`/openai/deployments/{d}/...`).
        case path(String)
        /// The body's `model` (`/openai/v1/...`).
        case body
        /// The body's `model` or the `x-ms-model-mesh-model-name` header (`/models/...`).
        case model
    }

    public var operation: Operation
    public var style: Style
    public var target: Target
    public var method: String
    /// Header names lower-cased.
    public var headers: [String: String]
    public var apiVersion: String?
    public var body: Data
    /// The server's id for this request (traffic routing falls back on it when the client sends none).
    public var requestID: String

    public init(operation: Operation, style: Style, target: Target, method: String, headers: [String: String],
                apiVersion: String?, body: Data, requestID: String = "") {
        self.requestID = requestID
        self.operation = operation
        self.style = style
        self.target = target
        self.method = method
        self.headers = headers
        self.apiVersion = apiVersion
        self.body = body
    }
}

/// What the data plane answers.
public struct InferenceResponse: Sendable {
    public enum Body: Sendable {
        case json(JSON)
        /// Server-sent events: each payload goes out as `data: <payload>` and a blank line.
        case events(SSEPlan)
    }

    public var status: Int
    public var headers: [(String, String)]
    public var body: Body
    /// Simulated latency before the answer starts.
    public var delay: Duration
    /// Tokens this answer served (for metrics): prompt and completion.
    public var usage: (prompt: Int, completion: Int)?
    /// The endpoint that answered, when one was found.
    public var endpointName: String?
    /// Called once the answer has been written (or abandoned): frees what the request held.
    public var onFinish: (@Sendable () -> Void)?

    public init(status: Int, headers: [(String, String)] = [], body: Body, delay: Duration = .zero) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delay = delay
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    public var json: JSON? {
        if case .json(let j) = body { return j }
        return nil
    }
}

/// A planned event stream: the payloads and the pause before each (after the first one).
public struct SSEPlan: Sendable {
    public var payloads: [String]
    public var perEventDelay: Duration
    /// What completion each payload carries, for metering (parallel to `payloads`).
    var portions: [StreamMeter.Portion] = []
    /// Set on a billable stream: whoever writes the events calls `delivered(_:)` once, with how
    /// many payloads went out.
    public var meter: StreamMeter?

    public init(payloads: [String] = [], perEventDelay: Duration) {
        self.payloads = payloads
        self.perEventDelay = perEventDelay
        portions = payloads.map { _ in StreamMeter.Portion(choice: 0, scalars: 0, tokens: 0) }
    }

    /// Adds a payload carrying `text` of choice `choice` (and `tokens` counted as they are).
    mutating func append(_ payload: String, choice: Int = 0, text: String = "", tokens: Int = 0) {
        payloads.append(payload)
        portions.append(StreamMeter.Portion(choice: choice, scalars: text.unicodeScalars.count, tokens: tokens))
    }

    /// The plan with a meter that bills `target` for what gets delivered.
    func metered(by sink: any UsageSink, target: MeterTarget, inputTokens: Int) -> SSEPlan {
        var plan = self
        plan.meter = StreamMeter(sink: sink, target: target, inputTokens: inputTokens, portions: portions)
        return plan
    }

    /// The bytes on the wire, for tests and non-delayed writers.
    public var wireText: String {
        payloads.map { "data: \($0)\n\n" }.joined()
    }
}
