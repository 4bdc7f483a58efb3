import CeruleanJSON
import Foundation
import Inference
import Synchronization
import Testing

/// Strict mode's data-action check as the data plane asks it: which permission each route needs,
/// at which scope, for whom; the `PermissionDenied` refusal; key-authenticated calls never asking.
@Suite struct DataActionTests {
    typealias H = InferenceHarness
    static let accountID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/acct"
    static let onlineID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w/onlineEndpoints/ep"
    static let accountKey = "account-key-1-000000000000000000"
    static let onlineKey = "online-key-1-000000000000000000"
    /// A JWT-shaped value (three dot-separated parts) the fake verifier accepts.
    static let token = "header.app-oid.signature"

    /// One account (deployments `chat`, `embed`) and two online endpoints (`ep` in AADToken mode, `keyed` in Key mode).
    struct Source: EndpointSource {
        func endpoint(region: String, name: String) async throws -> InferenceEndpoint? { nil }
        func endpoint(named name: String) async throws -> InferenceEndpoint? { nil }

        func account(_ host: AccountHost, keys: [String]) async throws -> InferenceAccount? {
            guard host == .subdomain("acct") else { return nil }
            return InferenceAccount(id: DataActionTests.accountID, name: "acct", kind: "AIServices", key1: DataActionTests.accountKey,
                                    key2: DataActionTests.accountKey + "-2", localAuthDisabled: false, publicNetworkAccess: true,
                                    deployments: ["chat": H.endpoint("chat"), "embed": H.endpoint("embed", task: .embeddings)])
        }

        func online(region: String, name: String) async throws -> InferenceOnlineEndpoint? {
            let mode: InferenceOnlineEndpoint.AuthMode = name == "ep" ? .aadToken : .key
            let deployment = InferenceOnlineDeployment(name: "blue", model: H.endpoint("blue"), scoring: .chatCompletions,
                                                       maxInFlight: 10, requestTimeout: .seconds(5))
            return InferenceOnlineEndpoint(id: name == "ep" ? DataActionTests.onlineID : DataActionTests.onlineID + "2", name: name,
                                           region: region, authMode: mode, primaryKey: DataActionTests.onlineKey, secondaryKey: "other",
                                           tokens: [:], traffic: [.init(deployment: "blue", percent: 100)], mirror: nil,
                                           deployments: ["blue": deployment], availability: .ready)
        }
    }

    /// Accepts `token` for any audience; the principal's object id is its middle part.
    struct Verifier: DataPlaneTokenVerifier {
        func principal(of token: String, audiences: [String]) -> TokenPrincipal? {
            guard token == DataActionTests.token else { return nil }
            return TokenPrincipal(objectID: "app-oid", displayName: "app-oid")
        }
    }

    /// Records every question and answers from a fixed list of allowed actions.
    final class Check: DataActionCheck {
        let allowed: Set<String>
        let asked = Mutex<[(TokenPrincipal, DataPermission, String)]>([])

        init(allowing allowed: Set<String> = []) { self.allowed = allowed }

        func allows(_ principal: TokenPrincipal, _ permission: DataPermission, at scope: String) async throws -> Bool {
            asked.withLock { $0.append((principal, permission, scope)) }
            return allowed.contains(permission.action)
        }

        var questions: [(TokenPrincipal, DataPermission, String)] { asked.withLock { $0 } }
    }

    static func service(_ check: Check?) -> InferenceService {
        InferenceService(source: Source(), tokenVerifier: Verifier(), dataActions: check)
    }

    static func account(_ service: InferenceService, _ op: InferenceCall.Operation, style: InferenceCall.Style,
                        choice: InferenceCall.DeploymentChoice, headers: [String: String], model: String = "chat") async -> InferenceResponse {
        let body: JSON = op == .embeddings ? ["model": .string(model), "input": "hi"] : ["model": .string(model), "messages": [["role": "user", "content": "hi"]]]
        return await service.handle(InferenceCall(
            operation: op, style: style, target: .account(.subdomain("acct"), deployment: choice), method: op == .info ? "GET" : "POST",
            headers: headers, apiVersion: style == .openAIv1 ? nil : "2024-10-21", body: op == .info ? Data() : body.serialized()))
    }

    static func online(_ service: InferenceService, _ name: String, headers: [String: String]) async -> InferenceResponse {
        let body: JSON = ["messages": [["role": "user", "content": "hi"]]]
        return await service.handle(InferenceCall(
            operation: .score, style: .modelInference, target: .online(region: "eastus2", name: name), method: "POST", headers: headers,
            apiVersion: nil, body: body.serialized()))
    }

    static let bearer = ["authorization": "Bearer \(token)"]
    static let chatAction = "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action"

