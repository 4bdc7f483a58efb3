import Foundation
import Synchronization

/// Counters and histograms in the Prometheus text format (`GET /_cerulean/metrics`): requests by
/// plane and status, request latency by plane, tokens served and requests refused by rate limits
/// per endpoint. Each update is O(1) under one lock.
final class Metrics: Sendable {
    static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct Histogram {
        var counts = [Int](repeating: 0, count: Metrics.buckets.count)
        var sum = 0.0
        var count = 0
    }

    private struct State {
        var requests: [String: Int] = [:]  // "plane|status"
        var latency: [String: Histogram] = [:]  // plane
        var tokens: [String: Int] = [:]  // "endpoint|kind"
        var limited: [String: Int] = [:]  // endpoint
    }

    private let state = Mutex(State())

    func request(plane: String, status: Int, seconds: Double) {
        state.withLock { s in
            s.requests["\(plane)|\(status)", default: 0] += 1
            var h = s.latency[plane] ?? Histogram()
            if let i = Metrics.buckets.firstIndex(where: { seconds <= $0 }) { h.counts[i] += 1 }
            h.sum += seconds
            h.count += 1
            s.latency[plane] = h
        }
    }

    func tokens(endpoint: String, prompt: Int, completion: Int) {
        state.withLock { s in
            s.tokens["\(endpoint)|prompt", default: 0] += prompt
            s.tokens["\(endpoint)|completion", default: 0] += completion
        }
    }

    func rateLimited(endpoint: String) {
        state.withLock { $0.limited[endpoint, default: 0] += 1 }
    }

    /// The exposition text (format 0.0.4).
    var text: String {
        let s = state.withLock { $0 }
        var out = "# HELP cerulean_http_requests_total Requests answered, by plane and status.\n# TYPE cerulean_http_requests_total counter\n"
        for (key, n) in s.requests.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: "|")
            out += "cerulean_http_requests_total{plane=\"\(parts[0])\",status=\"\(parts[1])\"} \(n)\n"
        }
        out += "# HELP cerulean_http_request_duration_seconds Time to answer, by plane.\n# TYPE cerulean_http_request_duration_seconds histogram\n"
        for (plane, h) in s.latency.sorted(by: { $0.key < $1.key }) {
            var cumulative = 0
            for (i, bound) in Metrics.buckets.enumerated() {
                cumulative += h.counts[i]
                out += "cerulean_http_request_duration_seconds_bucket{plane=\"\(plane)\",le=\"\(bound)\"} \(cumulative)\n"
            }
            out += "cerulean_http_request_duration_seconds_bucket{plane=\"\(plane)\",le=\"+Inf\"} \(h.count)\n"
            out += "cerulean_http_request_duration_seconds_sum{plane=\"\(plane)\"} \(h.sum)\n"
            out += "cerulean_http_request_duration_seconds_count{plane=\"\(plane)\"} \(h.count)\n"
        }
        out += "# HELP cerulean_inference_tokens_total Tokens served by the data plane, by endpoint and kind.\n# TYPE cerulean_inference_tokens_total counter\n"
        for (key, n) in s.tokens.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: "|")
            out += "cerulean_inference_tokens_total{endpoint=\"\(parts[0])\",kind=\"\(parts[1])\"} \(n)\n"
        }
        out += "# HELP cerulean_rate_limited_total Data-plane requests refused with 429, by endpoint.\n# TYPE cerulean_rate_limited_total counter\n"
        for (endpoint, n) in s.limited.sorted(by: { $0.key < $1.key }) {
            out += "cerulean_rate_limited_total{endpoint=\"\(endpoint)\"} \(n)\n"
        }
        return out
    }
}
