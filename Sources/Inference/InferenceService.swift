import CeruleanJSON
import Foundation
import Synchronization

/// The data plane: finds the endpoint, checks the key, its state, the model's modality, the
/// request and the rate limits, then answers from the responders.
public final class InferenceService: Sendable {
    let source: any EndpointSource
    let now: @Sendable () -> Date
    let settings: InferenceSettings
    let limiter = RateLimiter()
    /// Requests in flight per online deployment (the 429 of managed compute).
    let gate = ConcurrencyGate()
    /// Requests served and mirrored per online deployment.
    public let onlineTraffic = OnlineTrafficCounts()
    let responder: any Responder
    let filter: ContentFilter
    /// Checks Entra tokens sent to account deployments; `nil` refuses every token.
    let tokenVerifier: (any DataPlaneTokenVerifier)?
    /// Strict mode's data-action check of token-authenticated calls (`nil`: lenient, none).
    let dataActions: (any DataActionCheck)?
    /// Replies queued per endpoint at run time (served before any other responder).
    public let canned: CannedReplies
    /// Where billable answers report their tokens (`nil`: nothing is metered).
    let usageSink: (any UsageSink)?
    private let overrides: Mutex<(limits: [String: RateLimiter.Limits], latency: [String: InferenceSettings.Latency])>

