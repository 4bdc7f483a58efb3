import CeruleanJSON

/// The default responder: text, JSON or tool calls made up deterministically from the
/// request (model, messages, seed and choice index), so the same request gets the same answer.
public struct GeneratingResponder: Responder {
    public init() {}

    static let words = [
        "model", "endpoint", "azure", "deployment", "token", "request", "answer", "cloud", "region", "serverless",
        "latency", "prompt", "context", "quota", "subscription", "workspace", "project", "response", "stream", "key",
        "simulated", "local", "offline", "emulator", "catalog", "inference", "chat", "message", "result", "example",
        "clear", "quick", "careful", "simple", "useful", "steady", "precise", "gentle", "bright", "calm",
        "builds", "returns", "answers", "checks", "reads", "writes", "measures", "explains", "shows", "keeps",
    ]

    public func reply(to request: ChatRequest, endpoint: InferenceEndpoint, index: Int) -> Reply? {
        var rng = DeterministicRandom(
            endpoint.modelID, request.conversationKey, String(request.seed ?? 0), String(index))
        if let tool = chosenTool(request) {
            let arguments = SchemaInstance.make(tool.parameters, using: &rng).compactString
            return Reply(text: nil, toolCalls: [ToolCall(id: "call_\(Self.hex(&rng, 24))", name: tool.name, arguments: arguments)])
        }
        switch request.responseFormat {
        case .jsonObject:
            return Reply(text: JSON.object(["answer": .string(sentence(&rng)), "model": .string(endpoint.modelName)]).compactString)
        case .jsonSchema(let schema):
            return Reply(text: SchemaInstance.make(schema, using: &rng).compactString)
        case .text:
            return Reply(text: prose(request, endpoint, &rng))
        }
    }

    /// `required` and a named function always call; `auto` calls the first tool whose name
    /// appears in the last user message; `none` never does.
    func chosenTool(_ request: ChatRequest) -> ChatRequest.Tool? {
        switch request.toolChoice {
        case .none: return nil
        case .required: return request.tools.first
        case .function(let name): return request.tools.first { $0.name == name }
        case .auto:
            let text = request.lastUserText.lowercased()
            return request.tools.first {
                text.contains($0.name.lowercased()) || text.contains($0.name.lowercased().replacingOccurrences(of: "_", with: " "))
            }
        }
    }

    func prose(_ request: ChatRequest, _ endpoint: InferenceEndpoint, _ rng: inout DeterministicRandom) -> String {
        let topic = request.lastUserText.split(whereSeparator: \.isWhitespace).prefix(8).joined(separator: " ")
        var text = "This is a simulated reply from \(endpoint.modelName)"
        text += topic.isEmpty ? "." : " about \"\(topic)\"."
        for _ in 0..<(1 + Int(rng.unit() * 3)) {
            text += " "
            appendSentence(to: &text, &rng)
        }
        return text
    }

    func sentence(_ rng: inout DeterministicRandom) -> String {
        var text = ""
        appendSentence(to: &text, &rng)
        return text
    }

    /// Six to thirteen words, the first capitalised, and a full stop; written straight into
    /// `text` (this runs for every generated answer).
    func appendSentence(to text: inout String, _ rng: inout DeterministicRandom) {
        let count = 6 + Int(rng.unit() * 8)
        for i in 0..<count {
            let index = Int(rng.unit() * Double(Self.words.count))
            if i > 0 { text += " " }
            text += i == 0 ? Self.capitalizedWords[index] : Self.words[index]
        }
        text += "."
    }

    static let capitalizedWords = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }

    static func hex(_ rng: inout DeterministicRandom, _ length: Int) -> String {
        var s = ""
        while s.count < length { s += String(rng.next(), radix: 16) }
        return String(s.prefix(length))
    }
}
