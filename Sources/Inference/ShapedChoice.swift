/// One choice of a completion after `stop` and `max_tokens` are applied.
public struct ShapedChoice: Sendable, Equatable {
    public var index: Int
    public var text: String?
    public var toolCalls: [ToolCall]
    public var finishReason: String

    /// Cuts text at the first stop sequence (`stop`), then at `maxTokens` (`length`); tool calls
    /// finish with `tool_calls`.
    public init(index: Int, reply: Reply, stop: [String], maxTokens: Int?) {
        self.index = index
        toolCalls = reply.toolCalls
        if !reply.toolCalls.isEmpty {
            text = nil
            finishReason = "tool_calls"
            return
        }
        var content = reply.text ?? ""
        var reason = "stop"
        if let cut = stop.compactMap({ $0.isEmpty ? nil : content.range(of: $0)?.lowerBound }).min() {
            content = String(content[..<cut])
        }
        if let maxTokens, TokenEstimator.tokens(content) > maxTokens {
            content = String(content.unicodeScalars.prefix(maxTokens * 4))  // a copy, not a scalar-by-scalar rebuild
            reason = "length"
        }
        text = content
        finishReason = reason
    }

    public var completionTokens: Int {
        if let text { return TokenEstimator.tokens(text) }
        return toolCalls.reduce(0) { $0 + TokenEstimator.tokens($1.name) + TokenEstimator.tokens($1.arguments) }
    }
}
