import ARM
import CeruleanJSON
import CeruleanTestSupport
import Foundation
import Testing

/// Concurrent clients through the real listener: 100 writers on one and on many resources, and
/// data-plane bursts against small limits (on a manual clock, so no window boundary is crossed).
@Suite struct ConcurrencyOverHTTPSTests {
    static let writers = 100
    static let widgets = "/subscriptions/\(TestServer.subscription)/resourceGroups/rg/providers/Microsoft.CeruleanTest/widgets"

    static func concurrently<T: Sendable>(_ n: Int, _ body: @escaping @Sendable (Int) async throws -> T) async throws -> [T] {
        try await withThrowingTaskGroup(of: (Int, T).self) { group in
            for i in 0..<n { group.addTask { (i, try await body(i)) } }
            var results = [T?](repeating: nil, count: n)
            for try await (i, value) in group { results[i] = value }
            return results.map { $0! }
        }
    }

    func widget(_ server: TestServer, _ method: String, _ name: String, _ body: String? = nil) async throws -> HTTPResult {
        try await server.arm(method, "\(Self.widgets)/\(name)", body: body, apiVersion: "2024-01-01")
    }

    @Test func hundredWritersOnDifferentResources() async throws {
        let server = try await TestServer.start(types: TestTypes.all)
        defer { Task { await server.stop() } }
        _ = try await server.arm("PUT", "/subscriptions/\(TestServer.subscription)/resourcegroups/rg", body: #"{"location":"eastus"}"#)
        let created = try await Self.concurrently(Self.writers) { i in
            try await widget(server, "PUT", "w\(i)", #"{"location":"eastus","tags":{"writer":"\#(i)"},"properties":{"size":\#(i)}}"#)
        }
        #expect(created.allSatisfy { $0.status == 201 })
        let patched = try await Self.concurrently(Self.writers) { i in
            try await widget(server, "PATCH", "w\(i)", #"{"tags":{"writer":"\#(i)","round":"2"}}"#)
        }
        #expect(patched.allSatisfy { $0.status == 200 })
        let read = try await Self.concurrently(Self.writers) { i in try await widget(server, "GET", "w\(i)") }
        for (i, r) in read.enumerated() {
            #expect(r.json["tags"] == ["writer": .string("\(i)"), "round": "2"])
            #expect(r.json["properties"]?["size"]?.intValue == i)
            #expect(r.json["properties"]?["provisioningState"] == "Succeeded")
        }
        let listed = try await server.arm("GET", Self.widgets, apiVersion: "2024-01-01")
        #expect(Set(listed.json["value"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []).count == Self.writers)
    }

    @Test func hundredWritersOnOneResource() async throws {
        let clock = ManualClock()
        let server = try await TestServer.start(types: TestTypes.all, clock: clock)
        defer { Task { await server.stop() } }
        _ = try await server.arm("PUT", "/subscriptions/\(TestServer.subscription)/resourcegroups/rg", body: #"{"location":"eastus"}"#)
        let writes = try await Self.concurrently(Self.writers) { i in
            // Half replace the resource, half patch its tags (once it exists).
            if i % 2 == 0 {
                return try await widget(server, "PUT", "shared", #"{"location":"eastus","tags":{"writer":"\#(i)"}}"#)
            }
            return try await widget(server, "PATCH", "shared", #"{"tags":{"writer":"\#(i)"}}"#)
        }
        let acknowledged = writes.enumerated().filter { [200, 201].contains($0.element.status) }
        // A PATCH that arrived before any PUT finds nothing; every other write is acknowledged.
        #expect(writes.allSatisfy { [200, 201].contains($0.status) || $0.errorCode == "ResourceNotFound" })
        #expect(writes.filter { $0.status == 201 }.count == 1)
        #expect(acknowledged.count >= Self.writers / 2 + 1)
        let etags = acknowledged.compactMap { $0.element.header("ETag") }
        #expect(etags.count == acknowledged.count)
        #expect(Set(etags).count == acknowledged.count)  // each acknowledged write made a new version
        for (i, w) in acknowledged { #expect(w.json["tags"]?["writer"]?.stringValue == "\(i)") }

        clock.advance(by: 1)
        let final = try await widget(server, "GET", "shared")
        #expect(final.json["properties"]?["provisioningState"] == "Succeeded")
        let last = try #require(final.json["tags"]?["writer"]?.stringValue.flatMap { Int($0) })
        #expect(acknowledged.contains { $0.offset == last })
        // Operations agree: at most one PUT operation finished (the last PUT's), the others were preempted.
        let operations = try await Self.concurrently(acknowledged.count) { k -> String in
            guard let url = acknowledged[k].element.header("Azure-AsyncOperation") else { return "none" }
            return try await server.client.send("GET", String(url.dropFirst(server.url.count)),
                                                headers: ["Authorization": "Bearer t"]).json["status"]?.stringValue ?? "?"
        }
        let puts = operations.filter { $0 != "none" }
        #expect(puts.filter { $0 == "Succeeded" }.count == 1)
        #expect(puts.filter { $0 == "Canceled" }.count == puts.count - 1)
    }

    @Test func aBurstAgainstTheRequestLimitAdmitsExactlyTheLimit() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))  // on a minute boundary
        let server = try await TestServer.start(clock: clock) { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        let scenario = DataPlaneOverHTTPSTests()
        let key = try await scenario.setUp(server)
        // 30 a minute is 5 in each 10-second window.
        _ = try await server.client.send("PUT", "/_cerulean/endpoints/llama-ep/limits", body: Data(#"{"tokensPerMinute":1000000,"requestsPerMinute":30}"#.utf8))
        var admitted: [HTTPResult] = []
        for window in 0..<6 {
            let burst = try await Self.concurrently(40) { _ in try await scenario.chat(server, key: key) }
            let ok = burst.filter { $0.status == 200 }
            #expect(ok.count == 5, "window \(window)")
            #expect(burst.filter { $0.status == 429 }.count == 35)
            #expect(burst.filter { $0.status == 429 }.allSatisfy { $0.errorCode == "429" && $0.header("policy-id") == "DeploymentRatelimit-Call" })
            admitted += ok
            if window < 5 { clock.advance(by: 10) }
        }
        // Exactly the minute's 30, each with its own remaining count.
        #expect(admitted.count == 30)
        #expect(Set(admitted.compactMap { $0.header("x-ratelimit-remaining-requests") }) == Set((0..<30).map(String.init)))
        clock.advance(by: 5)  // 55 s: still the same minute, whose 30 are spent
        let late = try await Self.concurrently(20) { _ in try await scenario.chat(server, key: key) }
        #expect(late.allSatisfy { $0.status == 429 && $0.header("x-ratelimit-remaining-requests") == "0" })
        #expect(late.first?.header("retry-after") == "5")
    }

    @Test func aBurstAgainstTheTokenLimitAdmitsExactlyWhatFits() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let server = try await TestServer.start(clock: clock) { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        let scenario = DataPlaneOverHTTPSTests()
        let key = try await scenario.setUp(server)
        _ = try await server.client.send("PUT", "/_cerulean/endpoints/llama-ep/limits", body: Data(#"{"tokensPerMinute":1000,"requestsPerMinute":100000}"#.utf8))
        // 10 prompt tokens ("hello there" with its role) + max_tokens 90: 100 counted per request.
        let body = Data(#"{"messages":[{"role":"user","content":"hello there"}],"max_tokens":90}"#.utf8)
        let burst = try await Self.concurrently(60) { _ in try await scenario.chat(server, key: key, body: body) }
        let ok = burst.filter { $0.status == 200 }
        #expect(ok.count == 10)
        #expect(Set(ok.compactMap { $0.header("x-ratelimit-remaining-tokens") }) == Set(stride(from: 0, to: 1000, by: 100).map(String.init)))
        let refused = burst.filter { $0.status == 429 }
        #expect(refused.count == 50)
        #expect(refused.allSatisfy { $0.header("policy-id") == "DeploymentRatelimit-Token" })
        #expect(refused.allSatisfy { $0.json["error"]?["message"]?.stringValue?.contains("token rate limit") == true })
        // The next minute admits again.
        clock.advance(by: 60)
        #expect(try await scenario.chat(server, key: key, body: body).header("x-ratelimit-remaining-tokens") == "900")
    }
}
