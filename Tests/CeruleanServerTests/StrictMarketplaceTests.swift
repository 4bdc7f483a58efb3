import ARM
import CeruleanJSON
import CeruleanTestSupport
import Foundation
import Identity
import Testing

/// `--auth strict` and the serverless how-to's permission list: subscribing a workspace to a
/// marketplace offer checks the whole list at the subscription, the group and the workspace, and
/// names the first missing action; the how-to's custom role is enough, Azure AI Developer is not
/// (it has no marketplace actions), and an operation poll is not checked again.
@Suite struct StrictMarketplaceTests {
    static let sub = "/subscriptions/\(TestServer.subscription)"
    static let rg = sub + "/resourceGroups/market-rg"
    static let ws = rg + "/providers/Microsoft.MachineLearningServices/workspaces/market-ws"
    static let llama = "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct"
    static let seedActions = [
        "Microsoft.MarketplaceOrdering/agreements/offers/plans/read", "Microsoft.MarketplaceOrdering/agreements/offers/plans/sign/action",
        "Microsoft.MarketplaceOrdering/offerTypes/publishers/offers/plans/agreements/read",
        "Microsoft.Marketplace/offerTypes/publishers/offers/plans/agreements/read", "Microsoft.SaaS/register/action",
        "Microsoft.SaaS/resources/read", "Microsoft.SaaS/resources/write",
        "Microsoft.MachineLearningServices/workspaces/marketplaceModelSubscriptions/*",
        "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints/*",
    ]

    static func token(_ server: TestServer, _ client: String) async throws -> [String: String] {
        let scope = (server.url + "/.default").addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let r = try await server.client.send("POST", "/common/oauth2/v2.0/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                             body: Data("grant_type=client_credentials&client_id=\(client)&client_secret=s&scope=\(scope)".utf8))
        return ["Authorization": "Bearer " + (try #require(r.json["access_token"]?.stringValue))]
    }

    /// A custom role of `actions` at the subscription, assigned there to `client`.
    static func grant(_ server: TestServer, _ owner: [String: String], _ client: String, actions: [String], name: String) async throws {
        let roleName = UUID().uuidString.lowercased()
        let role = JSON.object(["properties": ["roleName": .string(name), "assignableScopes": [.string(sub)],
                                               "permissions": [["actions": .array(actions.map(JSON.string))]]]])
        let made = try await server.arm("PUT", sub + "/providers/Microsoft.Authorization/roleDefinitions/" + roleName,
                                        body: String(decoding: role.serialized(), as: UTF8.self), apiVersion: "2022-05-01-preview", headers: owner)
        #expect(made.status == 201)
        let roleID = try #require(made.json["id"]?.stringValue)
        let assigned = try await server.arm(
            "PUT", sub + "/providers/Microsoft.Authorization/roleAssignments/" + UUID().uuidString.lowercased(),
            body: #"{"properties":{"principalId":"\#(TokenIssuer.objectID(forClient: client))","roleDefinitionId":"\#(roleID)","principalType":"ServicePrincipal"}}"#,
            apiVersion: "2022-04-01", headers: owner)
        #expect(assigned.status == 201)
    }

    @Test func theHowTosListIsCheckedAcrossThreeScopesNamingTheFirstMissingAction() async throws {
        let clock = ManualClock()
        let server = try await TestServer.start(clock: clock) { $0.strictAuth = true }
        defer { Task { await server.stop() } }
        let owner = try await Self.token(server, "cerulean-cli")
        #expect(try await server.arm("PUT", Self.rg, body: #"{"location":"eastus2"}"#, apiVersion: "2022-09-01", headers: owner).status == 201)
        #expect(try await server.arm("PUT", Self.ws, body: #"{"location":"eastus2"}"#, apiVersion: "2024-04-01", headers: owner).status == 201)
        clock.advance(by: 120)
        let subscribe = { (who: [String: String]) in
            try await server.arm("PUT", Self.ws + "/marketplaceSubscriptions/llama", body: #"{"properties":{"modelId":"\#(Self.llama)"}}"#,
                                 apiVersion: "2024-04-01", headers: who)
        }
        // Without Microsoft.SaaS/resources/write the subscribe step names that action at the group.
        let short = try await Self.token(server, "short-deployer")
        try await Self.grant(server, owner, "short-deployer", actions: Self.seedActions.filter { $0 != "Microsoft.SaaS/resources/write" }, name: "Short")
        let refused = try await subscribe(short)
        let shortID = TokenIssuer.objectID(forClient: "short-deployer")
        #expect(refused.status == 403)
        #expect(refused.errorCode == "AuthorizationFailed")
        #expect(refused.json["error"]?["message"]?.stringValue == "The client '\(shortID)' with object id '\(shortID)' does not have authorization to perform action 'Microsoft.SaaS/resources/write' over scope '\(Self.rg)' or the scope is invalid. If access was recently granted, please refresh your credentials.")
        #expect(try await server.arm("GET", Self.ws + "/marketplaceSubscriptions/llama", apiVersion: "2024-04-01", headers: owner).status == 404)
        // Azure AI Developer has no marketplace action: the first of the list is missing.
        let developer = try await Self.token(server, "ai-developer")
        let developerRole = Self.sub + "/providers/Microsoft.Authorization/roleDefinitions/64702f94-c441-49e6-a78b-ef80e0188fee"
        #expect(try await server.arm("PUT", Self.ws + "/providers/Microsoft.Authorization/roleAssignments/" + UUID().uuidString.lowercased(),
                                     body: #"{"properties":{"principalId":"\#(TokenIssuer.objectID(forClient: "ai-developer"))","roleDefinitionId":"\#(developerRole)"}}"#,
                                     apiVersion: "2022-04-01", headers: owner).status == 201)
        let developerRefused = try await subscribe(developer)
        #expect(developerRefused.status == 403)
        #expect(developerRefused.json["error"]?["message"]?.stringValue?.contains(
            "'Microsoft.MarketplaceOrdering/agreements/offers/plans/read' over scope '\(Self.sub)'") == true)
        // The how-to's whole custom role is enough, and its operation can be polled.
        let full = try await Self.token(server, "full-deployer")
        try await Self.grant(server, owner, "full-deployer", actions: Self.seedActions, name: "Serverless Deployer")
        let made = try await subscribe(full)
        #expect(made.status == 201)
        let poll = try #require(made.header("Azure-AsyncOperation"))
        #expect(try await server.client.send("GET", String(poll.dropFirst(server.url.count)), headers: full).status == 200)
    }
}
