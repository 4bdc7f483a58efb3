import Foundation

/// Data-plane settings fixed at start; limits and latency can also change per endpoint at run time.
public struct InferenceSettings: Sendable {
    public enum Mode: String, Sendable { case generate, echo }

    /// Simulated latency: before the first token, and per token (or stream event) after it.
    public struct Latency: Sendable, Equatable {
        public var firstToken: Duration
        public var perToken: Duration

        public init(firstToken: Duration, perToken: Duration) {
            self.firstToken = firstToken
            self.perToken = perToken
        }

        public static let none = Latency(firstToken: .zero, perToken: .zero)

        /// Parses `FIRST_MS,PER_TOKEN_MS`, e.g. `200,20`.
        public init?(parsing text: String) {
            let parts = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 2, let a = parts[0], let b = parts[1], a >= 0, b >= 0 else { return nil }
            self.init(firstToken: .milliseconds(a), perToken: .milliseconds(b))
        }
    }

    /// Tokens counted for the completion when a request gives no `max_tokens`, in the
    /// arrival-time estimate rate limits use (prompt tokens + max_tokens, as Azure OpenAI does).
    public var defaultMaxTokens = 1024
    /// Terms that trip content safety on endpoints where it is Enabled (case-insensitive).
    public var blockedTerms = ["cerulean-blocked-term"]
    public var mode = Mode.generate
    public var scripted: ScriptedResponder?
    public var latency = Latency.none
    /// By endpoint name (case-insensitive).
    public var latencyByEndpoint: [String: Latency] = [:]
    /// By endpoint name (case-insensitive); otherwise the catalog's defaults.
    public var limitsByEndpoint: [String: RateLimiter.Limits] = [:]

    public init() {}
}
