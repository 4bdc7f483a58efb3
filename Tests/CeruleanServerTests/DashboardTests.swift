import ARM
import CeruleanJSON
import CeruleanTestSupport
import Foundation
import Testing

/// `GET /_cerulean/`: the page's content, states and escaping, without a browser
/// (Tests/browser/dashboard_check.py loads it in headless Chromium).
@Suite struct DashboardTests {
    /// The text of the table row of `kind` named `name`, tags removed.
    func row(_ page: String, _ kind: String, _ name: String) -> String? {
        guard let start = page.range(of: "<tr class=\"\(kind)\" data-name=\"\(name)\">"),
            let end = page.range(of: "</tr>", range: start.upperBound..<page.endIndex)
        else { return nil }
        return String(page[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
            .split(separator: " ").joined(separator: " ")
    }

    @Test func showsStatesUsageAndRecentRequestsEscaped() async throws {
        let server = try await TestServer.start(clock: ManualClock()) { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        let scenario = DataPlaneOverHTTPSTests()
        let key = try await scenario.setUp(server)
        #expect(try await scenario.chat(server, key: key).status == 200)
        #expect(try await scenario.chat(server, key: key).status == 200)
        let seed = #"{"subscriptions":[{"id":"99999999-0000-0000-0000-000000000001","displayName":"<b>Lab</b> & 'Co'"}]}"#
        #expect(try await server.client.send("POST", "/_cerulean/seed", body: Data(seed.utf8)).status == 200)
        #expect(try await server.arm("DELETE", DataPlaneOverHTTPSTests.ws + "/marketplaceSubscriptions/llama").status == 204)

        let answer = try await server.client.send("GET", "/_cerulean/")
        #expect(answer.status == 200)
        #expect(answer.header("Content-Type") == "text/html; charset=utf-8")
        #expect(answer.header("Content-Security-Policy") == "default-src 'none'; style-src 'unsafe-inline'")
        let page = answer.text
        #expect(page.contains("<meta http-equiv=\"refresh\" content=\"2\">"))
        #expect(page.contains("&lt;b&gt;Lab&lt;/b&gt; &amp; &#39;Co&#39;"))
        #expect(!page.contains("<b>Lab</b>"))
        #expect(!page.contains("<script"))

        let endpoint = try #require(row(page, "endpoint", "llama-ep"))
        #expect(endpoint.contains("proj Meta-Llama-3-8B-Instruct eastus2 Succeeded Suspended Unhealthy"))
        #expect(endpoint.contains("2 / 1000"))
        #expect(endpoint.contains("/ 200000"))
        #expect(row(page, "workspace", "proj")?.contains("Default") == true)
        #expect(row(page, "resource-group", "rg")?.contains("eastus2 Succeeded") == true)
        #expect(row(page, "marketplace-subscription", "llama") == nil)
        #expect(page.contains("None yet."))  // no marketplace subscription left
        #expect(page.contains("<li><b>1</b> Unhealthy endpoints</li>"))
        #expect(page.contains("manual clock"))
        let firstRequest = try #require(page.range(of: "<tr class=\"request\">"))
        #expect(page[firstRequest.upperBound...].prefix(400).contains("DELETE"))

        let pending = try await server.client.send("GET", "/_cerulean/dashboard")
        #expect(pending.status == 200)
        #expect(row(pending.text, "endpoint", "llama-ep") == endpoint)
        #expect(try await server.client.send("POST", "/_cerulean/").errorCode == "MethodNotAllowed")
    }

    @Test func showsAWorkspaceNobodyPolledAsSucceededOnceItsTimeHasPassed() async throws {
        let clock = ManualClock()
        let server = try await TestServer.start(clock: clock)  // the default policy: one second
        defer { Task { await server.stop() } }
        let rg = "/subscriptions/\(TestServer.subscription)/resourceGroups/rg"
        _ = try await server.arm("PUT", rg, body: #"{"location":"eastus2"}"#, apiVersion: "2022-09-01")
        let ws = try await server.arm("PUT", rg + "/providers/Microsoft.MachineLearningServices/workspaces/quiet",
                                      body: #"{"location":"eastus2"}"#)
        #expect(ws.json["properties"]?["provisioningState"] == "Creating")
        #expect(row(try await server.client.send("GET", "/_cerulean/").text, "workspace", "quiet")?.contains("Creating") == true)
        clock.advance(by: 1)
        let shown = try #require(row(try await server.client.send("GET", "/_cerulean/").text, "workspace", "quiet"))
        #expect(shown.contains("Succeeded"))
        #expect(!shown.contains("Creating"))
    }

    @Test func aRestoredSubscriptionShowsTheEndpointHealthyAgain() async throws {
        let server = try await TestServer.start { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        _ = try await DataPlaneOverHTTPSTests().setUp(server)
        func endpointRow() async throws -> String? {
            row(try await server.client.send("GET", "/_cerulean/").text, "endpoint", "llama-ep")
        }
        #expect(try await endpointRow()?.contains("Online Healthy") == true)
        _ = try await server.arm("DELETE", DataPlaneOverHTTPSTests.ws + "/marketplaceSubscriptions/llama")
        #expect(try await endpointRow()?.contains("Suspended Unhealthy") == true)
        _ = try await server.arm("PUT", DataPlaneOverHTTPSTests.ws + "/marketplaceSubscriptions/llama",
                                 body: #"{"properties":{"modelId":"\#(DataPlaneOverHTTPSTests.llama)"}}"#)
        #expect(try await endpointRow()?.contains("Online Healthy") == true)
    }
}

/// The Cognitive Services part of the dashboard: accounts and deployments with their usage.
@Suite struct DashboardCognitiveTests {
    @Test func showsAccountsAndDeploymentUsage() async throws {
        let server = try await TestServer.start(clock: ManualClock()) { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        let scenario = CognitiveDataPlaneTests()
        let (endpoint, key) = try await scenario.setUp(server, capacity: 5)
        let body = Data(#"{"messages":[{"role":"user","content":"hi"}],"max_tokens":5}"#.utf8)
        for _ in 0..<2 {
            #expect(try await scenario.post(server, endpoint + "openai/deployments/chat/chat/completions?api-version=2024-10-21",
                                            headers: ["api-key": key], body: body).status == 200)
        }
        let page = try await server.client.send("GET", "/_cerulean/").text
        let rows = DashboardTests()
        let account = try #require(rows.row(page, "account", "acct"))
        #expect(account.contains("OpenAI") && account.contains("acct-sub") && account.contains("Enabled"))
        let chat = try #require(rows.row(page, "deployment", "chat"))
        #expect(chat.contains("OpenAI gpt-4o 2024-11-20"))
        #expect(chat.contains("2 / 30"), "\(chat)")
        #expect(chat.contains("/ 5000"), "\(chat)")
        #expect(rows.row(page, "deployment", "embed")?.contains("0 / 720") == true)
    }
}

/// The managed-compute part of the dashboard: online endpoints with their traffic, deployments
/// with their instances and requests, and the VM quota in use.
@Suite struct DashboardComputeTests {
    @Test func showsOnlineEndpointsDeploymentsTrafficAndQuota() async throws {
        let server = try await OnlineScoringTests.start()
        defer { Task { await server.stop() } }
        let (uri, key) = try await OnlineScoringTests.endpoint(
            server, "class-online", deployments: [("blue", OnlineScoringTests.qa, "Standard_DS3_v2", ""), ("green", OnlineScoringTests.qa, "Standard_DS3_v2", "")],
            traffic: #"{"blue":90,"green":10}"#)
        for i in 0..<3 {
            #expect(try await OnlineScoringTests.post(server, uri, bearer: key, headers: ["azureml-model-deployment": "blue", "x-ms-client-request-id": "d\(i)"]).status == 200)
        }
        let page = try await server.client.send("GET", "/_cerulean/").text
        let rows = DashboardTests()
        let endpoint = try #require(rows.row(page, "online-endpoint", "class-online"))
        #expect(endpoint.contains("blue 90 %") && endpoint.contains("green 10 %") && endpoint.contains("Key"), "\(endpoint)")
        let blue = try #require(rows.row(page, "online-deployment", "blue"))
        #expect(blue.contains("Standard_DS3_v2") && blue.contains("deepset-roberta-base-squad2") && blue.contains("Succeeded 3 0"), "\(blue)")
        let quota = try #require(rows.row(page, "quota", "Standard DSv2 Family Cluster Dedicated vCPUs"))
        #expect(quota.contains("16 / 24") && quota.contains("eastus"), "\(quota)")
    }
}
