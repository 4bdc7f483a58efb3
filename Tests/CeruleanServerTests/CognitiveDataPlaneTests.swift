import ARM
import CeruleanJSON
import CeruleanTestSupport
import Foundation
import Testing

/// Azure OpenAI and AI Services deployments through the real listener, against accounts made through ARM.
@Suite struct CognitiveDataPlaneTests {
    static let cs = "/subscriptions/\(TestServer.subscription)/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts"
    static let chatBody = Data(#"{"messages":[{"role":"user","content":"hello there"}]}"#.utf8)

    /// An account with a chat and an embeddings deployment; answers its endpoint (the path form) and key1.
    func setUp(_ server: TestServer, kind: String = "OpenAI", name: String = "acct", subdomain: String = "acct-sub",
               capacity: Int = 10, extra: String = "") async throws -> (endpoint: String, key: String) {
        _ = try await server.arm("PUT", "/subscriptions/\(TestServer.subscription)/resourcegroups/rg", body: #"{"location":"eastus"}"#)
        let account = try await server.arm("PUT", "\(Self.cs)/\(name)", body: #"{"kind":"\#(kind)","sku":{"name":"S0"},"location":"eastus","properties":{"customSubDomainName":"\#(subdomain)"\#(extra)}}"#, apiVersion: "2025-09-01")
        #expect(account.status == 201, "\(account.text)")
        let chat = try await server.arm("PUT", "\(Self.cs)/\(name)/deployments/chat", body: #"{"sku":{"name":"Standard","capacity":\#(capacity)},"properties":{"model":{"format":"OpenAI","name":"gpt-4o","version":"2024-11-20"}}}"#, apiVersion: "2025-09-01")
        #expect(chat.status == 201, "\(chat.text)")
        let embed = try await server.arm("PUT", "\(Self.cs)/\(name)/deployments/embed", body: #"{"sku":{"name":"Standard","capacity":120},"properties":{"model":{"format":"OpenAI","name":"text-embedding-3-small","version":"1"}}}"#, apiVersion: "2025-09-01")
        #expect(embed.status == 201, "\(embed.text)")
        let endpoint = try #require(account.json["properties"]?["endpoint"]?.stringValue)
        let key = try #require(try await server.arm("POST", "\(Self.cs)/\(name)/listKeys", apiVersion: "2025-09-01").json["key1"]?.stringValue)
        return (endpoint, key)
    }

    func post(_ server: TestServer, _ url: String, headers: [String: String], body: Data = chatBody, host: String? = nil) async throws -> HTTPResult {
        let path = url.hasPrefix("http") ? String(url.dropFirst(server.url.count)) : url
        return try await server.client.send("POST", path, headers: headers.merging(["Content-Type": "application/json"]) { a, _ in a },
                                            body: body, hostHeader: host)
    }

    @Test func theReportedEndpointWorksVerbatim() async throws {
        let server = try await TestServer.start { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        let (endpoint, key) = try await setUp(server)
        #expect(endpoint == server.url + "/cognitiveservices/acct-sub.openai.azure.com/")
        let chat = try await post(server, endpoint + "openai/deployments/chat/chat/completions?api-version=2024-10-21", headers: ["api-key": key])
        #expect(chat.status == 200, "\(chat.text)")
        #expect(chat.json["model"] == "gpt-4o")
        #expect(chat.json["prompt_filter_results"] != nil)
        #expect(chat.json["choices"]?[0]?["content_filter_results"] != nil)
        #expect(chat.header("x-ratelimit-remaining-requests") != nil)
        let embed = try await post(server, endpoint + "openai/deployments/embed/embeddings?api-version=2024-10-21", headers: ["api-key": key],
                                   body: Data(#"{"input":"hi"}"#.utf8))
        #expect(embed.json["data"]?[0]?["embedding"]?.arrayValue?.count == 1536)
        let v1 = try await post(server, endpoint + "openai/v1/chat/completions", headers: ["Authorization": "Bearer \(key)"],
                                body: Data(#"{"model":"chat","messages":[{"role":"user","content":"hello there"}]}"#.utf8))
        #expect(v1.status == 200)
        #expect(v1.json["choices"]?[0]?["message"] == chat.json["choices"]?[0]?["message"])
        // The same account through Azure's own host name (curl --connect-to).
        let hosted = try await post(server, "/openai/deployments/chat/chat/completions?api-version=2024-10-21", headers: ["api-key": key],
                                    host: "acct-sub.openai.azure.com")
        #expect(hosted.status == 200)
        let cognitiveHost = try await post(server, "/openai/deployments/chat/chat/completions?api-version=2024-10-21", headers: ["api-key": key],
                                           host: "ACCT-SUB.cognitiveservices.azure.com:443")
        #expect(cognitiveHost.status == 200)
        let regional = try await post(server, "/openai/deployments/chat/chat/completions?api-version=2024-10-21", headers: ["api-key": key],
                                      host: "eastus.api.cognitive.microsoft.com")
        #expect(regional.status == 200)
        let regionalWrongKey = try await post(server, "/openai/deployments/chat/chat/completions?api-version=2024-10-21", headers: ["api-key": "nope"],
                                              host: "eastus.api.cognitive.microsoft.com")
        #expect(regionalWrongKey.status == 401)
        let legacy = try await post(server, endpoint + "openai/deployments/chat/completions?api-version=2024-10-21", headers: ["api-key": key],
                                    body: Data(#"{"prompt":"hi"}"#.utf8))
        #expect(legacy.status == 400)
        #expect(legacy.json["error"]?["code"] == "OperationNotSupported")
    }

    @Test func theSeedsTargetURIAnswersWhenTheHostSaysSo() async throws {
        let server = try await TestServer.start { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        _ = try await server.arm("PUT", "/subscriptions/\(TestServer.subscription)/resourcegroups/rg", body: #"{"location":"eastus"}"#)
        _ = try await server.arm("PUT", "\(Self.cs)/ai-aihubdevdemo", body: #"{"kind":"AIServices","sku":{"name":"S0"},"location":"eastus","properties":{"customSubDomainName":"ai-aihubdevdemo"}}"#, apiVersion: "2025-09-01")
        let deployed = try await server.arm("PUT", "\(Self.cs)/ai-aihubdevdemo/deployments/gpt-35-turbo", body: #"{"sku":{"name":"Standard","capacity":10},"properties":{"model":{"format":"OpenAI","name":"gpt-35-turbo"}}}"#, apiVersion: "2025-09-01")
        #expect(deployed.status == 201, "\(deployed.text)")
        let key = try #require(try await server.arm("POST", "\(Self.cs)/ai-aihubdevdemo/listKeys", apiVersion: "2025-09-01").json["key2"]?.stringValue)
        let r = try await post(server, "/openai/deployments/gpt-35-turbo/chat/completions?api-version=2023-03-15-preview",
                               headers: ["api-key": key], host: "ai-aihubdevdemo.openai.azure.com")
        #expect(r.status == 200, "\(r.text)")
        #expect(r.json["model"] == "gpt-35-turbo")
        #expect(r.json["object"] == "chat.completion")
    }

    @Test func legacyCompletionsOnACompletionModel() async throws {
        let server = try await TestServer.start { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        let (endpoint, key) = try await setUp(server)
        let made = try await server.arm("PUT", "\(Self.cs)/acct/deployments/instruct", body: #"{"sku":{"name":"Standard","capacity":10},"properties":{"model":{"format":"OpenAI","name":"gpt-35-turbo-instruct","version":"0914"}}}"#, apiVersion: "2025-09-01")
        #expect(made.status == 201, "\(made.text)")
        let url = endpoint + "openai/deployments/instruct/completions?api-version=2024-10-21"
        let r = try await post(server, url, headers: ["api-key": key], body: Data(#"{"prompt":"Once upon a time","max_tokens":8}"#.utf8))
        #expect(r.status == 200, "\(r.text)")
        #expect(r.json["object"] == "text_completion")
        #expect(r.json["choices"]?[0]?["text"]?.stringValue?.isEmpty == false)
        #expect(r.json["usage"]?["completion_tokens"]?.numberValue ?? 0 <= 8)
        let streamed = try await post(server, url, headers: ["api-key": key], body: Data(#"{"prompt":"Once","stream":true}"#.utf8))
        #expect(streamed.header("Content-Type")?.hasPrefix("text/event-stream") == true)
        #expect(streamed.text.contains(#""object":"text_completion""#))
        #expect(streamed.text.hasSuffix("data: [DONE]\n\n"))
        let noPrompt = try await post(server, url, headers: ["api-key": key], body: Data(#"{"max_tokens":8}"#.utf8))
        #expect(noPrompt.status == 400)
        let chatOnInstruct = try await post(server, endpoint + "openai/deployments/instruct/chat/completions?api-version=2024-10-21", headers: ["api-key": key])
        #expect(chatOnInstruct.json["error"]?["code"] == "OperationNotSupported")
    }

    @Test func errorsSpeakAzureOpenAI() async throws {
        let server = try await TestServer.start { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        let (endpoint, key) = try await setUp(server)
        let missing = try await post(server, endpoint + "openai/deployments/nope/chat/completions?api-version=2024-10-21", headers: ["api-key": key])
        #expect(missing.status == 404)
        #expect(missing.json["error"]?["code"] == "DeploymentNotFound")
        #expect(missing.json["error"]?["message"]?.stringValue?.hasPrefix("The API deployment for this resource does not exist.") == true)
        let badKey = try await post(server, endpoint + "openai/deployments/chat/chat/completions?api-version=2024-10-21", headers: ["api-key": "wrong"])
        #expect(badKey.status == 401)
        #expect(badKey.json["error"]?["code"] == "401")
        let noKey = try await post(server, endpoint + "openai/deployments/chat/chat/completions?api-version=2024-10-21", headers: [:])
        #expect(noKey.status == 401)
        let noVersion = try await post(server, endpoint + "openai/deployments/chat/chat/completions", headers: ["api-key": key])
        #expect(noVersion.status == 400)
        let unknownAccount = try await post(server, "/cognitiveservices/ghost.openai.azure.com/openai/deployments/chat/chat/completions?api-version=2024-10-21", headers: ["api-key": key])
        #expect(unknownAccount.status == 404)
        #expect(unknownAccount.json["error"]?["code"] == "ResourceNotFound")
        let wrongModality = try await post(server, endpoint + "openai/deployments/embed/chat/completions?api-version=2024-10-21", headers: ["api-key": key])
        #expect(wrongModality.json["error"]?["code"] == "OperationNotSupported")
    }

    @Test func modelInferenceChoosesTheDeploymentByModel() async throws {
        let server = try await TestServer.start { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        let (_, key) = try await setUp(server, kind: "AIServices", subdomain: "foundry")
        let account = try await server.arm("GET", "\(Self.cs)/acct", apiVersion: "2025-09-01")
        let inference = try #require(account.json["properties"]?["endpoints"]?["Azure AI Model Inference API"]?.stringValue)
        #expect(inference == server.url + "/cognitiveservices/foundry.services.ai.azure.com/")
        let headers = ["api-key": key, "Authorization": "Bearer \(key)"]
        let chat = try await post(server, inference + "models/chat/completions?api-version=2024-05-01-preview", headers: headers,
                                  body: Data(#"{"model":"chat","messages":[{"role":"user","content":"hi"}]}"#.utf8))
        #expect(chat.status == 200, "\(chat.text)")
        let byHeader = try await post(server, inference + "models/chat/completions?api-version=2024-05-01-preview",
                                      headers: headers.merging(["x-ms-model-mesh-model-name": "chat"]) { a, _ in a })
        #expect(byHeader.status == 200)
        let none = try await post(server, inference + "models/chat/completions?api-version=2024-05-01-preview", headers: headers)
        #expect(none.status == 400)
        #expect(none.json["error"]?["code"] == "no_model_name")
        let unknown = try await post(server, inference + "models/chat/completions?api-version=2024-05-01-preview", headers: headers,
                                     body: Data(#"{"model":"DeepSeek-V4-Flash","messages":[{"role":"user","content":"hi"}]}"#.utf8))
        #expect(unknown.status == 404)
        #expect(unknown.json["error"]?["message"] == "Unknown model: DeepSeek-V4-Flash")
        let info = try await server.client.send("GET", String((inference + "models/info?api-version=2024-05-01-preview").dropFirst(server.url.count)),
                                                headers: headers.merging(["x-ms-model-mesh-model-name": "embed"]) { a, _ in a })
        #expect(info.json["model_name"] == "text-embedding-3-small")
    }

    @Test func keysTokensAndLocalAuth() async throws {
        let server = try await TestServer.start { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        let (endpoint, key) = try await setUp(server)
        let url = endpoint + "openai/deployments/chat/chat/completions?api-version=2024-10-21"
        let issuer = server.server.tokens
        let now = server.server.engine.clock.now()
        for audience in ["https://cognitiveservices.azure.com", "https://ml.azure.com/"] {
            let token = try issuer.issue(resource: audience, clientID: "app", issuerBase: server.url, now: now).value
            #expect(try await post(server, url, headers: ["Authorization": "Bearer \(token)"]).status == 200, "\(audience)")
        }
        let arm = try issuer.issue(resource: "https://management.azure.com/", clientID: "app", issuerBase: server.url, now: now).value
        let wrongAudience = try await post(server, url, headers: ["Authorization": "Bearer \(arm)"])
        #expect(wrongAudience.status == 401)
        #expect(wrongAudience.json["error"]?["message"]?.stringValue?.contains("audience is incorrect") == true)
        // A regenerated key applies to the very next request.
        _ = try await server.arm("POST", "\(Self.cs)/acct/regenerateKey", body: #"{"keyName":"Key1"}"#, apiVersion: "2025-09-01")
        #expect(try await post(server, url, headers: ["api-key": key]).status == 401)
        let newKey = try #require(try await server.arm("POST", "\(Self.cs)/acct/listKeys", apiVersion: "2025-09-01").json["key1"]?.stringValue)
        #expect(try await post(server, url, headers: ["api-key": newKey]).status == 200)
        _ = try await server.arm("PATCH", "\(Self.cs)/acct", body: #"{"properties":{"disableLocalAuth":true}}"#, apiVersion: "2025-09-01")
        let refused = try await post(server, url, headers: ["api-key": newKey])
        #expect(refused.status == 403)
        #expect(refused.json["error"]?["code"] == "AuthenticationTypeDisabled")
        let token = try issuer.issue(resource: "https://cognitiveservices.azure.com", clientID: "app", issuerBase: server.url, now: now).value
        #expect(try await post(server, url, headers: ["Authorization": "Bearer \(token)"]).status == 200)
    }

    @Test func rateLimitsComeFromCapacity() async throws {
        let server = try await TestServer.start { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        let (endpoint, key) = try await setUp(server, capacity: 1)
        let url = endpoint + "openai/deployments/chat/chat/completions?api-version=2024-10-21"
        let body = Data(#"{"messages":[{"role":"user","content":"hi"}],"max_tokens":5}"#.utf8)
        var statuses: [Int] = []
        var limited: HTTPResult?
        for _ in 0..<3 {
            let r = try await post(server, url, headers: ["api-key": key], body: body)
            statuses.append(r.status)
            if r.status == 429 { limited = r; break }
        }
        let refusal = try #require(limited, "capacity 1 allows one request per 10 s: \(statuses)")
        #expect(refusal.json["error"]?["code"] == "429")
        #expect(refusal.json["error"]?["message"]?.stringValue?.contains("under Azure OpenAI API version 2024-10-21") == true)
        #expect(refusal.json["error"]?["message"]?.stringValue?.contains("OpenAI S0 pricing tier") == true)
        #expect(refusal.header("retry-after") != nil)
        #expect(refusal.header("retry-after-ms") != nil)
        #expect(refusal.header("x-ratelimit-remaining-requests") != nil)
        // On the /models route the message names the AI model inference API.
        var models: HTTPResult?
        for _ in 0..<3 {
            let r = try await post(server, endpoint.replacingOccurrences(of: ".openai.azure.com", with: ".services.ai.azure.com")
                                   + "models/chat/completions?api-version=2024-05-01-preview", headers: ["api-key": key],
                                   body: Data(#"{"model":"chat","messages":[{"role":"user","content":"hi"}],"max_tokens":5}"#.utf8))
            if r.status == 429 { models = r; break }
        }
        #expect(models?.json["error"]?["message"]?.stringValue?.contains("under Azure AI Model Inference API version 2024-05-01-preview") == true)
    }

    @Test func deletedDeploymentsAndAccountsStopAnswering() async throws {
        let server = try await TestServer.start { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        let (endpoint, key) = try await setUp(server)
        let url = endpoint + "openai/deployments/chat/chat/completions?api-version=2024-10-21"
        _ = try await server.arm("DELETE", "\(Self.cs)/acct/deployments/chat", apiVersion: "2025-09-01")
        #expect(try await post(server, url, headers: ["api-key": key]).json["error"]?["code"] == "DeploymentNotFound")
        _ = try await server.arm("DELETE", "\(Self.cs)/acct", apiVersion: "2025-09-01")
        #expect(try await post(server, url, headers: ["api-key": key]).status == 404)
    }
}
