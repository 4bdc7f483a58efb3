import ARM
import CeruleanJSON
import CeruleanTestSupport
import Foundation
import Testing

@Suite struct AdminAPITests {
    static let rg = "/subscriptions/\(TestServer.subscription)/resourcegroups"

    @Test func resetInfoAndTheRequestJournal() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        _ = try await server.arm("PUT", Self.rg + "/a", body: #"{"location":"eastus"}"#)
        _ = try await server.arm("PUT", Self.rg + "/b", body: #"{"location":"eastus"}"#)
        let info = try await server.client.send("GET", "/_cerulean/info")
        #expect(info.json["counts"]?["resources"]?.intValue == 2)
        #expect(info.json["storage"] == "memory")
        #expect(info.json["clock"] == "system")
        #expect(info.json["subscriptionId"]?.stringValue == TestServer.subscription)

        let journal = try await server.client.send("GET", "/_cerulean/requests?last=2")
        let entries = try #require(journal.json["value"]?.arrayValue)
        #expect(entries.map { $0["method"] } == ["PUT", "PUT"])
        #expect(entries.map { $0["path"]?.stringValue } == [Self.rg + "/a", Self.rg + "/b"])
        #expect(entries.allSatisfy { $0["status"]?.intValue == 201 && $0["requestId"]?.stringValue != nil })
        #expect(entries.map { $0["query"] } == ["api-version=2024-04-01", "api-version=2024-04-01"])
        #expect(!journal.text.contains("Bearer"))  // credentials are never recorded
        _ = try await server.client.send("GET", "/serverless/eastus2/none/info?api-version=2024-05-01-preview&api-key=s3cret")
        let last = try await server.client.send("GET", "/_cerulean/requests?last=1")
        #expect(last.json["value"]?[0]?["query"] == "api-version=2024-05-01-preview&api-key=REDACTED")
        #expect(!last.text.contains("s3cret"))
        #expect(try await server.client.send("DELETE", "/_cerulean/requests").status == 204)
        #expect(try await server.client.send("GET", "/_cerulean/requests").json["value"]?.arrayValue?.isEmpty == true)

        let reset = try await server.client.send("POST", "/_cerulean/reset")
        #expect(reset.json["resourcesDeleted"]?.intValue == 2)
        #expect(try await server.arm("GET", Self.rg + "/a").errorCode == "ResourceGroupNotFound")
        #expect(try await server.arm("GET", "/subscriptions/\(TestServer.subscription)").status == 200)  // default subscription kept
        _ = try await server.arm("PUT", Self.rg + "/c", body: #"{"location":"eastus"}"#)
        let one = try await server.client.send("POST", "/_cerulean/reset?subscription=\(TestServer.subscription)")
        #expect(one.json["resourcesDeleted"]?.intValue == 1)
        #expect(try await server.client.send("GET", "/_cerulean/reset").status == 405)
    }

    @Test func theCACertificateIsServedForClientsThatCannotReadTheDataFolder() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let answer = try await server.client.send("GET", "/_cerulean/ca.pem")
        #expect(answer.status == 200)
        #expect(answer.header("content-type") == "application/x-pem-file")
        #expect(answer.text == (try String(contentsOfFile: server.caFile, encoding: .utf8)))
        #expect(answer.text.hasPrefix("-----BEGIN CERTIFICATE-----"))
        #expect(try await server.client.send("POST", "/_cerulean/ca.pem").status == 405)
    }

    @Test func provisioningPoliciesChangeAtRunTime() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let initial = try await server.client.send("GET", "/_cerulean/provisioning")
        #expect(initial.json["default"] == "after:1s")
        let set = try await server.client.send("PUT", "/_cerulean/provisioning",
                                               body: Data(#"{"type":"Microsoft.MachineLearningServices/workspaces","policy":"immediate"}"#.utf8))
        #expect(set.json["types"]?["microsoft.machinelearningservices/workspaces"] == "immediate")
        _ = try await server.arm("PUT", Self.rg + "/rg", body: #"{"location":"eastus2"}"#)
        let ws = try await server.arm("PUT", "/subscriptions/\(TestServer.subscription)/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/now-ws",
                                      body: #"{"location":"eastus2"}"#)
        #expect(ws.json["properties"]?["provisioningState"] == "Succeeded")
        let bad = try await server.client.send("PUT", "/_cerulean/provisioning", body: Data(#"{"default":"whenever"}"#.utf8))
        #expect(bad.status == 400)
        #expect(bad.errorCode == "InvalidRequestContent")
    }

    @Test func aManualClockMovesOnlyWhenTold() async throws {
        let server = try await TestServer.start { $0.manualClock = true; $0.policies.set(.init(timing: .afterSeconds(30)), for: nil) }
        defer { Task { await server.stop() } }
        #expect(try await server.client.send("GET", "/_cerulean/clock").json["mode"] == "manual")
        _ = try await server.arm("PUT", Self.rg + "/rg", body: #"{"location":"eastus2"}"#)
        let ws = "/subscriptions/\(TestServer.subscription)/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/slow-ws"
        _ = try await server.arm("PUT", ws, body: #"{"location":"eastus2"}"#)
        #expect(try await server.arm("GET", ws).json["properties"]?["provisioningState"] == "Creating")
        let advanced = try await server.client.send("POST", "/_cerulean/clock/advance", body: Data(#"{"seconds":30}"#.utf8))
        #expect(advanced.status == 200)
        #expect(try await server.arm("GET", ws).json["properties"]?["provisioningState"] == "Succeeded")
        let system = try await TestServer.start()
        defer { Task { await system.stop() } }
        let refused = try await system.client.send("POST", "/_cerulean/clock/advance", body: Data(#"{"seconds":1}"#.utf8))
        #expect(refused.status == 409)
        #expect(refused.errorCode == "ClockNotManual")
    }
}

@Suite struct SnapshotTests {
    @Test func saveChangeRestore() async throws {
        let server = try await TestServer.start { $0.inMemory = false }
        defer { Task { await server.stop() } }
        let rg = "/subscriptions/\(TestServer.subscription)/resourcegroups"
        _ = try await server.arm("PUT", rg + "/before", body: #"{"location":"eastus"}"#)
        let saved = try await server.client.send("POST", "/_cerulean/snapshots/base-line")
        #expect(saved.status == 201)
        #expect((saved.json["bytes"]?.intValue ?? 0) > 0)
        _ = try await server.arm("PUT", rg + "/after", body: #"{"location":"eastus"}"#)
        _ = try await server.arm("DELETE", rg + "/before")
        let restored = try await server.client.send("POST", "/_cerulean/snapshots/base-line/restore")
        #expect(restored.status == 200)
        #expect(try await server.arm("GET", rg + "/before").status == 200)
        #expect(try await server.arm("GET", rg + "/after").errorCode == "ResourceGroupNotFound")
        #expect(try await server.client.send("GET", "/_cerulean/snapshots").json["value"]?[0]?["name"] == "base-line")
        #expect(try await server.client.send("POST", "/_cerulean/snapshots/nope/restore").status == 404)
        #expect(try await server.client.send("POST", "/_cerulean/snapshots/bad%20name").status == 400)
    }
}

@Suite struct MetricsTests {
    @Test func prometheusTextCountsRequestsTokensAndRefusals() async throws {
        // A manual clock: a one-request-per-minute limit must not meet a minute boundary mid-test.
        let server = try await TestServer.start(clock: ManualClock()) { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        let scenario = DataPlaneOverHTTPSTests()
        let key = try await scenario.setUp(server)
        _ = try await server.client.send("PUT", "/_cerulean/endpoints/llama-ep/limits", body: Data(#"{"tokensPerMinute":100000,"requestsPerMinute":1}"#.utf8))
        #expect(try await scenario.chat(server, key: key).status == 200)
        #expect(try await scenario.chat(server, key: key).status == 429)
        let metrics = try await server.client.send("GET", "/_cerulean/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        let text = metrics.text
        #expect(text.contains("cerulean_http_requests_total{plane=\"arm\",status=\"201\"} 4"))
        #expect(text.contains("cerulean_http_requests_total{plane=\"inference\",status=\"200\"} 1"))
        #expect(text.contains("cerulean_http_requests_total{plane=\"inference\",status=\"429\"} 1"))
        #expect(text.contains("cerulean_rate_limited_total{endpoint=\"llama-ep\"} 1"))
        #expect(text.contains("cerulean_inference_tokens_total{endpoint=\"llama-ep\",kind=\"prompt\"} 10"))  // 3 + 4 + ceil(11 / 4)
        #expect(text.contains("cerulean_http_request_duration_seconds_count{plane=\"inference\"} 2"))
        #expect(text.contains("cerulean_http_request_duration_seconds_bucket{plane=\"inference\",le=\"+Inf\"} 2"))
    }
}
