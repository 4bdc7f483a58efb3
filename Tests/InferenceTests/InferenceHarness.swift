import CeruleanJSON
import Foundation
import Inference
import Synchronization

/// Endpoints held in memory, for driving the service without a store.
final class StaticSource: EndpointSource {
    let endpoints: Mutex<[InferenceEndpoint]>

    init(_ endpoints: [InferenceEndpoint]) {
        self.endpoints = Mutex(endpoints)
    }

    func endpoint(region: String, name: String) async throws -> InferenceEndpoint? {
        endpoints.withLock { $0.first { $0.region == region && $0.name.lowercased() == name.lowercased() } }
    }

    func endpoint(named name: String) async throws -> InferenceEndpoint? {
        endpoints.withLock { $0.first { $0.name.lowercased() == name.lowercased() } }
    }
}

/// A settable clock for rate-limit windows.
final class TestTime: Sendable {
    private let value = Mutex(Date(timeIntervalSince1970: 1_800_000_000))  // on a minute boundary
    var now: Date { value.withLock { $0 } }
    func advance(_ seconds: Double) { value.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

struct InferenceHarness {
    static let chatKey = "chat-primary-key-0000000000000000"
    static let embedKey = "embed-primary-key-000000000000000"

    static func endpoint(_ name: String, task: InferenceEndpoint.Task = .chatCompletion, key: String = chatKey,
                         availability: InferenceEndpoint.Availability = .ready, safety: Bool = true,
                         tpm: Int = 200_000, rpm: Int = 1_000, context: Int? = 8192) -> InferenceEndpoint {
        InferenceEndpoint(
            id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w/serverlessEndpoints/\(name)",
            name: name, region: "eastus2", modelID: "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct",
            modelName: task == .embeddings ? "Cohere-embed-v3-english" : "Meta-Llama-3-8B-Instruct",
            providerName: task == .embeddings ? "Cohere" : "Meta", task: task, contextWindow: context,
            embeddingDimensions: task == .embeddings ? 1024 : nil, primaryKey: key, secondaryKey: key + "-2",
            contentSafety: safety, tokensPerMinute: tpm, requestsPerMinute: rpm, availability: availability)
    }

    let service: InferenceService
    let time = TestTime()

    init(settings: InferenceSettings = InferenceSettings(), extra: [InferenceEndpoint] = [], usageSink: (any UsageSink)? = nil) {
        let source = StaticSource([
            Self.endpoint("chat"), Self.endpoint("embed", task: .embeddings, key: Self.embedKey),
            Self.endpoint("image", task: .textToImage), Self.endpoint("creating", availability: .notReady(state: "Creating")),
            Self.endpoint("suspended", availability: .unhealthy(state: "Suspended")), Self.endpoint("going", availability: .deleting),
            Self.endpoint("open", safety: false),
        ] + extra)
        let time = self.time
        service = InferenceService(source: source, settings: settings, usageSink: usageSink, now: { time.now })
    }

    func chat(_ body: JSON, endpoint: String = "chat", style: InferenceCall.Style = .modelInference,
              headers: [String: String]? = nil, apiVersion: String? = "2024-05-01-preview") async -> InferenceResponse {
        await call(.chatCompletions, body: body, endpoint: endpoint, style: style, headers: headers, apiVersion: apiVersion)
    }

    func call(_ operation: InferenceCall.Operation, body: JSON?, endpoint: String = "chat",
              style: InferenceCall.Style = .modelInference, headers: [String: String]? = nil,
              apiVersion: String? = "2024-05-01-preview") async -> InferenceResponse {
        let key = endpoint == "embed" ? Self.embedKey : Self.chatKey
        let target: InferenceCall.Target = style == .modelInference || style == .openAIv1 ? .regional(region: "eastus2", name: endpoint) : .named(endpoint)
        return await service.handle(InferenceCall(
            operation: operation, style: style, target: target, method: operation == .info ? "GET" : "POST",
            headers: headers ?? ["api-key": key], apiVersion: style == .openAIv1 ? nil : apiVersion,
            body: body?.serialized() ?? Data()))
    }

    static func user(_ text: String) -> JSON { ["messages": [["role": "user", "content": .string(text)]]] }
}

extension InferenceResponse {
    var errorCode: String? { json?["error"]?["code"]?.stringValue }
    var errorMessage: String? { json?["error"]?["message"]?.stringValue }
    var content: String? { json?["choices"]?[0]?["message"]?["content"]?.stringValue }
    var events: [String] {
        if case .events(let plan) = body { return plan.payloads }
        return []
    }
}

extension JSON {
    func with(_ key: String, _ value: JSON) -> JSON {
        var o = objectValue ?? [:]
        o[key] = value
        return .object(o)
    }
}
