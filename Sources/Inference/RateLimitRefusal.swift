import CeruleanJSON
import Foundation

/// The 429 answer: Azure's body and the headers clients read to pace themselves
/// (`retry-after` in whole seconds, at least 1; `retry-after-ms`; remaining counters).
struct RateLimitRefusal {
    let retryAfter: Double
    let reason: RateLimiter.Reason
    let remainingRequests: Int
    let remainingTokens: Int
    let operation: InferenceCall.Operation
    let apiVersion: String
    let limits: RateLimiter.Limits
    /// Set for account deployments: the message then names the account's tier as Azure OpenAI does.
    var pricingTier: String? = nil
    /// The API the message names for account deployments (`/models` routes are Azure AI Model Inference).
    var family = "Azure OpenAI"

    var error: InferenceError {
        let seconds = max(1, Int(retryAfter.rounded(.up)))
        let milliseconds = max(1, Int((retryAfter * 1000).rounded(.up)))
        let kind = reason == .tokens ? "token rate limit" : "call rate limit"
        let limit = reason == .tokens ? "\(limits.tokensPerMinute) tokens per minute" : "\(limits.requestsPerMinute) requests per minute"
        return InferenceError(
            status: 429, code: "429",
            message: pricingTier.map {
                "Requests to the \(operation.rawValue) Operation under \(family) API version \(apiVersion) have exceeded \(kind) of your current \($0) pricing tier. Please retry after \(seconds) second\(seconds == 1 ? "" : "s"). Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit."
            } ?? "Requests to the \(operation.rawValue) Operation under Azure AI Model Inference API version \(apiVersion) have exceeded \(kind) of your current pricing tier (\(limit)). Please retry after \(seconds) second\(seconds == 1 ? "" : "s"). You have hit your assigned rate limit and your request need to be paced.",
            headers: [
                ("retry-after", String(seconds)), ("retry-after-ms", String(milliseconds)),
                ("x-ratelimit-remaining-requests", String(remainingRequests)),
                ("x-ratelimit-remaining-tokens", String(remainingTokens)),
                ("policy-id", reason == .tokens ? "DeploymentRatelimit-Token" : "DeploymentRatelimit-Call"),
            ])
    }
}
