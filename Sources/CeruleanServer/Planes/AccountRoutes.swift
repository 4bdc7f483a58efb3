import CognitiveServices
import Inference

/// Routes of Cognitive Services account deployments. The account comes from the Host (Azure's
/// names) or from the path form `/cognitiveservices/{azure host}/...` that accounts report as
/// their endpoints; below it:
/// - `openai/deployments/{d}/chat/completions|completions|embeddings` (Azure OpenAI, api-version);
/// - `openai/v1/chat/completions|completions|embeddings` (deployment in the body's `model`);
/// - `models/chat/completions|embeddings|info` (AI model inference, body `model` or header).
enum AccountRoutes {
    static func owns(_ exchange: Exchange) -> Bool {
        if exchange.path.hasPrefix("/\(AccountEndpoints.pathPrefix)/") { return true }
        return exchange.host.flatMap(AccountEndpoints.address(host:)) != nil
    }

    static func route(_ exchange: Exchange, _ parts: [String]) -> (InferenceCall.Operation, InferenceCall.Style, InferenceCall.Target)? {
        var rest = parts[...]
        let address: AccountEndpoints.Address?
        if rest.first == AccountEndpoints.pathPrefix, rest.count >= 2 {
            address = AccountEndpoints.address(host: rest[rest.startIndex + 1])
            rest = rest.dropFirst(2)
        } else {
            address = exchange.host.flatMap(AccountEndpoints.address(host:))
        }
        guard let address else { return nil }
        let host: AccountHost
        switch address {
        case .subdomain(let label): host = .subdomain(label)
        case .region(let region): host = .region(region)
        }
        let tail = Array(rest)
        if tail.count >= 4, tail[0] == "openai", tail[1] == "deployments", let op = operation(tail[3...]) {
            return (op, .azureOpenAI, .account(host, deployment: .path(tail[2])))
        }
        if tail.count >= 3, tail[0] == "openai", tail[1] == "v1", let op = operation(tail[2...]) {
            return (op, .openAIv1, .account(host, deployment: .body))
        }
        if tail.count >= 2, tail[0] == "models" {
            if tail[1...] == ["info"] { return (.info, .modelInference, .account(host, deployment: .model)) }
            if let op = operation(tail[1...]), op != .completions { return (op, .modelInference, .account(host, deployment: .model)) }
        }
        return nil
    }

    private static func operation(_ rest: ArraySlice<String>) -> InferenceCall.Operation? {
        switch Array(rest) {
        case ["chat", "completions"]: return .chatCompletions
        case ["completions"]: return .completions
        case ["embeddings"]: return .embeddings
        default: return nil
        }
    }
}
