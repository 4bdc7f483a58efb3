/// Where an endpoint's usage is metered, as the endpoint source describes it. The data plane
/// only hands it on to the `UsageSink`; the billing side reads it.
public struct MeterTarget: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// A serverless endpoint of a marketplace model: billed on its SaaS resource's meters.
        case marketplace
        /// A serverless endpoint of a model Microsoft offers (no marketplace subscription).
        case serverless
        /// A deployment in a Cognitive Services account (Azure OpenAI, AI Services).
        case accountDeployment
    }

    public var kind: Kind
    /// The ARM id the cost sits on: the SaaS resource, the account, or the endpoint itself.
    public var chargedResourceID: String
    /// The ARM id of the endpoint or deployment that answered.
    public var servingResourceID: String
    /// The model's name (what the price list is keyed by).
    public var product: String
    /// The marketplace plan or the deployment's SKU (`GlobalStandard`).
    public var plan: String

    public init(kind: Kind, chargedResourceID: String, servingResourceID: String, product: String, plan: String) {
        self.kind = kind
        self.chargedResourceID = chargedResourceID
        self.servingResourceID = servingResourceID
        self.product = product
        self.plan = plan
    }
}

/// Receives the tokens of every billable answer: a successful one (never a 429 or another
/// error). Called on the request's task, so an implementation must be O(1) and never wait on
/// I/O: add to memory, write elsewhere.
public protocol UsageSink: Sendable {
    func record(_ target: MeterTarget, inputTokens: Int, outputTokens: Int)
}

/// The usage of one streamed answer, reported once its events have been written: the prompt's
/// tokens, and the completion tokens of the text the delivered events carried.
public struct StreamMeter: Sendable {
    /// What one event carries: completion text (counted in Unicode scalars, per choice, so a
    /// whole stream counts exactly what the same answer unstreamed would) or fixed tokens.
    struct Portion: Sendable {
        var choice: Int
        var scalars: Int
        var tokens: Int
    }

    let sink: any UsageSink
    let target: MeterTarget
    let inputTokens: Int
    /// One per payload of the plan (events without completion text carry nothing).
    let portions: [Portion]

    init(sink: any UsageSink, target: MeterTarget, inputTokens: Int, portions: [Portion]) {
        self.sink = sink
        self.target = target
        self.inputTokens = inputTokens
        self.portions = portions
    }

    /// Records the usage of the first `count` payloads (call once, when the stream has ended
    /// or was cut).
    public func delivered(_ count: Int) {
        var scalars: [Int: Int] = [:]
        var tokens = 0
        for portion in portions.prefix(max(0, count)) {
            scalars[portion.choice, default: 0] += portion.scalars
            tokens += portion.tokens
        }
        for n in scalars.values { tokens += TokenEstimator.tokens(scalars: n) }
        sink.record(target, inputTokens: inputTokens, outputTokens: tokens)
    }
}
