import CeruleanJSON

/// The one token estimator used everywhere (usage, rate limits, max_tokens): about four
/// characters a token, as OpenAI's rule of thumb has it. A text of n Unicode scalars counts
/// ceil(n / 4) tokens (at least 1 when not empty); each chat message adds 4 for its framing
/// and the conversation 3 for priming the reply.
public enum TokenEstimator {
    /// Unicode scalars in `text`: the UTF-8 bytes that start one (not `10xxxxxx`), counted
    /// without decoding, as every answer's text is counted.
    static func scalarCount(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } }
    }

    public static func tokens(_ text: String) -> Int {
        tokens(scalars: scalarCount(text))
    }

    /// Tokens of a text of `n` Unicode scalars.
    public static func tokens(scalars n: Int) -> Int {
        n <= 0 ? 0 : (n + 3) / 4
    }

    /// Prompt tokens of a chat request's messages (content as text or text parts, plus names
    /// and tool-call arguments).
    public static func promptTokens(messages: [JSON]) -> Int {
        var total = 3
        for message in messages {
            total += 4
            total += tokens(message["name"]?.stringValue ?? "")
            total += tokens(text(of: message["content"]))
            for call in message["tool_calls"]?.arrayValue ?? [] {
                total += tokens(call["function"]?["name"]?.stringValue ?? "")
                total += tokens(call["function"]?["arguments"]?.stringValue ?? "")
            }
        }
        return total
    }

    /// The text of a message's content: a string, or the `text` of its parts.
    public static func text(of content: JSON?) -> String {
        switch content {
        case .string(let s): return s
        case .array(let parts): return parts.compactMap { $0["text"]?.stringValue }.joined(separator: " ")
        default: return ""
        }
    }
}
