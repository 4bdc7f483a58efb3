import ARM
import CeruleanJSON
import CeruleanTestSupport
import Foundation
import Testing

/// The inference routes through the real listener, against endpoints made through ARM.
@Suite struct DataPlaneOverHTTPSTests {
    static let ws = "/subscriptions/\(TestServer.subscription)/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/proj"
    static let llama = "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct"
    static let chatBody = Data(#"{"messages":[{"role":"user","content":"hello there"}]}"#.utf8)

    func setUp(_ server: TestServer) async throws -> String {
        _ = try await server.arm("PUT", "/subscriptions/\(TestServer.subscription)/resourcegroups/rg", body: #"{"location":"eastus2"}"#)
        _ = try await server.arm("PUT", Self.ws, body: #"{"location":"eastus2"}"#)
        _ = try await server.arm("PUT", Self.ws + "/marketplaceSubscriptions/llama", body: #"{"properties":{"modelId":"\#(Self.llama)"}}"#)
        let created = try await server.arm("PUT", Self.ws + "/serverlessEndpoints/llama-ep",
                                           body: #"{"location":"eastus2","properties":{"modelSettings":{"modelId":"\#(Self.llama)"}}}"#)
        #expect(created.status == 201)
        return try await key(server)
    }

    func key(_ server: TestServer, _ which: String = "primaryKey") async throws -> String {
        try #require(try await server.arm("POST", Self.ws + "/serverlessEndpoints/llama-ep/listKeys").json[which]?.stringValue)
    }

    func chat(_ server: TestServer, key: String, path: String = "/serverless/eastus2/llama-ep/chat/completions?api-version=2024-05-01-preview",
              body: Data = chatBody, host: String? = nil) async throws -> HTTPResult {
        try await server.client.send("POST", path, headers: ["api-key": key, "Content-Type": "application/json"], body: body, hostHeader: host)
    }

    @Test func everyRouteFormReachesTheEndpoint() async throws {
        let server = try await TestServer.start { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        let key = try await setUp(server)
        let uri = try #require(try await server.arm("GET", Self.ws + "/serverlessEndpoints/llama-ep").json["properties"]?["inferenceEndpoint"]?["uri"]?.stringValue)
        #expect(uri == server.url + "/serverless/eastus2/llama-ep")
        let direct = try await chat(server, key: key)
        #expect(direct.status == 200)
        #expect(direct.header("Content-Type") == "application/json; charset=utf-8")
        #expect(direct.json["model"]?.stringValue == "Meta-Llama-3-8B-Instruct")
        #expect(direct.header("x-ratelimit-remaining-requests") == "999")
        #expect(direct.header("x-ms-request-id") != nil)
        let v1 = try await chat(server, key: key, path: "/serverless/eastus2/llama-ep/v1/chat/completions")
        #expect(v1.json["choices"]?[0]?["message"]?["content"] == direct.json["choices"]?[0]?["message"]?["content"])
        let azureHost = try await chat(server, key: key, path: "/chat/completions?api-version=2024-05-01-preview",
                                       host: "llama-ep.eastus2.models.ai.azure.com")
        #expect(azureHost.status == 200)
        let info = try await server.client.send("GET", "/info?api-version=2024-05-01-preview", headers: ["Authorization": "Bearer \(key)"],
                                                hostHeader: "LLAMA-EP.eastus2.models.ai.azure.com")
        #expect(info.json == ["model_name": "Meta-Llama-3-8B-Instruct", "model_type": "chat-completion", "model_provider_name": "Meta"])
        let aoai = try await chat(server, key: key, path: "/openai/deployments/llama-ep/chat/completions?api-version=2024-10-21")
        #expect(aoai.status == 200)
        #expect(aoai.header("apim-request-id") == aoai.header("x-ms-request-id"))
        #expect(aoai.json["prompt_filter_results"] != nil)
        let openaiV1 = try await chat(server, key: key, path: "/openai/v1/chat/completions",
                                      body: Data(#"{"model":"llama-ep","messages":[{"role":"user","content":"hi"}]}"#.utf8))
        #expect(openaiV1.status == 200)
        let nowhere = try await chat(server, key: key, path: "/serverless/eastus2/llama-ep/completions/legacy")
        #expect(nowhere.status == 404)
        #expect(try await chat(server, key: key, path: "/serverless/westus/llama-ep/chat/completions?api-version=2024-05-01-preview").errorCode == "EndpointNotFound")
    }

    @Test func streamingOverTheWire() async throws {
        let server = try await TestServer.start { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        let key = try await setUp(server)
        let r = try await chat(server, key: key, body: Data(#"{"messages":[{"role":"user","content":"stream"}],"stream":true}"#.utf8))
        #expect(r.status == 200)
        #expect(r.header("Content-Type") == "text/event-stream; charset=utf-8")
        let lines = r.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.filter { !$0.isEmpty }.allSatisfy { $0.hasPrefix("data: ") })
        #expect(r.text.hasSuffix("data: [DONE]\n\n"))
        #expect(lines.count > 6)
    }

    @Test func keyChangesAndStateChangesApplyToTheVeryNextRequest() async throws {
        let server = try await TestServer.start { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        let old = try await setUp(server)
        let secondary = try await key(server, "secondaryKey")
        #expect(try await chat(server, key: old).status == 200)
        let rotated = try await server.arm("POST", Self.ws + "/serverlessEndpoints/llama-ep/regenerateKeys", body: #"{"keyType":"Primary"}"#)
        let new = try #require(rotated.json["primaryKey"]?.stringValue)
        let refused = try await chat(server, key: old)
        #expect(refused.status == 401)
        #expect(refused.errorCode == "Unauthorized")
        #expect(try await chat(server, key: new).status == 200)
        #expect(try await chat(server, key: secondary).status == 200)

        #expect(try await server.arm("DELETE", Self.ws + "/marketplaceSubscriptions/llama").status == 204)
        let unhealthy = try await chat(server, key: new)
        #expect(unhealthy.status == 403)
        #expect(unhealthy.errorCode == "EndpointUnhealthy")
        _ = try await server.arm("PUT", Self.ws + "/marketplaceSubscriptions/llama", body: #"{"properties":{"modelId":"\#(Self.llama)"}}"#)
        #expect(try await chat(server, key: new).status == 200)
        #expect(try await server.arm("DELETE", Self.ws + "/serverlessEndpoints/llama-ep").status == 204)
        #expect(try await chat(server, key: new).status == 404)
    }

    @Test func anEndpointIsNotCallableUntilProvisioned() async throws {
        let server = try await TestServer.start { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        _ = try await setUp(server)
        server.server.engine.policies.set(ProvisioningPolicy(timing: .afterObservations(1)), for: "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints")
        let created = try await server.arm("PUT", Self.ws + "/serverlessEndpoints/phi-ep",
                                           body: #"{"location":"eastus2","properties":{"modelSettings":{"modelId":"azureml://registries/azureml/models/Phi-4"}}}"#)
        #expect(created.json["properties"]?["provisioningState"]?.stringValue == "Creating")
        let phiKey = try #require(try await server.arm("POST", Self.ws + "/serverlessEndpoints/phi-ep/listKeys").json["primaryKey"]?.stringValue)
        let early = try await chat(server, key: phiKey, path: "/serverless/eastus2/phi-ep/chat/completions?api-version=2024-05-01-preview")
        #expect(early.status == 409)
        #expect(early.errorCode == "EndpointNotReady")
        _ = try await server.arm("GET", Self.ws + "/serverlessEndpoints/phi-ep")  // the SDK's poll
        #expect(try await chat(server, key: phiKey, path: "/serverless/eastus2/phi-ep/chat/completions?api-version=2024-05-01-preview").status == 200)
    }
}

@Suite struct AdminEndpointSettingsTests {
    @Test func limitsAndLatencyChangeAtRunTime() async throws {
        // A manual clock: a one-request-per-minute limit must not meet a minute boundary mid-test.
        let server = try await TestServer.start(clock: ManualClock()) { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        let key = try await DataPlaneOverHTTPSTests().setUp(server)
        let set = try await server.client.send("PUT", "/_cerulean/endpoints/llama-ep/limits",
                                               body: Data(#"{"tokensPerMinute":100000,"requestsPerMinute":1}"#.utf8))
        #expect(set.status == 200)
        #expect(set.json["requestsPerMinute"]?.intValue == 1)
        #expect(try await DataPlaneOverHTTPSTests().chat(server, key: key).status == 200)
        let limited = try await DataPlaneOverHTTPSTests().chat(server, key: key)
        #expect(limited.status == 429)
        #expect(Int(limited.header("retry-after") ?? "0") ?? 0 >= 1)
        #expect(limited.header("retry-after-ms") != nil)
        #expect(try await server.client.send("DELETE", "/_cerulean/endpoints/llama-ep/limits").status == 204)
        #expect(try await DataPlaneOverHTTPSTests().chat(server, key: key).status == 200)
        let bad = try await server.client.send("PUT", "/_cerulean/endpoints/llama-ep/limits", body: Data(#"{"tokensPerMinute":0}"#.utf8))
        #expect(bad.status == 400)
        #expect(bad.errorCode == "InvalidRequestContent")
        let latency = try await server.client.send("PUT", "/_cerulean/endpoints/llama-ep/latency", body: Data(#"{"firstTokenMs":0,"perTokenMs":0}"#.utf8))
        #expect(latency.json["firstTokenMs"]?.intValue == 0)
        #expect(try await server.client.send("GET", "/_cerulean/endpoints/llama-ep/limits").status == 405)
        #expect(try await server.client.send("GET", "/_cerulean/nothing").status == 404)
    }
}

@Suite struct CannedReplyTests {
    @Test func queuedRepliesAreServedInOrderThenTheGeneratorAnswers() async throws {
        let server = try await TestServer.start { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        let scenario = DataPlaneOverHTTPSTests()
        let key = try await scenario.setUp(server)
        let queued = try await server.client.send("POST", "/_cerulean/endpoints/llama-ep/replies", body: Data(
            #"{"replies":[{"content":"First canned."},{"toolCall":{"name":"lookup","arguments":{"q":"x"}}}]}"#.utf8))
        #expect(queued.json["pending"]?.intValue == 2)
        #expect(try await scenario.chat(server, key: key).json["choices"]?[0]?["message"]?["content"] == "First canned.")
        let tool = try await scenario.chat(server, key: key)
        #expect(tool.json["choices"]?[0]?["message"]?["tool_calls"]?[0]?["function"]?["name"] == "lookup")
        #expect(tool.json["choices"]?[0]?["finish_reason"] == "tool_calls")
        let generated = try await scenario.chat(server, key: key)
        #expect(generated.json["choices"]?[0]?["message"]?["content"]?.stringValue?.hasPrefix("This is a simulated reply") == true)
        #expect(try await server.client.send("GET", "/_cerulean/endpoints/llama-ep/replies").json["pending"]?.intValue == 0)
        let bad = try await server.client.send("POST", "/_cerulean/endpoints/llama-ep/replies", body: Data(#"{"replies":[{"text":1}]}"#.utf8))
        #expect(bad.status == 400)
    }
}
