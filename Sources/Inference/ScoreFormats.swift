import CeruleanJSON
import Foundation

/// The `/score` bodies of managed-compute containers that do not speak chat completions: the
/// foundation-model `input_data` form and extractive question answering. A body the container
/// cannot read is the container's 400, which Azure reports as `424` with the model's status in
/// `ms-azureml-model-error-statuscode`.
extension InferenceService {
    static let inputDataFormat = #"Expected input format: {"input_data": {"input_string": "<query>", "parameters": {"k1":"v1", "k2":"v2"}}}. For chat-completion: {"input_data": {"input_string": [{"role":"user","content":"str1"}, {"role": "assistant", "content": "str2"}, ...], "parameters": {"k1":"v1", ...}}}"#

    /// `{"input_data": {"input_string": [messages] | [prompts] | "prompt", "parameters": {...}}}`:
    /// messages answer `{"output": "..."}`, prompts a list of texts.
    func inputData(_ body: JSONObject, _ deployment: InferenceOnlineDeployment) throws -> InferenceResponse {
        guard let data = body["input_data"]?.objectValue, let input = data["input_string"] else {
            throw InferenceError.modelError(Self.inputDataFormat)
        }
        let parameters = data["parameters"]?.objectValue ?? [:]
        var options = JSONObject()
        if let max = parameters["max_new_tokens"] ?? parameters["max_tokens"] { options["max_tokens"] = max }
        for key in ["temperature", "top_p", "seed"] { if let v = parameters[key] { options[key] = v } }
        let endpoint = deployment.model
        let conversations: [[JSON]]
        let chatForm: Bool
        switch input {
        case .array(let items) where !items.isEmpty && items.allSatisfy({ $0.objectValue != nil }):
            conversations = [items]
            chatForm = true
        case .array(let items) where !items.isEmpty && items.allSatisfy({ $0.stringValue != nil }):
            conversations = items.map { [["role": "user", "content": $0]] }
            chatForm = false
        case .string(let text) where !text.isEmpty:
            conversations = [[["role": "user", "content": .string(text)]]]
            chatForm = false
        default:
            throw InferenceError.modelError(Self.inputDataFormat)
        }
        var texts: [String] = []
        var promptTokens = 0, completionTokens = 0
        for messages in conversations {
            var chatBody = options
            chatBody["messages"] = .array(messages)
            let request: ChatRequest
            do { request = try ChatRequest(chatBody) } catch let error as InferenceError { throw InferenceError.modelError(error.message) }
            let choice = ShapedChoice(index: 0, reply: responder.reply(to: request, endpoint: endpoint, index: 0) ?? Reply(text: ""),
                                      stop: [], maxTokens: request.maxTokens)
            texts.append(choice.text ?? "")
            promptTokens += request.promptTokens
            completionTokens += choice.completionTokens
        }
        let latency = latency(for: endpoint)
        let answer: JSON = chatForm ? ["output": .string(texts[0])] : .array(texts.map(JSON.string))
        var response = InferenceResponse(status: 200, body: .json(answer), delay: latency.firstToken + latency.perToken * completionTokens)
        response.usage = (promptTokens, completionTokens)
        return response
    }

    /// `{"inputs": {"question": [...], "context": [...]}}` answered with one span of each context:
    /// the sentence sharing most words with its question (deterministic).
    func questionAnswering(_ body: JSONObject, _ deployment: InferenceOnlineDeployment) throws -> InferenceResponse {
        let format = #"Expected input format: {"inputs": {"question": ["..."], "context": ["..."]}} with as many questions as contexts."#
        guard let inputs = body["inputs"]?.objectValue else { throw InferenceError.modelError(format) }
        func strings(_ value: JSON?) -> [String]? {
            if let text = value?.stringValue { return [text] }
            guard let items = value?.arrayValue, !items.isEmpty else { return nil }
            let texts = items.compactMap(\.stringValue)
            return texts.count == items.count ? texts : nil
        }
        guard let questions = strings(inputs["question"]), let contexts = strings(inputs["context"]), questions.count == contexts.count else {
            throw InferenceError.modelError(format)
        }
        let answers: [JSON] = zip(questions, contexts).map { question, context in
            let span = Self.bestSpan(question: question, context: context)
            var rng = DeterministicRandom(deployment.model.id, question, context)
            let score = 0.5 + Double(rng.next() % 5_000) / 10_000
            return ["score": .number((score * 10_000).rounded() / 10_000), "start": JSON(span.start), "end": JSON(span.end),
                    "answer": .string(span.text)]
        }
        let latency = latency(for: deployment.model)
        var response = InferenceResponse(status: 200, body: .json(.array(answers)), delay: latency.firstToken)
        response.usage = (questions.reduce(0) { $0 + TokenEstimator.tokens($1) }, 0)
        return response
    }

    /// The sentence of `context` with the most words of `question` (the first on a tie), as character offsets.
    static func bestSpan(question: String, context: String) -> (start: Int, end: Int, text: String) {
        let words = Set(question.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init).filter { $0.count > 2 })
        var best = (score: -1, range: context.startIndex..<context.endIndex)
        var start = context.startIndex
        var index = context.startIndex
        func consider(_ range: Range<String.Index>) {
            let sentence = context[range]
            let score = Set(sentence.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)).intersection(words).count
            if score > best.score && !sentence.trimmingCharacters(in: .whitespaces).isEmpty { best = (score, range) }
        }
        while index < context.endIndex {
            let c = context[index]
            index = context.index(after: index)
            if ".!?".contains(c) {
                consider(start..<index)
                start = index
            }
        }
        if start < context.endIndex { consider(start..<context.endIndex) }
        var range = best.range
        while range.lowerBound < range.upperBound, context[range.lowerBound].isWhitespace {
            range = context.index(after: range.lowerBound)..<range.upperBound
        }
        let text = String(context[range])
        return (context.distance(from: context.startIndex, to: range.lowerBound),
                context.distance(from: context.startIndex, to: range.upperBound), text)
    }
}

extension InferenceError {
    /// The container refused the body: Azure answers 424 and names the model's own status.
    static func modelError(_ message: String) -> InferenceError {
        InferenceError(status: 424, code: "ModelError", message: message,
                       headers: [("ms-azureml-model-error-statuscode", "400"), ("ms-azureml-model-error-reason", "model_error")])
    }
}
