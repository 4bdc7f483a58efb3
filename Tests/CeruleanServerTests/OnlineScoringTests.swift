import ARM
import CeruleanJSON
import CeruleanServer
import CeruleanTestSupport
import Foundation
import Testing

/// Managed online endpoints through the real listener: the scoring URI verbatim and Azure's host,
/// auth by mode, routing by weights and header, mirror traffic, concurrency and timeouts, the
/// models' scoring formats.
@Suite struct OnlineScoringTests {
    static let ws = "/subscriptions/\(TestServer.subscription)/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/proj"
    static let qa = "azureml://registries/azureml/models/deepset-roberta-base-squad2/versions/17"
    static let phi = "azureml://registries/azureml/models/Phi-3-mini-4k-instruct/versions/15"
    static let llama = "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct/versions/9"
    static let qaBody = Data(#"{"inputs":{"question":["What is blue?"],"context":["Grass is green. The sky is blue today."]}}"#.utf8)

    static func start(_ configure: @escaping (inout ServerConfiguration) -> Void = { _ in }) async throws -> TestServer {
        let server = try await TestServer.start { config in
            config.policies.set(.immediate, for: nil)
            configure(&config)
        }
        _ = try await server.arm("PUT", "/subscriptions/\(TestServer.subscription)/resourcegroups/rg", body: #"{"location":"eastus"}"#)
        _ = try await server.arm("PUT", ws, body: #"{"location":"eastus"}"#)
        return server
    }

    /// An endpoint with deployments (name, model, size, extra properties) and traffic; answers its scoring URI and primary key.
    @discardableResult
    static func endpoint(_ server: TestServer, _ name: String = "scorer", auth: String = "Key",
                         deployments: [(String, String, String, String)], traffic: String, mirror: String = "{}") async throws -> (uri: String, key: String?) {
        let path = "\(ws)/onlineEndpoints/\(name)"
        let created = try await server.arm("PUT", path, body: #"{"location":"eastus","properties":{"authMode":"\#(auth)"}}"#, apiVersion: "2022-02-01-preview")
        #expect(created.status == 201, "\(created.text)")
        for (deployment, model, size, extra) in deployments {
            let r = try await server.arm("PUT", "\(path)/deployments/\(deployment)", body: #"{"location":"eastus","sku":{"name":"Default","capacity":1},"properties":{"endpointComputeType":"Managed","model":"\#(model)","instanceType":"\#(size)"\#(extra)}}"#, apiVersion: "2023-04-01-preview")
            #expect(r.status == 201, "\(r.text)")
        }
        let routed = try await server.arm("PUT", path, body: #"{"location":"eastus","properties":{"authMode":"\#(auth)","traffic":\#(traffic),"mirrorTraffic":\#(mirror)}}"#, apiVersion: "2022-02-01-preview")
        #expect(routed.status == 200, "\(routed.text)")
        let uri = try #require(routed.json["properties"]?["scoringUri"]?.stringValue)
        let key = auth == "Key" ? try await server.arm("POST", "\(path)/listKeys", apiVersion: "2022-02-01-preview").json["primaryKey"]?.stringValue : nil
        return (uri, key)
    }

    static func post(_ server: TestServer, _ url: String, bearer: String?, body: Data = qaBody, headers: [String: String] = [:],
                     host: String? = nil) async throws -> HTTPResult {
        var all = headers.merging(["Content-Type": "application/json"]) { a, _ in a }
        if let bearer { all["Authorization"] = "Bearer \(bearer)" }
        let path = url.hasPrefix("http") ? String(url.dropFirst(server.url.count)) : url
        return try await server.client.send("POST", path, headers: all, body: body, hostHeader: host)
    }

    @Test func theScoringURIWorksVerbatimAndUnderAzuresHost() async throws {
        let server = try await Self.start()
        defer { Task { await server.stop() } }
        let (uri, key) = try await Self.endpoint(server, deployments: [("blue", Self.qa, "Standard_DS3_v2", "")], traffic: #"{"blue":100}"#)
        #expect(uri == server.url + "/online/eastus/scorer/score")
        let scored = try await Self.post(server, uri, bearer: key)
        #expect(scored.status == 200, "\(scored.text)")
        #expect(scored.json[0]?["answer"] == "The sky is blue today." && scored.json[0]?["start"] == 16 && scored.json[0]?["end"] == 38)
        #expect(scored.header("azureml-model-deployment") == "blue")
        let hosted = try await Self.post(server, "/score", bearer: key, host: "scorer.eastus.inference.ml.azure.com")
        #expect(hosted.status == 200 && hosted.json == scored.json)
        let swagger = try await server.client.send("GET", "/online/eastus/scorer/swagger.json", headers: ["Authorization": "Bearer \(key ?? "")"])
        #expect(swagger.status == 200 && swagger.json["paths"]?["/score"] != nil)
        let unknown = try await Self.post(server, "/online/eastus/nobody/score", bearer: key)
        #expect(unknown.status == 404 && unknown.json["error"]?["code"] == "EndpointNotFound")
        let wrongMethod = try await server.client.send("GET", "/online/eastus/scorer/score", headers: ["Authorization": "Bearer \(key ?? "")"])
        #expect(wrongMethod.status == 405)
        // As on every inference route, a body declared as something other than JSON is 415.
        let text = try await Self.post(server, uri, bearer: key, headers: ["Content-Type": "text/plain"])
        #expect(text.status == 415 && text.json["error"]?["code"] == "UnsupportedMediaType")
    }

    @Test func authFollowsTheEndpointsMode() async throws {
        let server = try await Self.start { $0.manualClock = true }
        defer { Task { await server.stop() } }
        let (uri, key) = try await Self.endpoint(server, deployments: [("blue", Self.qa, "Standard_DS3_v2", "")], traffic: #"{"blue":100}"#)
        #expect(try await Self.post(server, uri, bearer: nil).status == 401)
        #expect(try await Self.post(server, uri, bearer: "wrong-key").json["error"]?["code"] == "Unauthorized")
        // Key auth takes keys only: a token is refused.
        let now = server.server.engine.clock.now()
        let aad = try server.server.tokens.issue(resource: "https://ml.azure.com", clientID: "app", issuerBase: server.url, now: now).value
        #expect(try await Self.post(server, uri, bearer: aad).status == 401)
        _ = key
        // AMLToken: a token from the token action, until it expires on the engine's clock.
        let (tokenURI, _) = try await Self.endpoint(server, "tokened", auth: "AMLToken", deployments: [("blue", Self.qa, "Standard_DS3_v2", "")],
                                                    traffic: #"{"blue":100}"#)
        let token = try #require(try await server.arm("POST", "\(Self.ws)/onlineEndpoints/tokened/token", apiVersion: "2022-02-01-preview").json["accessToken"]?.stringValue)
        #expect(try await Self.post(server, tokenURI, bearer: token).status == 200)
        #expect(try await Self.post(server, tokenURI, bearer: aad).status == 401)
        _ = try await server.client.send("POST", "/_cerulean/clock/advance", body: Data(#"{"seconds":3601}"#.utf8))
        let expired = try await Self.post(server, tokenURI, bearer: token)
        #expect(expired.status == 401 && expired.json["error"]?["message"]?.stringValue?.contains("expired") == true)
        // AADToken: an Entra token for https://ml.azure.com, not a key, not another audience.
        _ = try await Self.endpoint(server, "entra", auth: "AADToken", deployments: [("blue", Self.qa, "Standard_DS3_v2", "")], traffic: #"{"blue":100}"#)
        let later = server.server.engine.clock.now()
        let fresh = try server.server.tokens.issue(resource: "https://ml.azure.com", clientID: "app", issuerBase: server.url, now: later).value
        let arm = try server.server.tokens.issue(resource: "https://management.azure.com/", clientID: "app", issuerBase: server.url, now: later).value
        #expect(try await Self.post(server, "/online/eastus/entra/score", bearer: fresh).status == 200)
        #expect(try await Self.post(server, "/online/eastus/entra/score", bearer: arm).status == 401)
        #expect(try await Self.post(server, "/online/eastus/entra/score", bearer: token).status == 401)
    }

    @Test func routingFollowsWeightsHeaderAndMirror() async throws {
        let server = try await Self.start()
        defer { Task { await server.stop() } }
        let (uri, key) = try await Self.endpoint(server, deployments: [("blue", Self.qa, "Standard_DS3_v2", ""), ("green", Self.qa, "Standard_DS3_v2", ""),
                                                                       ("shadow", Self.qa, "Standard_DS3_v2", "")],
                                                 traffic: #"{"blue":70,"green":30,"shadow":0}"#, mirror: #"{"shadow":20}"#)
        var seen: [String] = []
        for i in 0..<50 {
            let r = try await Self.post(server, uri, bearer: key, headers: ["x-ms-client-request-id": "route-\(i)"])
            #expect(r.status == 200)
            seen.append(r.header("azureml-model-deployment") ?? "?")
        }
        for i in [0, 7, 19, 42] {
            let again = try await Self.post(server, uri, bearer: key, headers: ["x-ms-client-request-id": "route-\(i)"])
            #expect(again.header("azureml-model-deployment") == seen[i], "the same request id lands on the same deployment")
        }
        #expect(Set(seen) == ["blue", "green"], "a 0 % deployment gets no live traffic")
        #expect(seen.filter { $0 == "blue" }.count > seen.filter { $0 == "green" }.count)
        // The header bypasses the weights (a 0 % deployment too); an unknown one is a 404.
        let forced = try await Self.post(server, uri, bearer: key, headers: ["azureml-model-deployment": "shadow"])
        #expect(forced.status == 200 && forced.header("azureml-model-deployment") == "shadow")
        let missing = try await Self.post(server, uri, bearer: key, headers: ["azureml-model-deployment": "purple"])
        #expect(missing.status == 404 && missing.json["error"]?["code"] == "DeploymentNotFound")
        // Mirrored copies reached the shadow deployment without answering anyone.
        let shadowID = "\(Self.ws)/onlineEndpoints/scorer/deployments/shadow"
        let counts = server.server.inference.onlineTraffic.counts(deploymentID: shadowID)
        #expect(counts.served == 1 && counts.mirrored > 0 && counts.mirrored < 54, "\(counts)")
        // No positive weight: the documented 404.
        _ = try await server.arm("PUT", "\(Self.ws)/onlineEndpoints/scorer", body: #"{"location":"eastus","properties":{"authMode":"Key","traffic":{}}}"#,
                                 apiVersion: "2022-02-01-preview")
        let none = try await Self.post(server, uri, bearer: key)
        #expect(none.status == 404 && none.json["error"]?["message"]?.stringValue?.hasPrefix("The endpoint doesn't have any valid deployment with positive weight.") == true)
    }

    @Test func concurrencyGets429AndSlowRequests408() async throws {
        let server = try await Self.start()
        defer { Task { await server.stop() } }
        let (uri, key) = try await Self.endpoint(server, deployments: [
            ("slow", Self.qa, "Standard_DS3_v2", #","requestSettings":{"maxConcurrentRequestsPerInstance":1,"requestTimeout":"PT5S"}"#),
            ("late", Self.qa, "Standard_DS3_v2", #","requestSettings":{"requestTimeout":"PT0.2S"}"#),
        ], traffic: #"{"slow":100}"#)
        for name in ["slow", "late"] {
            _ = try await server.client.send("PUT", "/_cerulean/endpoints/\(name)/latency", body: Data(#"{"firstTokenMs":600,"perTokenMs":0}"#.utf8))
        }
        // 2 x 1 request per instance x 1 instance may be in flight; a third at once is refused.
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<3 { group.addTask { try await Self.post(server, uri, bearer: key).status } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.sorted() == [200, 200, 429], "\(statuses)")
        #expect(try await Self.post(server, uri, bearer: key).status == 200, "slots are freed once answers are written")
        let late = try await Self.post(server, uri, bearer: key, headers: ["azureml-model-deployment": "late"])
        #expect(late.status == 408 && late.json["error"]?["code"] == "RequestTimeout", "\(late.text)")
    }

    @Test func eachModelAnswersInItsFormat() async throws {
        let server = try await Self.start()
        defer { Task { await server.stop() } }
        let (uri, key) = try await Self.endpoint(server, deployments: [("phi", Self.phi, "Standard_NC24ads_A100_v4", ""), ("llama", Self.llama, "Standard_NC24ads_A100_v4", "")],
                                                 traffic: #"{"phi":100}"#)
        let base = String(uri.dropLast("/score".count))
        let chat = try await Self.post(server, base + "/v1/chat/completions", bearer: key,
                                       body: Data(#"{"model":"Phi-3-mini-4k-instruct","messages":[{"role":"user","content":"hello"}]}"#.utf8))
        #expect(chat.status == 200 && chat.json["model"] == "Phi-3-mini-4k-instruct", "\(chat.text)")
        #expect(chat.json["choices"]?[0]?["message"]?["content"]?.stringValue?.hasPrefix("This is a simulated reply") == true)
        let completion = try await Self.post(server, base + "/v1/completions", bearer: key, body: Data(#"{"prompt":"Once upon a time"}"#.utf8))
        #expect(completion.status == 200 && completion.json["object"] == "text_completion", "\(completion.text)")
        let scoredChat = try await Self.post(server, uri, bearer: key, body: Data(#"{"messages":[{"role":"user","content":"hello"}]}"#.utf8))
        #expect(scoredChat.json["choices"]?[0]?["message"] == chat.json["choices"]?[0]?["message"])
        let llama = ["azureml-model-deployment": "llama"]
        let output = try await Self.post(server, uri, bearer: key, body: Data(#"{"input_data":{"input_string":[{"role":"user","content":"hello"}],"parameters":{"temperature":0.6,"max_new_tokens":200}}}"#.utf8), headers: llama)
        #expect(output.status == 200 && output.json["output"]?.stringValue?.hasPrefix("This is a simulated reply") == true, "\(output.text)")
        let texts = try await Self.post(server, uri, bearer: key, body: Data(#"{"input_data":{"input_string":["one","two"]}}"#.utf8), headers: llama)
        #expect(texts.json.arrayValue?.count == 2)
        let bad = try await Self.post(server, uri, bearer: key, body: Data(#"{"prompt":"hello"}"#.utf8), headers: llama)
        #expect(bad.status == 424 && bad.header("ms-azureml-model-error-statuscode") == "400")
        #expect(bad.json["error"]?["message"]?.stringValue?.hasPrefix("Expected input format") == true)
        let notServed = try await Self.post(server, base + "/v1/chat/completions", bearer: key, headers: llama)
        #expect(notServed.status == 404)
        let notJSON = try await Self.post(server, uri, bearer: key, body: Data("{oops".utf8))
        #expect(notJSON.status == 400)
        // Scripted replies and faults apply as for every endpoint.
        _ = try await server.client.send("POST", "/_cerulean/endpoints/phi/replies", body: Data(#"{"replies":[{"content":"canned!"}]}"#.utf8))
        let canned = try await Self.post(server, base + "/v1/chat/completions", bearer: key, body: Data(#"{"messages":[{"role":"user","content":"hi"}]}"#.utf8))
        #expect(canned.json["choices"]?[0]?["message"]?["content"] == "canned!")
        let plan = try await server.client.send("POST", "/_cerulean/faults", body: Data(#"{"rules":[{"plane":"inference","operation":"score","namePattern":"scorer","effect":{"kind":"status","status":503}}]}"#.utf8))
        #expect(plan.status == 200, "\(plan.text)")
        #expect(try await Self.post(server, uri, bearer: key, body: Data(#"{"messages":[{"role":"user","content":"hi"}]}"#.utf8)).status == 503)
    }

    @Test func aDeploymentStillProvisioningIsNotRouted() async throws {
        let server = try await Self.start { $0.manualClock = true; $0.policies.set(.init(timing: .afterSeconds(30)), for: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments") }
        defer { Task { await server.stop() } }
        let (uri, key) = try await Self.endpoint(server, deployments: [("blue", Self.qa, "Standard_DS3_v2", "")], traffic: #"{"blue":100}"#)
        let early = try await Self.post(server, uri, bearer: key)
        #expect(early.status == 409 && early.json["error"]?["code"] == "DeploymentNotReady", "\(early.text)")
        _ = try await server.client.send("POST", "/_cerulean/clock/advance", body: Data(#"{"seconds":30}"#.utf8))
        #expect(try await Self.post(server, uri, bearer: key).status == 200, "ready once its time has passed, without a poll")
    }

    @Test func thePolicySetIsSwitchedAtRunTimeAndTheRegistryLookUpIsAnswered() async throws {
        let server = try await Self.start()
        defer { Task { await server.stop() } }
        let on = try await server.client.send("PUT", "/_cerulean/provisioning", body: Data(#"{"policySet":"azure-like"}"#.utf8))
        #expect(on.status == 200 && on.json["policySet"] == "azure-like", "\(on.text)")
        #expect(on.json["policySetTypes"]?["microsoft.machinelearningservices/workspaces/onlineendpoints/deployments"] == "after:480s")
        let wrong = try await server.client.send("PUT", "/_cerulean/provisioning", body: Data(#"{"policySet":"glacial"}"#.utf8))
        #expect(wrong.status == 400)
        let off = try await server.client.send("PUT", "/_cerulean/provisioning", body: Data(#"{"policySet":null}"#.utf8))
        #expect(off.json["policySet"] == .null && off.json["policySetTypes"] == [:])
        let discovery = try await server.client.send("GET", "/registrymanagement/v1.0/registries/azureml/discovery", headers: ["Authorization": "Bearer t"])
        #expect(discovery.status == 200 && discovery.json["primaryRegionResourceProviderUri"] == .string(server.url + "/"))
        let version = "/mferp/managementfrontend/subscriptions/s/resourceGroups/registry-azureml/providers/Microsoft.MachineLearningServices/registries/azureml/models/deepset-roberta-base-squad2/versions/17"
        let found = try await server.client.send("GET", version + "?api-version=2021-10-01-dataplanepreview", headers: ["Authorization": "Bearer t"])
        #expect(found.status == 200 && found.json["properties"]?["modelUri"] == .string(Self.qa))
        let missing = try await server.client.send("GET", version.replacingOccurrences(of: "/17", with: "/99"), headers: ["Authorization": "Bearer t"])
        #expect(missing.status == 404 && missing.json["error"]?["code"] == "ResourceNotFound")
        #expect(try await server.client.send("GET", "/registrymanagement/v1.0/registries/azureml/discovery").status == 401)
    }
}
