import CeruleanJSON
import Foundation

/// Managed online endpoints: the endpoint by region and name, the caller by its auth mode (a key,
/// an AMLToken, or an Entra token for `https://ml.azure.com`), the deployment by the
/// `azureml-model-deployment` header or the traffic weights, then the deployment's concurrency
/// limit, its request timeout and the model's scoring format. The answer names the deployment
/// that gave it (`azureml-model-deployment`).
extension InferenceService {
    static let onlineAudiences = ["https://ml.azure.com"]
    static let deploymentHeader = "azureml-model-deployment"

    func respondOnline(_ call: InferenceCall, region: String, name: String) async throws -> InferenceResponse {
        let expected = call.operation == .swagger ? "GET" : "POST"
        guard call.method == expected else { throw InferenceError.methodNotAllowed(call.method) }
        guard let endpoint = try await source.online(region: region, name: name) else { throw InferenceError.onlineEndpointNotFound(name) }
        try await authorizeOnline(call, endpoint)
        switch endpoint.availability {
        case .ready: break
        case .notReady(let state), .unhealthy(let state): throw InferenceError.onlineNotReady("endpoint", name, state: state)
        case .deleting: throw InferenceError.onlineEndpointNotFound(name)
        }
        if call.operation == .swagger { return InferenceResponse(status: 200, body: .json(Self.swagger(endpoint))) }
        let requestKey = call.headers["x-ms-client-request-id"] ?? call.headers["x-request-id"] ?? call.requestID
        let deployment = try chooseDeployment(call, endpoint, requestKey: requestKey)
        let body = try parseBody(call.body)
        guard call.operation == .score || deployment.scoring == .chatCompletions else {
            throw InferenceError(status: 404, code: "NotFound",
                                 message: "The deployment '\(deployment.name)' serves /score only: its model speaks the \(deployment.scoring.rawValue) format.")
        }
        guard gate.enter(deployment.model.id, limit: deployment.maxInFlight) else {
            throw InferenceError.tooManyPending(deployment)
        }
        var response: InferenceResponse
        do {
            response = try answer(call, body, deployment)
        } catch {
            gate.leave(deployment.model.id)
            throw error
        }
        onlineTraffic.served(deployment.model.id)
        if TrafficRouting.mirrors(endpoint.mirror, requestKey: requestKey), let mirror = endpoint.mirror.flatMap({ endpoint.deployment($0.deployment) }),
            mirror.name.lowercased() != deployment.name.lowercased(), mirror.model.availability == .ready
        {
            // A mirrored copy is answered and thrown away: the caller sees only the live deployment.
            _ = try? answer(call, body, mirror)
            onlineTraffic.mirrored(mirror.model.id)
        }
        if response.totalDelay > deployment.requestTimeout {
            response = InferenceError.requestTimeout(deployment).response
            response.delay = deployment.requestTimeout
        }
        response.headers.append((Self.deploymentHeader, deployment.name))
        response.endpointName = deployment.name
        let gate = self.gate, key = deployment.model.id
        response.onFinish = { gate.leave(key) }
        return response
    }

