import CeruleanJSON

/// A chat-completions request, checked: types and ranges of every known member, unknown
/// members handled by the `extra-parameters` header.
public struct ChatRequest: Sendable {
    public enum ResponseFormat: Sendable, Equatable {
        case text
        case jsonObject
        case jsonSchema(JSON)
    }

    public struct Tool: Sendable, Equatable {
        public var name: String
        public var description: String
        public var parameters: JSON
    }

    public enum ToolChoice: Sendable, Equatable {
        case auto, none, required
        case function(String)
    }

    public var messages: [JSON]
    /// The messages as compact JSON: what deterministic replies and ids are seeded from.
    public let conversationKey: String
    public var maxTokens: Int?
    public var seed: Int?
    public var stream: Bool
    public var includeUsage: Bool
    public var stop: [String]
    public var n: Int
    public var responseFormat: ResponseFormat
    public var tools: [Tool]
    public var toolChoice: ToolChoice

    /// Members the API defines (Azure AI Model Inference plus the OpenAI members clients send).
    static let known: Set<String> = [
        "messages", "model", "frequency_penalty", "presence_penalty", "temperature", "top_p", "max_tokens",
        "max_completion_tokens", "seed", "stream", "stream_options", "stop", "response_format", "tools", "tool_choice",
        "n", "user", "logit_bias", "logprobs", "top_logprobs", "parallel_tool_calls",
    ]

    static let roles: Set<String> = ["system", "user", "assistant", "tool", "developer", "function"]

    public init(_ body: JSONObject) throws {
        guard let messages = body["messages"]?.arrayValue else {
            throw body["messages"] == nil
                ? InferenceError.badRequest("'messages' is a required property.", param: "messages")
                : InferenceError.badRequest("'messages' must be an array.", param: "messages")
        }
        guard !messages.isEmpty else { throw InferenceError.badRequest("'messages' must have at least one item.", param: "messages") }
        for (i, message) in messages.enumerated() {
            guard let role = message["role"]?.stringValue else {
                throw InferenceError.badRequest("'messages[\(i)].role' is required.", param: "messages")
            }
            guard Self.roles.contains(role) else {
                throw InferenceError.badRequest("'\(role)' is not a valid role in 'messages[\(i)].role'.", param: "messages")
            }
        }
        self.messages = messages
        conversationKey = JSON.array(messages).compactString
        try Self.number(body, "temperature", in: 0...2)
        try Self.number(body, "top_p", in: 0...1)
        try Self.number(body, "frequency_penalty", in: -2...2)
        try Self.number(body, "presence_penalty", in: -2...2)
        maxTokens = try Self.integer(body, "max_tokens", minimum: 0) ?? Self.integer(body, "max_completion_tokens", minimum: 0)
        seed = try Self.integer(body, "seed", minimum: Int.min)
        n = try Self.integer(body, "n", minimum: 1) ?? 1
        guard n <= 128 else { throw InferenceError.badRequest("'n' must be at most 128.", param: "n") }
        stream = try Self.bool(body, "stream") ?? false
        includeUsage = try Self.bool(body["stream_options"]?.objectValue ?? [:], "include_usage") ?? false
        stop = try Self.stops(body["stop"])
        responseFormat = try Self.format(body["response_format"])
        tools = try Self.tools(body["tools"])
        toolChoice = try Self.choice(body["tool_choice"], tools: tools)
    }

    /// The text of the last user message (what scripted rules and the generator answer).
    public var lastUserText: String {
        TokenEstimator.text(of: messages.last(where: { $0["role"]?.stringValue == "user" })?["content"])
    }

    public var promptTokens: Int { TokenEstimator.promptTokens(messages: messages) }

    // MARK: Member checks

    static func number(_ body: JSONObject, _ key: String, in range: ClosedRange<Double>) throws {
        guard let value = body[key], !value.isNull else { return }
        guard let n = value.numberValue, range.contains(n) else {
            throw InferenceError.badRequest("'\(key)' must be a number between \(range.lowerBound) and \(range.upperBound).", param: key)
        }
    }

    static func integer(_ body: JSONObject, _ key: String, minimum: Int) throws -> Int? {
        guard let value = body[key], !value.isNull else { return nil }
        guard let n = value.intValue, n >= minimum else {
            throw InferenceError.badRequest("'\(key)' must be an integer\(minimum == Int.min ? "" : " of at least \(minimum)").", param: key)
        }
        return n
    }

    static func bool(_ body: JSONObject, _ key: String) throws -> Bool? {
        guard let value = body[key], !value.isNull else { return nil }
        guard let b = value.boolValue else { throw InferenceError.badRequest("'\(key)' must be a boolean.", param: key) }
        return b
    }

    static func stops(_ value: JSON?) throws -> [String] {
        switch value {
        case nil, .null?: return []
        case .string(let s)?: return [s]
        case .array(let items)? where items.count <= 4 && items.allSatisfy({ $0.stringValue != nil }):
            return items.compactMap(\.stringValue)
        default: throw InferenceError.badRequest("'stop' must be a string or an array of up to 4 strings.", param: "stop")
        }
    }

    static func format(_ value: JSON?) throws -> ResponseFormat {
        guard let value, !value.isNull else { return .text }
        switch value["type"]?.stringValue {
        case "text": return .text
        case "json_object": return .jsonObject
        case "json_schema":
            guard let schema = value["json_schema"]?["schema"], schema.objectValue != nil else {
                throw InferenceError.badRequest("'response_format.json_schema.schema' must be an object.", param: "response_format")
            }
            return .jsonSchema(schema)
        default:
            throw InferenceError.badRequest("'response_format.type' must be 'text', 'json_object' or 'json_schema'.", param: "response_format")
        }
    }

    static func tools(_ value: JSON?) throws -> [Tool] {
        guard let value, !value.isNull else { return [] }
        guard let items = value.arrayValue, items.count <= 128 else {
            throw InferenceError.badRequest("'tools' must be an array of at most 128 tools.", param: "tools")
        }
        return try items.enumerated().map { i, item in
            guard item["type"]?.stringValue == "function", let fn = item["function"], let name = fn["name"]?.stringValue,
                !name.isEmpty
            else {
                throw InferenceError.badRequest("'tools[\(i)]' must be {\"type\":\"function\",\"function\":{\"name\":...}}.", param: "tools")
            }
            return Tool(name: name, description: fn["description"]?.stringValue ?? "",
                        parameters: fn["parameters"] ?? ["type": "object", "properties": [:]])
        }
    }

    static func choice(_ value: JSON?, tools: [Tool]) throws -> ToolChoice {
        switch value {
        case nil, .null?: return .auto
        case .string("auto")?: return .auto
        case .string("none")?: return .none
        case .string("required")?:
            guard !tools.isEmpty else { throw InferenceError.badRequest("'tool_choice' is 'required' but no tools were given.", param: "tool_choice") }
            return .required
        case .object(let o)?:
            guard let name = o["function"]?["name"]?.stringValue, tools.contains(where: { $0.name == name }) else {
                throw InferenceError.badRequest("'tool_choice' names a function that is not among 'tools'.", param: "tool_choice")
            }
            return .function(name)
        default:
            throw InferenceError.badRequest("'tool_choice' must be 'auto', 'none', 'required' or a function.", param: "tool_choice")
        }
    }
}
