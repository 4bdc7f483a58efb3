import ArgumentParser
import Foundation
import Inference

/// `serve` flags of the data plane.
struct InferenceOptions: ParsableArguments {
    @Option(help: "How replies are made when no scripted rule matches: generate (deterministic text) or echo.")
    var responder: String = "generate"

    @Option(help: "A scripted replies file (rules matching the last user message; see docs/inference.md).")
    var replies: String?

    @Option(help: ArgumentHelp(
        "Simulated latency, FIRST_MS,PER_TOKEN_MS, or NAME=FIRST_MS,PER_TOKEN_MS for one endpoint; repeatable.",
        discussion: "Off by default."))
    var latency: [String] = []

    @Option(help: "Rate limits of one endpoint, NAME=TOKENS_PER_MINUTE,REQUESTS_PER_MINUTE; repeatable (default: the catalog's).")
    var rateLimit: [String] = []

    @Option(help: "A term that trips content safety on endpoints that have it Enabled; repeatable (default: cerulean-blocked-term).")
    var blockedTerm: [String] = []

    @Option(help: "Completion tokens counted in the rate-limit estimate when a request gives no max_tokens.")
    var defaultMaxTokens: Int = 1024

    func validate() throws {
        _ = try settings()
    }

    func settings() throws -> InferenceSettings {
        var s = InferenceSettings()
        guard let mode = InferenceSettings.Mode(rawValue: responder.lowercased()) else {
            throw ValidationError("--responder must be generate or echo, not '\(responder)'.")
        }
        s.mode = mode
        if let replies {
            do { s.scripted = try ScriptedResponder.load(URL(fileURLWithPath: replies)) } catch {
                throw ValidationError("\(error)")
            }
        }
        for spec in latency {
            let (name, value) = Self.split(spec)
            guard let parsed = InferenceSettings.Latency(parsing: value) else {
                throw ValidationError("Cannot read --latency '\(spec)'; use FIRST_MS,PER_TOKEN_MS (e.g. 200,20) or NAME=200,20.")
            }
            if let name { s.latencyByEndpoint[name] = parsed } else { s.latency = parsed }
        }
        for spec in rateLimit {
            let (name, value) = Self.split(spec)
            let numbers = value.split(separator: ",").compactMap { Int($0) }
            guard let name, numbers.count == 2, numbers.allSatisfy({ $0 >= 1 }) else {
                throw ValidationError("Cannot read --rate-limit '\(spec)'; use NAME=TOKENS_PER_MINUTE,REQUESTS_PER_MINUTE.")
            }
            s.limitsByEndpoint[name] = RateLimiter.Limits(tokensPerMinute: numbers[0], requestsPerMinute: numbers[1])
        }
        if !blockedTerm.isEmpty { s.blockedTerms = blockedTerm }
        guard defaultMaxTokens >= 0 else { throw ValidationError("--default-max-tokens must not be negative.") }
        s.defaultMaxTokens = defaultMaxTokens
        return s
    }

    static func split(_ spec: String) -> (String?, String) {
        let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
        return parts.count == 2 ? (parts[0], parts[1]) : (nil, spec)
    }
}
