import ARM
import CeruleanJSON
import CognitiveServices
import Foundation
import HTTPTypes
import Hummingbird
import Inference
import NIOCore

/// The data plane of serverless endpoints:
/// - `/serverless/{region}/{name}/chat/completions|embeddings|info` (Azure AI Model Inference,
///   `api-version` required) and `.../v1/chat/completions|embeddings` (OpenAI style);
/// - the same below any request whose Host is `{name}.{region}.models.ai.azure.com`;
/// - `/openai/deployments/{name}/chat/completions|embeddings` (Azure OpenAI style) and
///   `/openai/v1/chat/completions|embeddings` (deployment in the body's `model`);
/// - Cognitive Services account deployments below a Host `{sub}.openai.azure.com`,
///   `{sub}.cognitiveservices.azure.com`, `{sub}.services.ai.azure.com` or
///   `{region}.api.cognitive.microsoft.com`, or below the path form `/cognitiveservices/{that host}/`
///   (see `AccountRoutes`);
/// - managed online endpoints below a Host `{endpoint}.{region}.inference.ml.azure.com` or the
///   path form `/online/{region}/{endpoint}/` (see `OnlineRoutes`).
struct InferencePlane: Plane {
    let name = "inference"
    let service: InferenceService
    let metrics: Metrics
    static let azureHostSuffix = ".models.ai.azure.com"

    func owns(_ exchange: Exchange) -> Bool {
        exchange.path.hasPrefix("/serverless/") || exchange.path.hasPrefix("/openai/")
            || (exchange.host?.hasSuffix(Self.azureHostSuffix) ?? false) || AccountRoutes.owns(exchange) || OnlineRoutes.owns(exchange)
    }

    func respond(to exchange: Exchange) async -> Response {
        guard let (operation, style, target) = route(exchange) else {
            return JSONResponse.make(status: 404, body: [
                "error": ["code": "NotFound", "message": .string("The requested path '\(exchange.path)' was not found."), "status": 404],
            ])
        }
        if let refusal = Self.unsupportedMediaType(exchange), case .json(let body) = refusal.body {
            return JSONResponse.make(status: refusal.status, headers: refusal.headers, body: body)
        }
        let apiVersion = exchange.query.first { $0.0.lowercased() == "api-version" }?.1
        let call = InferenceCall(operation: operation, style: style, target: target, method: exchange.method,
                                 headers: exchange.headers, apiVersion: apiVersion, body: exchange.body, requestID: exchange.requestID)
        let answer = await service.handle(call)
        if let endpoint = answer.endpointName {
            if let usage = answer.usage { metrics.tokens(endpoint: endpoint, prompt: usage.prompt, completion: usage.completion) }
            if answer.status == 429 { metrics.rateLimited(endpoint: endpoint) }
        }
        var headers = answer.headers
        if style == .azureOpenAI { headers.append(("apim-request-id", exchange.requestID)) }
        if answer.delay > .zero { try? await Task.sleep(for: answer.delay) }
        switch answer.body {
        case .json(let json):
            answer.onFinish?()
            return JSONResponse.make(status: answer.status, headers: headers, body: json)
        case .events(let plan):
            return eventStream(plan, status: answer.status, headers: headers, onFinish: answer.onFinish)
        }
    }

    /// A POST body declared as anything but JSON is refused with 415, as the OpenAI API and the
    /// inference specs (which consume `application/json` only) have it; a body with no declared
    /// type is read as JSON (docs/behaviour.md).
    static func unsupportedMediaType(_ exchange: Exchange) -> InferenceResponse? {
        guard exchange.method == "POST", !exchange.body.isEmpty, let declared = exchange.header("content-type"),
            !JSONMediaType.isJSON(declared)
        else { return nil }
        return InferenceError(status: 415, code: "UnsupportedMediaType",
                              message: "The content type '\(declared)' is not supported; send the body as application/json.").response
    }

    /// `text/event-stream`: each payload one `data: ` line and a blank line, nothing else
    /// (the azure-ai-inference parser rejects other line kinds).
    private func eventStream(_ plan: SSEPlan, status: Int, headers: [(String, String)], onFinish: (@Sendable () -> Void)?) -> Response {
        var fields = HTTPFields()
        for (name, value) in headers { if let n = HTTPField.Name(name) { fields.append(HTTPField(name: n, value: value)) } }
        fields[.contentType] = "text/event-stream; charset=utf-8"
        let body = ResponseBody { writer in
            // A billable stream is metered by what went out, also when the client leaves or a fault cuts it.
            var written = 0
            defer {
                plan.meter?.delivered(written)
                onFinish?()
            }
            for (i, payload) in plan.payloads.enumerated() {
                if i > 0 && plan.perEventDelay > .zero { try await Task.sleep(for: plan.perEventDelay) }
                try await writer.write(ByteBuffer(string: "data: \(payload)\n\n"))
                written += 1
            }
            try await writer.finish(nil)
        }
        return Response(status: HTTPResponse.Status(code: status), headers: fields, body: body)
    }

    func route(_ exchange: Exchange) -> (InferenceCall.Operation, InferenceCall.Style, InferenceCall.Target)? {
        let parts = exchange.segments
        if AccountRoutes.owns(exchange) { return AccountRoutes.route(exchange, parts) }
        if OnlineRoutes.owns(exchange) { return OnlineRoutes.route(exchange, parts) }
        if let host = exchange.host, host.hasSuffix(Self.azureHostSuffix) {
            let labels = host.dropLast(Self.azureHostSuffix.count).split(separator: ".")
            guard labels.count == 2 else { return nil }
            return operation(parts[...]).map { ($0.0, $0.1, .regional(region: String(labels[1]), name: String(labels[0]))) }
        }
        if parts.first == "serverless", parts.count >= 4 {
            return operation(parts[3...]).map { ($0.0, $0.1, .regional(region: parts[1], name: parts[2])) }
        }
        if parts.first == "openai", parts.count == 5, parts[1] == "deployments" {
            guard let op = operation(parts[3...]), op.1 == .modelInference, op.0 != .info else { return nil }
            return (op.0, .azureOpenAI, .named(parts[2]))
        }
        if parts.first == "openai", parts.count >= 3, parts[1] == "v1" {
            guard let op = operation(parts[1...]), op.0 != .info else { return nil }
            return (op.0, .openAIv1, .fromBody)
        }
        return nil
    }

    /// The operation named by the rest of the path, and whether it is the `/v1` (OpenAI) form.
    private func operation(_ rest: ArraySlice<String>) -> (InferenceCall.Operation, InferenceCall.Style)? {
        var tail = Array(rest)
        var style = InferenceCall.Style.modelInference
        if tail.first == "v1" { tail.removeFirst(); style = .openAIv1 }
        switch tail {
        case ["chat", "completions"]: return (.chatCompletions, style)
        case ["embeddings"]: return (.embeddings, style)
        case ["info"] where style == .modelInference: return (.info, style)
        default: return nil
        }
    }
}
