import ARM
import CeruleanJSON
import CeruleanTestSupport
import Foundation
import Identity
import Testing

/// `--auth strict` on the data plane through the real listener: Entra tokens on account
/// deployments and AADToken online endpoints need their action from a role assignment at the
/// resource or above; assignments added and removed take effect on the next call; keys never ask.
@Suite struct DataActionsOverHTTPSTests {
    static let sub = "/subscriptions/\(TestServer.subscription)"
    static let group = "\(sub)/resourceGroups/rg"
    static let account = "\(group)/providers/Microsoft.CognitiveServices/accounts/acct"
    static let workspace = "\(group)/providers/Microsoft.MachineLearningServices/workspaces/proj"
    static let endpoint = "\(workspace)/onlineEndpoints/aad-ep"
    static let openAIUser = "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"
    static let dataScientist = "f6c7c914-8db3-469d-8ca1-694a8f32e121"
    static let reader = "acdd72a7-3385-48ef-bd42-f606fba81ae7"
    static let chatAction = "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action"
    static let chatBody = Data(#"{"messages":[{"role":"user","content":"hello there"}]}"#.utf8)

    func token(_ server: TestServer, scope: String, client: String) async throws -> String {
        let body = "grant_type=client_credentials&client_id=\(client)&client_secret=s3cret&scope=\(scope.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? scope)"
        let r = try await server.client.send("POST", "/00000000-aaaa-bbbb-cccc-dddddddddddd/oauth2/v2.0/token",
                                             headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data(body.utf8))
        return try #require(r.json["access_token"]?.stringValue, "\(r.text)")
    }

    /// An ARM call as `cerulean-cli`, Owner of the subscription from the start.
    func owner(_ server: TestServer, _ method: String, _ path: String, body: String? = nil, apiVersion: String = "2025-09-01") async throws -> HTTPResult {
        let token = try await token(server, scope: server.url + "/.default", client: "cerulean-cli")
        return try await server.arm(method, path, body: body, apiVersion: apiVersion, headers: ["Authorization": "Bearer \(token)"])
    }

    func assign(_ server: TestServer, _ role: String, to principal: String, at scope: String) async throws -> String {
        let name = UUID().uuidString.lowercased()
        let r = try await owner(server, "PUT", "\(scope)/providers/Microsoft.Authorization/roleAssignments/\(name)",
                                body: #"{"properties":{"roleDefinitionId":"\#(Self.sub)/providers/Microsoft.Authorization/roleDefinitions/\#(role)","principalId":"\#(principal)","principalType":"ServicePrincipal"}}"#,
                                apiVersion: "2022-04-01")
        #expect(r.status == 201, "\(r.text)")
        return "\(scope)/providers/Microsoft.Authorization/roleAssignments/\(name)"
    }

    func start() async throws -> TestServer {
        let server = try await TestServer.start {
            $0.strictAuth = true
            $0.policies.set(.immediate, for: nil)
        }
        #expect(try await owner(server, "PUT", Self.group, body: #"{"location":"eastus"}"#, apiVersion: "2024-04-01").status == 201)
        return server
    }

    func post(_ server: TestServer, _ path: String, _ headers: [String: String]) async throws -> HTTPResult {
        try await server.client.send("POST", path, headers: headers.merging(["Content-Type": "application/json"]) { a, _ in a }, body: Self.chatBody)
    }

    @Test func accountDeploymentsCheckDataActionsAtTheAccountAndAbove() async throws {
        let server = try await start()
        defer { Task { await server.stop() } }
        let account = try await owner(server, "PUT", Self.account, body: #"{"kind":"AIServices","sku":{"name":"S0"},"location":"eastus","properties":{"customSubDomainName":"acct-sub"}}"#)
        #expect(account.status == 201, "\(account.text)")
        #expect(try await owner(server, "PUT", "\(Self.account)/deployments/chat", body: #"{"sku":{"name":"Standard","capacity":10},"properties":{"model":{"format":"OpenAI","name":"gpt-4o","version":"2024-11-20"}}}"#).status == 201)
        let endpoint = try #require(account.json["properties"]?["endpoint"]?.stringValue).dropFirst(server.url.count)
        let chat = "\(endpoint)openai/deployments/chat/chat/completions?api-version=2024-10-21"
        let app = TokenIssuer.objectID(forClient: "data-app")
        let bearer = ["Authorization": "Bearer \(try await token(server, scope: "https://cognitiveservices.azure.com/.default", client: "data-app"))"]

        let refused = try await post(server, chat, bearer)
        #expect(refused.status == 401)
        #expect(refused.json == ["error": [
            "code": "PermissionDenied",
            "message": .string("The principal `\(app)` lacks the required data action `\(Self.chatAction)` to perform `POST /openai/deployments/{deployment-id}/chat/completions` operation."),
        ]])
        // Reader at the account carries no data action; Owner's `*` never grants one.
        let reading = try await assign(server, Self.reader, to: app, at: Self.account)
        #expect(try await post(server, chat, bearer).errorCode == "PermissionDenied")
        let ownerToken = try await token(server, scope: "https://cognitiveservices.azure.com/.default", client: "cerulean-cli")
        #expect(try await post(server, chat, ["Authorization": "Bearer \(ownerToken)"]).errorCode == "PermissionDenied")

        // The assignment applies at once (the cache is invalidated), and from the group above too.
        let user = try await assign(server, Self.openAIUser, to: app, at: Self.account)
        let served = try await post(server, chat, bearer)
        #expect(served.status == 200, "\(served.text)")
        #expect(served.json["choices"]?[0]?["message"]?["content"]?.stringValue?.isEmpty == false)
        // OpenAI User has no MaaS action: the model inference route stays closed.
        let models = "\(endpoint)models/chat/completions?api-version=2024-05-01-preview"
        let maas = try await post(server, models, bearer.merging(["x-ms-model-mesh-model-name": "chat"]) { a, _ in a })
        #expect(maas.status == 401)
        #expect(maas.json["error"]?["message"]?.stringValue?.contains("`Microsoft.CognitiveServices/accounts/MaaS/chat/completions/action` to perform `POST /models/chat/completions`") == true)
        #expect(try await owner(server, "DELETE", user, apiVersion: "2022-04-01").status == 200)
        #expect(try await post(server, chat, bearer).errorCode == "PermissionDenied")
        _ = try await assign(server, Self.openAIUser, to: app, at: Self.group)
        #expect(try await post(server, chat, bearer).status == 200)
        #expect(try await owner(server, "DELETE", reading, apiVersion: "2022-04-01").status == 200)
        #expect(try await post(server, chat, bearer).status == 200)

        // A custom role: changing its dataActions applies to the next call too.
        let custom = UUID().uuidString.lowercased()
        func define(_ dataActions: String) async throws -> HTTPResult {
            try await owner(server, "PUT", "\(Self.group)/providers/Microsoft.Authorization/roleDefinitions/\(custom)",
                            body: #"{"properties":{"roleName":"Chat caller","assignableScopes":["\#(Self.group)"],"permissions":[{"actions":[],"notActions":[],"dataActions":\#(dataActions),"notDataActions":[]}]}}"#,
                            apiVersion: "2022-04-01")
        }
        #expect(try await define(#"["Microsoft.CognitiveServices/accounts/OpenAI/deployments/*/action"]"#).status == 201)
        let other = TokenIssuer.objectID(forClient: "custom-app")
        let otherBearer = ["Authorization": "Bearer \(try await token(server, scope: "https://cognitiveservices.azure.com/.default", client: "custom-app"))"]
        #expect(try await post(server, chat, otherBearer).errorCode == "PermissionDenied")
        _ = try await assign(server, custom, to: other, at: Self.account)
        #expect(try await post(server, chat, otherBearer).status == 200)
        let narrowed = try await define(#"["Microsoft.CognitiveServices/accounts/OpenAI/deployments/embeddings/action"]"#)
        #expect(narrowed.status == 201, "\(narrowed.text)")
        #expect(try await post(server, chat, otherBearer).errorCode == "PermissionDenied")

        // Keys need no role at all.
        let key = try #require(try await owner(server, "POST", "\(Self.account)/listKeys").json["key1"]?.stringValue)
        #expect(try await post(server, chat, ["api-key": key]).status == 200)
        #expect(try await post(server, models, ["api-key": key, "x-ms-model-mesh-model-name": "chat"]).status == 200)
    }

    @Test func aadTokenOnlineEndpointsNeedScoreAction() async throws {
        let server = try await start()
        defer { Task { await server.stop() } }
        #expect(try await owner(server, "PUT", Self.workspace, body: #"{"location":"eastus"}"#, apiVersion: "2024-04-01").status == 201)
        let created = try await owner(server, "PUT", Self.endpoint, body: #"{"location":"eastus","properties":{"authMode":"AADToken"}}"#, apiVersion: "2022-02-01-preview")
        #expect(created.status == 201, "\(created.text)")
        let deployment = try await owner(server, "PUT", "\(Self.endpoint)/deployments/blue", body: #"{"location":"eastus","sku":{"name":"Default","capacity":1},"properties":{"endpointComputeType":"Managed","model":"azureml://registries/azureml/models/Phi-3-mini-4k-instruct/versions/15","instanceType":"Standard_NC24ads_A100_v4"}}"#, apiVersion: "2023-04-01-preview")
        #expect(deployment.status == 201, "\(deployment.text)")
        let routed = try await owner(server, "PUT", Self.endpoint, body: #"{"location":"eastus","properties":{"authMode":"AADToken","traffic":{"blue":100}}}"#, apiVersion: "2022-02-01-preview")
        let uri = try #require(routed.json["properties"]?["scoringUri"]?.stringValue).dropFirst(server.url.count)
        let app = TokenIssuer.objectID(forClient: "scoring-app")
        let bearer = ["Authorization": "Bearer \(try await token(server, scope: "https://ml.azure.com/.default", client: "scoring-app"))"]

        let refused = try await post(server, String(uri), bearer)
        #expect(refused.status == 401)
        #expect(refused.json == ["error": [
            "code": "PermissionDenied",
            "message": .string("The principal `\(app)` lacks the required action `Microsoft.MachineLearningServices/workspaces/onlineEndpoints/score/action` to perform `POST /score` operation."),
        ]])
        // score/action is a control-plane action: Owner holds it, and AzureML Data Scientist at the workspace grants it.
        let ownerToken = try await token(server, scope: "https://ml.azure.com/.default", client: "cerulean-cli")
        #expect(try await post(server, String(uri), ["Authorization": "Bearer \(ownerToken)"]).status == 200)
        let granted = try await assign(server, Self.dataScientist, to: app, at: Self.workspace)
        let served = try await post(server, String(uri), bearer)
        #expect(served.status == 200, "\(served.text)")
        #expect(served.header("azureml-model-deployment") == "blue")
        #expect(try await owner(server, "DELETE", granted, apiVersion: "2022-04-01").status == 200)
        #expect(try await post(server, String(uri), bearer).errorCode == "PermissionDenied")
    }

    /// A token's signature is verified once; its expiry and audience are still checked on every call.
    @Test func aVerifiedTokenStillExpiresAndKeepsItsAudience() async throws {
        let clock = ManualClock(Date())
        let server = try await TestServer.start(clock: clock) { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        let (endpoint, _) = try await CognitiveDataPlaneTests().setUp(server)
        let chat = String(endpoint.dropFirst(server.url.count)) + "openai/deployments/chat/chat/completions?api-version=2024-10-21"
        _ = try await server.arm("PUT", OnlineScoringTests.ws, body: #"{"location":"eastus"}"#)
        let (uri, _) = try await OnlineScoringTests.endpoint(server, "entra", auth: "AADToken", deployments: [("blue", OnlineScoringTests.qa, "Standard_DS3_v2", "")],
                                                            traffic: #"{"blue":100}"#)
        let score = String(uri.dropFirst(server.url.count))
        let cognitive = try await token(server, scope: "https://cognitiveservices.azure.com/.default", client: "expiring-app")
        let bearer = ["Authorization": "Bearer \(cognitive)"]
        #expect(try await post(server, chat, bearer).status == 200)
        #expect(try await post(server, chat, bearer).status == 200)
        // Accepted (and kept) by the account, the token is still not for the online endpoint's audience.
        #expect(try await post(server, score, bearer).status == 401)
        let ml = ["Authorization": "Bearer \(try await token(server, scope: "https://ml.azure.com/.default", client: "expiring-app"))"]
        let qa = Data(#"{"inputs":{"question":["What is blue?"],"context":["The sky is blue."]}}"#.utf8)
        #expect(try await server.client.send("POST", score, headers: ml.merging(["Content-Type": "application/json"]) { a, _ in a }, body: qa).status == 200)
        clock.advance(by: 3601)
        let expired = try await post(server, chat, bearer)
        #expect(expired.status == 401)
        #expect(expired.json["error"]?["message"]?.stringValue?.contains("have expired") == true)
        let storage = try await token(server, scope: "https://storage.azure.com/.default", client: "expiring-app")
        #expect(try await post(server, chat, ["Authorization": "Bearer \(storage)"]).status == 401)
    }
}