    public init(source: any EndpointSource, settings: InferenceSettings = InferenceSettings(),
                tokenVerifier: (any DataPlaneTokenVerifier)? = nil, dataActions: (any DataActionCheck)? = nil,
                usageSink: (any UsageSink)? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
        self.source = source
        self.usageSink = usageSink
        self.tokenVerifier = tokenVerifier
        self.dataActions = dataActions
        self.settings = settings
        self.now = now
        let canned = CannedReplies()
        self.canned = canned
        var chain: [any Responder] = [canned]
        if let scripted = settings.scripted { chain.append(scripted) }
        chain.append(settings.mode == .echo ? EchoResponder() : GeneratingResponder())
        responder = ResponderChain(chain)
        filter = ContentFilter(blockedTerms: settings.blockedTerms)
        overrides = Mutex((
            Dictionary(settings.limitsByEndpoint.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a }),
            Dictionary(settings.latencyByEndpoint.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })))
    }

    /// Changes one endpoint's limits from now on (and restarts its windows).
    public func setLimits(_ limits: RateLimiter.Limits?, forEndpoint name: String) {
        overrides.withLock { $0.limits[name.lowercased()] = limits }
    }

    /// Forgets every endpoint's rate-limit windows (after a reset).
    public func resetRateLimits() {
        limiter.resetAll()
    }

    public func setLatency(_ latency: InferenceSettings.Latency?, forEndpoint name: String) {
        overrides.withLock { $0.latency[name.lowercased()] = latency }
    }

    /// The endpoint's limits in force and what it has used of them in the current minute.
    public func usage(of endpoint: InferenceEndpoint) -> (used: RateLimiter.Usage, limits: RateLimiter.Limits) {
        (limiter.usage(key: endpoint.id.lowercased(), now: now()), limits(for: endpoint))
    }

    func limits(for endpoint: InferenceEndpoint) -> RateLimiter.Limits {
        overrides.withLock { $0.limits[endpoint.name.lowercased()] }
            ?? RateLimiter.Limits(tokensPerMinute: endpoint.tokensPerMinute, requestsPerMinute: endpoint.requestsPerMinute)
    }

    func latency(for endpoint: InferenceEndpoint) -> InferenceSettings.Latency {
        overrides.withLock { $0.latency[endpoint.name.lowercased()] } ?? settings.latency
    }

    /// Answers one call. Never throws: every failure becomes an error response.
    public func handle(_ call: InferenceCall) async -> InferenceResponse {
        do {
            return try await respond(call)
        } catch let error as InferenceError {
            var response = error.response
            if case .regional(_, let name) = call.target { response.endpointName = name }
            if case .named(let name) = call.target { response.endpointName = name }
            if case .account(_, .path(let name)) = call.target { response.endpointName = name }
            return response
        } catch {
            return InferenceError(status: 500, code: "InternalServerError", message: "The request failed unexpectedly: \(error)").response
        }
    }

    private func respond(_ call: InferenceCall) async throws -> InferenceResponse {
        if case .online(let region, let name) = call.target { return try await respondOnline(call, region: region, name: name) }
        let expected = call.operation == .info ? "GET" : "POST"
        guard call.method == expected else { throw InferenceError.methodNotAllowed(call.method) }
        try checkAPIVersion(call)
        let body = try call.method == "POST" ? parseBody(call.body) : JSONObject()
        let endpoint: InferenceEndpoint
        if case .account(let host, let choice) = call.target {
            endpoint = try await resolveAccountDeployment(call, body, host: host, choice: choice)
        } else {
            endpoint = try await resolve(call, body)
            guard keys(of: call).contains(where: endpoint.accepts) else { throw InferenceError.unauthorized(call.style) }
        }
        switch endpoint.availability {
        case .ready: break
        case .notReady(let state): throw InferenceError.notReady(endpoint.name, state: state)
        case .unhealthy(let state): throw InferenceError.unhealthy(endpoint, state: state)
        case .deleting: throw InferenceError.deleting(endpoint.name)
        }
        switch call.operation {
        case .info:
            return InferenceResponse(status: 200, body: .json([
                "model_name": .string(endpoint.modelName), "model_type": .string(endpoint.task.rawValue),
                "model_provider_name": .string(endpoint.providerName),
            ]))
        case .chatCompletions:
            guard endpoint.task == .chatCompletion else {
                if endpoint.pricingTier != nil { throw InferenceError.operationNotSupported(call.operation, endpoint) }
                throw InferenceError.modality()
            }
            return try chat(call, body, endpoint)
        case .completions:
            guard endpoint.task == .completion else { throw InferenceError.operationNotSupported(call.operation, endpoint) }
            return try completion(call, body, endpoint)
        case .embeddings:
            guard endpoint.task == .embeddings, let dimensions = endpoint.embeddingDimensions else {
                if endpoint.pricingTier != nil { throw InferenceError.operationNotSupported(call.operation, endpoint) }
                throw InferenceError.modality()
            }
            return try embeddings(call, body, endpoint, dimensions: dimensions)
        case .score, .swagger:
            throw InferenceError(status: 404, code: "NotFound", message: "Scoring routes belong to managed online endpoints.")
        }
    }

    // MARK: Steps

    func checkAPIVersion(_ call: InferenceCall) throws {
        guard call.style != .openAIv1 else { return }
        guard let version = call.apiVersion, !version.isEmpty else { throw InferenceError.missingAPIVersion() }
        // A date, optionally with a suffix (`2024-05-01-preview`); Model Inference from 2024-05-01 on.
        let date = version.prefix(10)
        let wellFormed = date.count == 10 && date.enumerated().allSatisfy { i, c in [4, 7].contains(i) ? c == "-" : c.isASCII && c.isNumber }
            && (version.count == 10 || version.dropFirst(10).first == "-")
        guard wellFormed, call.style != .modelInference || date >= "2024-05-01" else {
            throw InferenceError.unsupportedAPIVersion(version)
        }
    }

    func parseBody(_ data: Data) throws -> JSONObject {
        do {
            guard let object = try JSONParser.parse(data).objectValue else {
                throw InferenceError.badRequest("The request body must be a JSON object.", param: nil)
            }
            return object
        } catch let error as JSONParseError {
            throw InferenceError.badRequest("The request body is not valid JSON: \(error.description).", param: nil)
        }
    }

    func resolve(_ call: InferenceCall, _ body: JSONObject) async throws -> InferenceEndpoint {
        switch call.target {
        case .regional(let region, let name):
            guard let e = try await source.endpoint(region: region, name: name) else { throw InferenceError.endpointNotFound(name, call.style) }
            return e
        case .named(let name):
            guard let e = try await source.endpoint(named: name) else { throw InferenceError.endpointNotFound(name, call.style) }
            return e
        case .account, .online:
            throw InferenceError.badRequest("An account deployment or online endpoint is resolved on its own.", param: nil)
        case .fromBody:
            guard let name = body["model"]?.stringValue else {
                throw InferenceError.badRequest("'model' must name the deployment.", param: "model")
            }
            guard let e = try await source.endpoint(named: name) else { throw InferenceError.endpointNotFound(name, call.style) }
            return e
        }
    }

    /// `api-key`, and the bearer token (azure-ai-inference sends both; either may carry the key).
    func keys(of call: InferenceCall) -> [String] {
        var keys: [String] = []
        if let key = call.headers["api-key"] { keys.append(key) }
        if let auth = call.headers["authorization"], auth.lowercased().hasPrefix("bearer ") {
            keys.append(String(auth.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces))
        }
        return keys
    }

    /// Unknown members per the `extra-parameters` header: `error` (default) refuses them with 422,
    /// `drop` and `pass-through` accept them.
    func checkExtraParameters(_ call: InferenceCall, _ body: JSONObject, known: Set<String>) throws {
        let mode = call.headers["extra-parameters"]?.lowercased() ?? (call.style == .modelInference ? "error" : "drop")
        guard ["error", "drop", "pass-through"].contains(mode) else {
            throw InferenceError.badRequest("The 'extra-parameters' header must be 'error', 'drop' or 'pass-through'.", param: "extra-parameters")
        }
        guard mode == "error" else { return }
        let unknown = body.entries.filter { !known.contains($0.key) }
        if !unknown.isEmpty { throw InferenceError.unprocessable(unknown.map { ($0.key, $0.value) }) }
    }

    func admit(_ endpoint: InferenceEndpoint, tokens: Int, _ call: InferenceCall) throws -> [(String, String)] {
        let limits = limits(for: endpoint)
        switch limiter.admit(key: endpoint.id.lowercased(), tokens: tokens, limits: limits, now: now()) {
        case .admitted(let requests, let remainingTokens):
            return [("x-ratelimit-remaining-requests", String(requests)), ("x-ratelimit-remaining-tokens", String(remainingTokens))]
        case .limited(let retryAfter, let reason, let requests, let remainingTokens):
            throw RateLimitRefusal(retryAfter: retryAfter, reason: reason, remainingRequests: requests,
                                   remainingTokens: remainingTokens, operation: call.operation,
                                   apiVersion: call.apiVersion ?? "v1", limits: limits, pricingTier: endpoint.pricingTier,
                                   family: call.style == .modelInference ? "Azure AI Model Inference" : "Azure OpenAI").error
        }
    }

    func chat(_ call: InferenceCall, _ body: JSONObject, _ endpoint: InferenceEndpoint) throws -> InferenceResponse {
        let request = try ChatRequest(body)
        try checkExtraParameters(call, body, known: ChatRequest.known)
        let prompt = request.promptTokens
        if let window = endpoint.contextWindow, prompt + (request.maxTokens ?? 0) > window {
            throw InferenceError(status: 400, code: "context_length_exceeded",
                                 message: "This model's maximum context length is \(window) tokens. However, you requested \(prompt + (request.maxTokens ?? 0)) tokens (\(prompt) in the messages, \(request.maxTokens ?? 0) in the completion).",
                                 param: "messages", extra: ["type": "invalid_request_error"])
        }
        let estimate = prompt + (request.maxTokens ?? settings.defaultMaxTokens) * request.n
        let headers = try admit(endpoint, tokens: estimate, call)
        if endpoint.contentSafety,
            filter.violation(in: request.messages.map { TokenEstimator.text(of: $0["content"]) }) != nil
        {
            throw ContentFilter.refusal(call.style)
        }
        let choices = (0..<request.n).map { index in
            ShapedChoice(index: index, reply: responder.reply(to: request, endpoint: endpoint, index: index) ?? Reply(text: ""),
                         stop: request.stop, maxTokens: request.maxTokens)
        }
        var idRNG = DeterministicRandom(endpoint.id, request.conversationKey, String(request.seed ?? 0))
        let renderer = ChatCompletionRenderer(
            id: "chatcmpl-\(GeneratingResponder.hex(&idRNG, 29))", created: Int(now().timeIntervalSince1970),
            model: endpoint.modelName, choices: choices, promptTokens: prompt,
            annotate: call.style == .azureOpenAI && endpoint.contentSafety)
        let latency = latency(for: endpoint)
        let tokens = choices.reduce(0) { $0 + $1.completionTokens }
        var response: InferenceResponse
        if request.stream {
            response = InferenceResponse(
                status: 200, headers: headers + [("Cache-Control", "no-cache")],
                body: .events(renderer.plan(includeUsage: request.includeUsage, perEventDelay: latency.perToken)),
                delay: latency.firstToken)
        } else {
            response = InferenceResponse(status: 200, headers: headers, body: .json(renderer.body),
                                         delay: latency.firstToken + latency.perToken * tokens)
        }
        bill(&response, endpoint, input: prompt, output: tokens)
        return response
    }

    func embeddings(_ call: InferenceCall, _ body: JSONObject, _ endpoint: InferenceEndpoint, dimensions: Int) throws
        -> InferenceResponse
    {
        let request = try EmbeddingsRequest(body, modelDimensions: dimensions)
        try checkExtraParameters(call, body, known: EmbeddingsRequest.known)
        let headers = try admit(endpoint, tokens: request.promptTokens, call)
        var response = InferenceResponse(status: 200, headers: headers,
                                         body: .json(request.body(model: endpoint.modelID, modelName: endpoint.modelName)),
                                         delay: latency(for: endpoint).firstToken)
        bill(&response, endpoint, input: request.promptTokens, output: 0)
        return response
    }

    /// Marks a successful answer with its usage and meters it: at once for a JSON body, or as
    /// its events are delivered for a stream (the writer reports how many went out).
    func bill(_ response: inout InferenceResponse, _ endpoint: InferenceEndpoint, input: Int, output: Int) {
        response.usage = (input, output)
        response.endpointName = endpoint.name
        guard let sink = usageSink, let target = endpoint.meter else { return }
        switch response.body {
        case .json: sink.record(target, inputTokens: input, outputTokens: output)
        case .events(let plan): response.body = .events(plan.metered(by: sink, target: target, inputTokens: input))
        }
    }
}
