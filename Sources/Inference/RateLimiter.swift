import Foundation
import Synchronization

/// Per-endpoint limits as Azure documents them: a running count of requests and of estimated
/// tokens reset each minute, plus requests over 10-second windows (RPM / 6, rounded up).
/// Windows are aligned to the clock. Each check is O(1) whatever the load.
public final class RateLimiter: Sendable {
    public struct Limits: Sendable, Equatable {
        public var tokensPerMinute: Int
        public var requestsPerMinute: Int

        public init(tokensPerMinute: Int, requestsPerMinute: Int) {
            self.tokensPerMinute = tokensPerMinute
            self.requestsPerMinute = requestsPerMinute
        }

        /// Requests allowed in each 10-second window.
        public var requestsPer10Seconds: Int { (requestsPerMinute + 5) / 6 }
    }

    public enum Decision: Sendable, Equatable {
        case admitted(remainingRequests: Int, remainingTokens: Int)
        /// `retryAfter` is the exact time until capacity returns, in seconds.
        case limited(retryAfter: Double, reason: Reason, remainingRequests: Int, remainingTokens: Int)
    }

    public enum Reason: String, Sendable { case requests, tokens }

    /// What a key has used of its minute window.
    public struct Usage: Sendable, Equatable {
        public var requests: Int
        public var tokens: Int

        public init(requests: Int, tokens: Int) {
            self.requests = requests
            self.tokens = tokens
        }
    }

    private struct Window {
        var minute: Int64 = .min
        var requests = 0
        var tokens = 0
        var slot: Int64 = .min
        var slotRequests = 0
    }

    private let windows = Mutex<[String: Window]>([:])

    public init() {}

    /// Counts the request against `key`'s windows if it fits, and says so.
    public func admit(key: String, tokens: Int, limits: Limits, now: Date) -> Decision {
        let t = now.timeIntervalSince1970
        let minute = Int64((t / 60).rounded(.down))
        let slot = Int64((t / 10).rounded(.down))
        return windows.withLock { all in
            var w = all[key] ?? Window()
            if w.minute != minute { w.minute = minute; w.requests = 0; w.tokens = 0 }
            if w.slot != slot { w.slot = slot; w.slotRequests = 0 }
            let remainingRequests = max(0, limits.requestsPerMinute - w.requests)
            let remainingTokens = max(0, limits.tokensPerMinute - w.tokens)
            let minuteEnd = Double(minute + 1) * 60 - t
            if w.requests >= limits.requestsPerMinute {
                all[key] = w
                return .limited(retryAfter: minuteEnd, reason: .requests, remainingRequests: 0, remainingTokens: remainingTokens)
            }
            if w.slotRequests >= limits.requestsPer10Seconds {
                all[key] = w
                // The remaining requests reported are the refusing window's: none.
                return .limited(retryAfter: Double(slot + 1) * 10 - t, reason: .requests,
                                remainingRequests: 0, remainingTokens: remainingTokens)
            }
            if w.tokens + tokens > limits.tokensPerMinute {
                all[key] = w
                return .limited(retryAfter: minuteEnd, reason: .tokens, remainingRequests: remainingRequests,
                                remainingTokens: remainingTokens)
            }
            w.requests += 1
            w.slotRequests += 1
            w.tokens += tokens
            all[key] = w
            return .admitted(remainingRequests: limits.requestsPerMinute - w.requests,
                             remainingTokens: limits.tokensPerMinute - w.tokens)
        }
    }

    /// Requests and tokens counted against `key` in the minute window `now` falls in (zero when
    /// nothing was admitted in it). Reading changes nothing.
    public func usage(key: String, now: Date) -> Usage {
        let minute = Int64((now.timeIntervalSince1970 / 60).rounded(.down))
        return windows.withLock { all in
            guard let w = all[key], w.minute == minute else { return Usage(requests: 0, tokens: 0) }
            return Usage(requests: w.requests, tokens: w.tokens)
        }
    }

    public func resetAll() {
        windows.withLock { $0.removeAll() }
    }

    /// Forgets an endpoint's counters (when it is deleted or its limits change).
    public func reset(key: String) {
        _ = windows.withLock { $0.removeValue(forKey: key) }
    }
}
