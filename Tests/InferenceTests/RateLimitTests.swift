import CeruleanJSON
import Foundation
import Inference
import Testing

@Suite struct RateLimitTests {
    typealias H = InferenceHarness

    @Test func theThousandAndFirstRequestInAMinuteIsRefusedUntilTheWindowEnds() async throws {
        let h = InferenceHarness()
        let cheap = H.user("hi").with("max_tokens", 1)
        // 10-second windows admit ceil(1000 / 6) = 167 requests each: spread 1,000 over the minute.
        var sent = 0
        for slot in 0..<6 {
            let count = slot < 4 ? 167 : 166
            for _ in 0..<count {
                let r = await h.chat(cheap)
                #expect(r.status == 200)
                sent += 1
            }
            if slot < 5 { h.time.advance(10) }
        }
        #expect(sent == 1000)
        h.time.advance(2.5)  // 52.5 s into the minute
        let refused = await h.chat(cheap)
        #expect(refused.status == 429)
        #expect(refused.errorCode == "429")
        #expect(refused.errorMessage?.contains("call rate limit") == true)
        #expect(refused.errorMessage?.contains("Please retry after 8 seconds") == true)
        #expect(refused.header("retry-after") == "8")
        #expect(refused.header("retry-after-ms") == "7500")
        #expect(refused.header("x-ratelimit-remaining-requests") == "0")
        #expect(refused.header("policy-id") == "DeploymentRatelimit-Call")
        h.time.advance(7.4)
        #expect(await h.chat(cheap).status == 429)
        h.time.advance(0.1)
        let next = await h.chat(cheap)
        #expect(next.status == 200)
        #expect(next.header("x-ratelimit-remaining-requests") == "999")
    }

    @Test func shortWindowsLimitBursts() async {
        let h = InferenceHarness()
        for _ in 0..<167 { _ = await h.chat(H.user("x").with("max_tokens", 1)) }
        h.time.advance(4)
        let burst = await h.chat(H.user("x").with("max_tokens", 1))
        #expect(burst.status == 429)
        #expect(burst.header("retry-after") == "6")
        // The 10-second window refused: it has 0 requests left (the minute still has 833).
        #expect(burst.header("x-ratelimit-remaining-requests") == "0")
        h.time.advance(6)
        #expect(await h.chat(H.user("x").with("max_tokens", 1)).status == 200)
    }

    @Test func tokensAreEstimatedOnArrivalFromPromptAndMaxTokens() async {
        let h = InferenceHarness(extra: [H.endpoint("small", tpm: 1000, rpm: 1000)])
        // "hi" costs 3 + 4 + 1 = 8 prompt tokens; with max_tokens 492 the estimate is 500.
        let first = await h.chat(H.user("hi").with("max_tokens", 492), endpoint: "small")
        #expect(first.status == 200)
        #expect(first.header("x-ratelimit-remaining-tokens") == "500")
        #expect(await h.chat(H.user("hi").with("max_tokens", 492), endpoint: "small").header("x-ratelimit-remaining-tokens") == "0")
        let refused = await h.chat(H.user("hi").with("max_tokens", 1), endpoint: "small")
        #expect(refused.status == 429)
        #expect(refused.errorMessage?.contains("token rate limit") == true)
        #expect(refused.header("policy-id") == "DeploymentRatelimit-Token")
        #expect(refused.header("retry-after") == "60")
        // Without max_tokens the documented default (1,024) is counted.
        h.time.advance(60)
        let unbounded = await h.chat(H.user("hi"), endpoint: "small")
        #expect(unbounded.status == 429)
    }

    @Test func limitsChangePerEndpointAtRunTime() async {
        var settings = InferenceSettings()
        settings.limitsByEndpoint = ["chat": .init(tokensPerMinute: 100_000, requestsPerMinute: 2)]
        let h = InferenceHarness(settings: settings)
        #expect(await h.chat(H.user("x")).header("x-ratelimit-remaining-requests") == "1")
        _ = await h.chat(H.user("x"))
        #expect(await h.chat(H.user("x")).status == 429)
        h.service.setLimits(.init(tokensPerMinute: 100_000, requestsPerMinute: 10), forEndpoint: "chat")
        #expect(await h.chat(H.user("x")).status == 200)
    }

    @Test func limiterArithmetic() {
        let limiter = RateLimiter()
        let start = Date(timeIntervalSince1970: 600)
        let limits = RateLimiter.Limits(tokensPerMinute: 10, requestsPerMinute: 60)
        #expect(limits.requestsPer10Seconds == 10)
        #expect(limiter.admit(key: "a", tokens: 10, limits: limits, now: start) == .admitted(remainingRequests: 59, remainingTokens: 0))
        #expect(limiter.admit(key: "b", tokens: 10, limits: limits, now: start) == .admitted(remainingRequests: 59, remainingTokens: 0))
        #expect(limiter.admit(key: "a", tokens: 1, limits: limits, now: start.addingTimeInterval(59.75))
                == .limited(retryAfter: 0.25, reason: .tokens, remainingRequests: 59, remainingTokens: 0))
        limiter.reset(key: "a")
        #expect(limiter.admit(key: "a", tokens: 1, limits: limits, now: start.addingTimeInterval(59.75)) == .admitted(remainingRequests: 59, remainingTokens: 9))
    }
}

@Suite struct RateLimiterUsageTests {
    @Test func usageReadsTheCurrentMinuteWithoutCountingAnything() {
        let limiter = RateLimiter()
        let limits = RateLimiter.Limits(tokensPerMinute: 100, requestsPerMinute: 10)
        let start = Date(timeIntervalSince1970: 600)  // a minute boundary
        #expect(limiter.usage(key: "ep", now: start) == .init(requests: 0, tokens: 0))
        _ = limiter.admit(key: "ep", tokens: 30, limits: limits, now: start)
        _ = limiter.admit(key: "ep", tokens: 80, limits: limits, now: start)  // refused: 110 > 100
        _ = limiter.admit(key: "ep", tokens: 5, limits: limits, now: start.addingTimeInterval(20))
        #expect(limiter.usage(key: "ep", now: start.addingTimeInterval(30)) == .init(requests: 2, tokens: 35))
        #expect(limiter.usage(key: "ep", now: start.addingTimeInterval(30)) == .init(requests: 2, tokens: 35))
        #expect(limiter.usage(key: "other", now: start) == .init(requests: 0, tokens: 0))
        #expect(limiter.usage(key: "ep", now: start.addingTimeInterval(60)) == .init(requests: 0, tokens: 0))
    }
}

@Suite struct ConcurrentAdmissionTests {
    @Test func aThousandConcurrentCallsNeverOverAdmit() async {
        let h = InferenceHarness(extra: [InferenceHarness.endpoint("small", rpm: 60)])
        let body = InferenceHarness.user("hi").with("max_tokens", 1)
        let statuses = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<1_000 { group.addTask { await h.chat(body, endpoint: "small").status } }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        // 60 a minute is 10 in a 10-second window: exactly 10 pass, whatever the interleaving.
        #expect(statuses.filter { $0 == 200 }.count == 10)
        #expect(statuses.filter { $0 == 429 }.count == 990)
    }
}
