import CeruleanJSON

/// Writes a chat completion as one JSON body or as server-sent event payloads. Streams keep
/// `id`, `created` and `model` on every chunk; the first chunk carries the role, the last the
/// finish reason (and usage when asked for), then `[DONE]`.
struct ChatCompletionRenderer {
    let id: String
    let created: Int
    let model: String
    let choices: [ShapedChoice]
    let promptTokens: Int
    /// Azure OpenAI style answers carry content-filter annotations when content safety is on.
    let annotate: Bool

    var usage: JSON {
        let completion = choices.reduce(0) { $0 + $1.completionTokens }
        return ["prompt_tokens": JSON(promptTokens), "completion_tokens": JSON(completion),
                "total_tokens": JSON(promptTokens + completion)]
    }

    func toolCallsJSON(_ calls: [ToolCall], withIndex: Bool) -> JSON {
        .array(calls.enumerated().map { i, call in
            var o: JSONObject = [:]
            if withIndex { o["index"] = JSON(i) }
            o["id"] = .string(call.id)
            o["type"] = "function"
            o["function"] = ["name": .string(call.name), "arguments": .string(call.arguments)]
            return .object(o)
        })
    }

    var body: JSON {
        var doc: JSONObject = ["id": .string(id), "object": "chat.completion", "created": JSON(created), "model": .string(model)]
        if annotate { doc["prompt_filter_results"] = ContentFilter.promptAnnotations }
        doc["choices"] = .array(choices.map { choice in
            var message: JSONObject = ["role": "assistant", "content": JSON(choice.text)]
            if !choice.toolCalls.isEmpty { message["tool_calls"] = toolCallsJSON(choice.toolCalls, withIndex: false) }
            var o: JSONObject = ["index": JSON(choice.index), "finish_reason": .string(choice.finishReason), "message": .object(message)]
            o["logprobs"] = .null
            if annotate { o["content_filter_results"] = ContentFilter.choiceAnnotations }
            return .object(o)
        })
        doc["usage"] = usage
        return .object(doc)
    }

    func chunk(_ choice: JSONObject, usage: JSON? = nil) -> String {
        var doc: JSONObject = ["id": .string(id), "object": "chat.completion.chunk", "created": JSON(created), "model": .string(model)]
        doc["choices"] = [.object(choice)]
        if let usage { doc["usage"] = usage }
        return JSON.object(doc).compactString
    }

    func events(includeUsage: Bool) -> [String] {
        plan(includeUsage: includeUsage, perEventDelay: .zero).payloads
    }

    /// The stream's events, each with the completion it carries (for metering).
    func plan(includeUsage: Bool, perEventDelay: Duration) -> SSEPlan {
        var plan = SSEPlan(perEventDelay: perEventDelay)
        if annotate {
            plan.append(JSON.object([
                "id": "", "object": "", "created": 0, "model": "",
                "prompt_filter_results": ContentFilter.promptAnnotations, "choices": [], "usage": .null,
            ]).compactString)
        }
        for (n, choice) in choices.enumerated() {
            plan.append(chunk(["index": JSON(choice.index), "delta": ["role": "assistant", "content": ""], "finish_reason": .null]))
            if let text = choice.text {
                for piece in Self.pieces(text) {
                    plan.append(chunk(["index": JSON(choice.index), "delta": ["content": .string(piece)], "finish_reason": .null]),
                                choice: choice.index, text: piece)
                }
            }
            if !choice.toolCalls.isEmpty {
                plan.append(chunk(["index": JSON(choice.index), "delta": ["tool_calls": toolCallsJSON(choice.toolCalls, withIndex: true)],
                                   "finish_reason": .null]),
                            choice: choice.index, tokens: choice.completionTokens)
            }
            let last = n == choices.count - 1
            var final: JSONObject = ["index": JSON(choice.index), "delta": [:], "finish_reason": .string(choice.finishReason)]
            if annotate { final["content_filter_results"] = ContentFilter.choiceAnnotations }
            let finalUsage: JSON? = last && includeUsage ? usage : JSON?.none
            plan.append(chunk(final, usage: finalUsage))
        }
        plan.append("[DONE]")
        return plan
    }

    /// Text split into word-sized deltas (each keeps its trailing space), which join back exactly.
    static func pieces(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for ch in text {
            current.append(ch)
            if ch == " " { result.append(current); current = "" }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}
