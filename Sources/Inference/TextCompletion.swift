import CeruleanJSON
import Foundation

/// Legacy text completions (`/completions`, a `prompt` instead of messages): the prompt becomes
/// one user message for the responders, the answer is rendered as a `text_completion`.
extension InferenceService {
    static let completionKnown: Set<String> = [
        "prompt", "model", "max_tokens", "temperature", "top_p", "n", "stream", "stop", "seed", "user", "logprobs", "echo",
        "best_of", "suffix", "presence_penalty", "frequency_penalty", "logit_bias", "stream_options",
    ]

    func completion(_ call: InferenceCall, _ body: JSONObject, _ endpoint: InferenceEndpoint) throws -> InferenceResponse {
        let prompt: String
        switch body["prompt"] {
        case .string(let text)?: prompt = text
        case .array(let items)? where items.allSatisfy({ $0.stringValue != nil }): prompt = items.compactMap(\.stringValue).joined(separator: "\n")
        case nil: throw InferenceError.badRequest("'prompt' is a required property.", param: "prompt")
        case let other?: throw InferenceError.badRequest("'prompt' must be a string or an array of strings, not \(other.compactString).", param: "prompt")
        }
        var chatBody = JSONObject()
        for (key, value) in body where !["prompt", "echo", "best_of", "suffix", "logprobs"].contains(key) { chatBody[key] = value }
        chatBody["messages"] = [["role": "user", "content": .string(prompt)]]
        let request = try ChatRequest(chatBody)
        try checkExtraParameters(call, body, known: Self.completionKnown)
        let headers = try admit(endpoint, tokens: request.promptTokens + (request.maxTokens ?? settings.defaultMaxTokens) * request.n, call)
        if endpoint.contentSafety, filter.violation(in: [prompt]) != nil { throw ContentFilter.refusal(call.style) }
        let choices = (0..<request.n).map { index in
            ShapedChoice(index: index, reply: responder.reply(to: request, endpoint: endpoint, index: index) ?? Reply(text: ""),
                         stop: request.stop, maxTokens: request.maxTokens)
        }
        var idRNG = DeterministicRandom(endpoint.id, request.conversationKey, String(request.seed ?? 0))
        let id = "cmpl-\(GeneratingResponder.hex(&idRNG, 29))"
        let created = Int(now().timeIntervalSince1970)
        let completionTokens = choices.reduce(0) { $0 + $1.completionTokens }
        let usage: JSON = ["prompt_tokens": JSON(request.promptTokens), "completion_tokens": JSON(completionTokens),
                           "total_tokens": JSON(request.promptTokens + completionTokens)]
        func document(_ items: [JSON], usage: JSON?) -> JSON {
            var doc: JSONObject = ["id": .string(id), "object": "text_completion", "created": JSON(created),
                                   "model": .string(endpoint.modelName), "choices": .array(items)]
            if let usage { doc["usage"] = usage }
            return .object(doc)
        }
        func choiceJSON(_ choice: ShapedChoice, text: String, finish: JSON) -> JSON {
            ["text": .string(text), "index": JSON(choice.index), "finish_reason": finish, "logprobs": .null]
        }
        var response: InferenceResponse
        if request.stream {
            var plan = SSEPlan(perEventDelay: latency(for: endpoint).perToken)
            for choice in choices {
                for piece in ChatCompletionRenderer.pieces(choice.text ?? "") {
                    plan.append(document([choiceJSON(choice, text: piece, finish: .null)], usage: nil).compactString,
                                choice: choice.index, text: piece)
                }
                plan.append(document([choiceJSON(choice, text: "", finish: .string(choice.finishReason))], usage: nil).compactString)
            }
            if request.includeUsage { plan.append(document([], usage: usage).compactString) }
            plan.append("[DONE]")
            response = InferenceResponse(status: 200, headers: headers + [("Cache-Control", "no-cache")],
                                         body: .events(plan), delay: latency(for: endpoint).firstToken)
        } else {
            response = InferenceResponse(status: 200, headers: headers,
                                         body: .json(document(choices.map { choiceJSON($0, text: $0.text ?? "", finish: .string($0.finishReason)) }, usage: usage)),
                                         delay: latency(for: endpoint).firstToken)
        }
        bill(&response, endpoint, input: request.promptTokens, output: completionTokens)
        return response
    }
}
