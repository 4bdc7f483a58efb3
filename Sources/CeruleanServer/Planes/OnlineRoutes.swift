import Inference

/// Routes of managed online endpoints. The endpoint comes from the Host
/// (`{endpoint}.{region}.inference.ml.azure.com`) or from the path form `/online/{region}/{endpoint}/`
/// that endpoints report in their `scoringUri`; below it:
/// - `score` (every model; the body is the model's format), `swagger.json`;
/// - `v1/chat/completions`, `v1/completions` (models that speak chat completions).
enum OnlineRoutes {
    static let hostSuffix = ".inference.ml.azure.com"
    static let pathPrefix = "online"

    static func owns(_ exchange: Exchange) -> Bool {
        exchange.path.hasPrefix("/\(pathPrefix)/") || (exchange.host?.hasSuffix(hostSuffix) ?? false)
    }

    static func route(_ exchange: Exchange, _ parts: [String]) -> (InferenceCall.Operation, InferenceCall.Style, InferenceCall.Target)? {
        let region: String, name: String
        let rest: ArraySlice<String>
        if let host = exchange.host, host.hasSuffix(hostSuffix) {
            let labels = host.dropLast(hostSuffix.count).split(separator: ".")
            guard labels.count == 2 else { return nil }
            (name, region) = (String(labels[0]), String(labels[1]))
            rest = parts[...]
        } else {
            guard parts.count >= 3, parts[0] == pathPrefix else { return nil }
            (region, name) = (parts[1], parts[2])
            rest = parts.dropFirst(3)
        }
        let target = InferenceCall.Target.online(region: region.lowercased(), name: name)
        switch Array(rest) {
        case ["score"]: return (.score, .modelInference, target)
        case ["swagger.json"]: return (.swagger, .modelInference, target)
        case ["v1", "chat", "completions"]: return (.chatCompletions, .openAIv1, target)
        case ["v1", "completions"]: return (.completions, .openAIv1, target)
        default: return nil
        }
    }
}