    @Test func aTokenWithTheDataActionIsServedAndTheCheckIsAskedAtTheAccount() async {
        let check = Check(allowing: [Self.chatAction])
        let r = await Self.account(Self.service(check), .chatCompletions, style: .azureOpenAI, choice: .path("chat"), headers: Self.bearer)
        #expect(r.status == 200)
        let asked = check.questions
        #expect(asked.count == 1)
        #expect(asked.first?.0 == TokenPrincipal(objectID: "app-oid", displayName: "app-oid"))
        #expect(asked.first?.1 == DataPermission(action: Self.chatAction, isDataAction: true,
                                                 operation: "POST /openai/deployments/{deployment-id}/chat/completions"))
        #expect(asked.first?.2 == Self.accountID)
    }

    @Test func aTokenWithoutItGetsPermissionDenied() async {
        let r = await Self.account(Self.service(Check()), .chatCompletions, style: .azureOpenAI, choice: .path("chat"), headers: Self.bearer)
        #expect(r.status == 401)
        #expect(r.header("x-ms-error-code") == "PermissionDenied")
        #expect(r.json == ["error": [
            "code": "PermissionDenied",
            "message": .string("The principal `app-oid` lacks the required data action `\(Self.chatAction)` to perform `POST /openai/deployments/{deployment-id}/chat/completions` operation."),
        ]])
    }

    @Test func eachRouteNamesItsActionAndTemplate() async {
        let cases: [(InferenceCall.Operation, InferenceCall.Style, InferenceCall.DeploymentChoice, String, String, String)] = [
            (.embeddings, .azureOpenAI, .path("embed"), "embed", "Microsoft.CognitiveServices/accounts/OpenAI/deployments/embeddings/action",
             "POST /openai/deployments/{deployment-id}/embeddings"),
            (.chatCompletions, .openAIv1, .body, "chat", Self.chatAction, "POST /openai/v1/chat/completions"),
            (.chatCompletions, .modelInference, .model, "chat", "Microsoft.CognitiveServices/accounts/MaaS/chat/completions/action",
             "POST /models/chat/completions"),
            (.embeddings, .modelInference, .model, "embed", "Microsoft.CognitiveServices/accounts/MaaS/embeddings/action", "POST /models/embeddings"),
        ]
        for (op, style, choice, model, action, template) in cases {
            let check = Check()
            let refused = await Self.account(Self.service(check), op, style: style, choice: choice, headers: Self.bearer, model: model)
            #expect(refused.status == 401, "\(template)")
            #expect(refused.errorMessage == "The principal `app-oid` lacks the required data action `\(action)` to perform `\(template)` operation.")
            let allowed = await Self.account(Self.service(Check(allowing: [action])), op, style: style, choice: choice, headers: Self.bearer, model: model)
            #expect(allowed.status == 200, "\(template): \(String(describing: allowed.json))")
        }
    }

    @Test func keysDoNoPermissionWork() async {
        let check = Check()
        let service = Self.service(check)
        for headers in [["api-key": Self.accountKey], ["authorization": "Bearer \(Self.accountKey)"]] {
            #expect(await Self.account(service, .chatCompletions, style: .azureOpenAI, choice: .path("chat"), headers: headers).status == 200)
            #expect(await Self.account(service, .chatCompletions, style: .modelInference, choice: .model, headers: headers).status == 200)
        }
        #expect(await Self.online(service, "keyed", headers: ["authorization": "Bearer \(Self.onlineKey)"]).status == 200)
        #expect(check.questions.isEmpty)
        // A bad key is still a bad key, not a permission question.
        #expect(await Self.account(service, .chatCompletions, style: .azureOpenAI, choice: .path("chat"), headers: ["api-key": "nope"]).status == 401)
        #expect(check.questions.isEmpty)
    }

    @Test func lenientModeLetsAnyValidTokenCall() async {
        #expect(await Self.account(Self.service(nil), .chatCompletions, style: .azureOpenAI, choice: .path("chat"), headers: Self.bearer).status == 200)
        #expect(await Self.online(Self.service(nil), "ep", headers: Self.bearer).status == 200)
    }

    @Test func onlineEndpointsInAADTokenModeNeedScoreAction() async {
        let score = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/score/action"
        let check = Check()
        let refused = await Self.online(Self.service(check), "ep", headers: Self.bearer)
        #expect(refused.status == 401)
        #expect(refused.json == ["error": [
            "code": "PermissionDenied",
            "message": .string("The principal `app-oid` lacks the required action `\(score)` to perform `POST /score` operation."),
        ]])
        #expect(check.questions.first?.1 == DataPermission(action: score, isDataAction: false, operation: "POST /score"))
        #expect(check.questions.first?.2 == Self.onlineID)
        #expect(await Self.online(Self.service(Check(allowing: [score])), "ep", headers: Self.bearer).status == 200)
        // An invalid token is refused before any permission question.
        let stranger = Check()
        #expect(await Self.online(Self.service(stranger), "ep", headers: ["authorization": "Bearer a.b.c"]).status == 401)
        #expect(stranger.questions.isEmpty)
    }
}