    /// Key mode takes either key; AMLToken mode an unexpired token from the `token` action;
    /// AADToken mode a Cerulean-signed Entra token for `https://ml.azure.com`, whose principal
    /// strict mode's check (if any) finds holding `score/action` at the endpoint or above.
    func authorizeOnline(_ call: InferenceCall, _ endpoint: InferenceOnlineEndpoint) async throws {
        guard let auth = call.headers["authorization"], auth.lowercased().hasPrefix("bearer ") else {
            throw InferenceError.onlineUnauthorized("The request carries no 'Authorization: Bearer ...' header.")
        }
        let credential = String(auth.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        switch endpoint.authMode {
        case .key:
            guard !credential.isEmpty, ConstantTime.equals(credential, endpoint.primaryKey) || ConstantTime.equals(credential, endpoint.secondaryKey)
            else { throw InferenceError.onlineUnauthorized("The key is not one of the endpoint's keys.") }
        case .amlToken:
            guard let expiry = endpoint.tokens[credential] else {
                throw InferenceError.onlineUnauthorized("The AML token is not one issued for this endpoint.")
            }
            guard expiry > now() else { throw InferenceError.onlineUnauthorized("The AML token has expired; ask the endpoint's token action for a new one.") }
        case .aadToken:
            guard let principal = tokenVerifier?.principal(of: credential, audiences: Self.onlineAudiences) else {
                throw InferenceError.onlineUnauthorized("The Microsoft Entra token is invalid, expired, or not for the audience https://ml.azure.com.")
            }
            try await checkDataAction(principal, .online(call), at: endpoint.id)
        }
    }

    func chooseDeployment(_ call: InferenceCall, _ endpoint: InferenceOnlineEndpoint, requestKey: String) throws -> InferenceOnlineDeployment {
        let chosen: InferenceOnlineDeployment
        if let wanted = call.headers[Self.deploymentHeader], !wanted.isEmpty {
            guard let deployment = endpoint.deployment(wanted) else { throw InferenceError.onlineDeploymentNotFound(wanted, endpoint.name) }
            chosen = deployment
        } else {
            guard let name = TrafficRouting.pick(endpoint.traffic, requestKey: requestKey), let deployment = endpoint.deployment(name) else {
                throw InferenceError.noRoutableDeployment()
            }
            chosen = deployment
        }
        switch chosen.model.availability {
        case .ready: return chosen
        case .notReady(let state), .unhealthy(let state): throw InferenceError.onlineNotReady("deployment", chosen.name, state: state)
        case .deleting: throw InferenceError.onlineDeploymentNotFound(chosen.name, endpoint.name)
        }
    }

    /// The deployment's answer in its model's format.
    func answer(_ call: InferenceCall, _ body: JSONObject, _ deployment: InferenceOnlineDeployment) throws -> InferenceResponse {
        switch (call.operation, deployment.scoring) {
        case (.chatCompletions, _):
            return try chat(call, body, deployment.model)
        case (.completions, _):
            var model = deployment.model
            model.task = .completion
            return try completion(call, body, model)
        case (.score, .chatCompletions):
            guard body["input_data"] == nil else { return try inputData(body, deployment) }
            var chatCall = call
            chatCall.style = .openAIv1
            return try chat(chatCall, body, deployment.model)
        case (.score, .inputData):
            return try inputData(body, deployment)
        case (.score, .questionAnswering):
            return try questionAnswering(body, deployment)
        default:
            throw InferenceError(status: 404, code: "NotFound", message: "The route is not served by managed online deployments.")
        }
    }

    /// A small OpenAPI document for `{swaggerUri}`.
    static func swagger(_ endpoint: InferenceOnlineEndpoint) -> JSON {
        ["openapi": "3.0.1",
         "info": ["title": .string("\(endpoint.name) scoring"), "version": "1.0"],
         "paths": ["/score": ["post": ["summary": "Score the deployment traffic routes to (or the one the azureml-model-deployment header names).",
                                       "responses": ["200": ["description": "The model's answer."]]]]]]
    }
}

extension InferenceResponse {
    /// How long the whole answer takes: the delay before it, and every pause of a stream.
    var totalDelay: Duration {
        guard case .events(let plan) = body, plan.payloads.count > 1 else { return delay }
        return delay + plan.perEventDelay * (plan.payloads.count - 1)
    }
}

extension InferenceError {
    static func onlineEndpointNotFound(_ name: String) -> InferenceError {
        InferenceError(status: 404, code: "EndpointNotFound", message: "No online endpoint named '\(name)' exists in this region.")
    }

    static func onlineUnauthorized(_ reason: String) -> InferenceError {
        InferenceError(status: 401, code: "Unauthorized", message: "Unauthorized: \(reason)")
    }

    static func noRoutableDeployment() -> InferenceError {
        InferenceError(status: 404, code: "NoValidDeployment",
                       message: "The endpoint doesn't have any valid deployment with positive weight. Set traffic to a deployment, or name one in the azureml-model-deployment header.")
    }

    static func onlineDeploymentNotFound(_ deployment: String, _ endpoint: String) -> InferenceError {
        InferenceError(status: 404, code: "DeploymentNotFound", message: "The endpoint '\(endpoint)' has no deployment named '\(deployment)'.")
    }

    static func onlineNotReady(_ what: String, _ name: String, state: String) -> InferenceError {
        InferenceError(status: 409, code: "DeploymentNotReady",
                       message: "The \(what) '\(name)' cannot take requests while it is \(state); try again when its provisioning has succeeded.")
    }

    static func tooManyPending(_ deployment: InferenceOnlineDeployment) -> InferenceError {
        InferenceError(status: 429, code: "TooManyRequests",
                       message: "Too many pending requests: the deployment '\(deployment.name)' takes at most \(deployment.maxInFlight) requests at once (2 x maxConcurrentRequestsPerInstance x instances).",
                       headers: [("Retry-After", "1")])
    }

    static func requestTimeout(_ deployment: InferenceOnlineDeployment) -> InferenceError {
        let ms = Int(deployment.requestTimeout.components.seconds * 1000) + Int(deployment.requestTimeout.components.attoseconds / 1_000_000_000_000_000)
        return InferenceError(status: 408, code: "RequestTimeout",
                              message: "The request to the deployment '\(deployment.name)' did not finish within its requestTimeout of \(ms) ms.")
    }
}
