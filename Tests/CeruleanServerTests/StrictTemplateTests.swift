import ARM
import CeruleanJSON
import CeruleanTestSupport
import Foundation
import Identity
import Testing

/// `--auth strict` and what a request writes besides its target: a template deployment is checked
/// for every resource it plans before anything runs (`InvalidTemplateDeployment` with one
/// `AuthorizationFailed` per resource), and a project must be allowed to join its hub
/// (`LinkedAuthorizationFailed`).
@Suite struct StrictTemplateTests {
    static let sub = "/subscriptions/\(TestServer.subscription)"
    static let developerRole = sub + "/providers/Microsoft.Authorization/roleDefinitions/64702f94-c441-49e6-a78b-ef80e0188fee"
    static let workspaces = "/providers/Microsoft.MachineLearningServices/workspaces"

    static func assign(_ server: TestServer, _ owner: [String: String], scope: String, client: String, role: String) async throws {
        let r = try await server.arm("PUT", scope + "/providers/Microsoft.Authorization/roleAssignments/" + UUID().uuidString.lowercased(),
                                     body: #"{"properties":{"principalId":"\#(TokenIssuer.objectID(forClient: client))","roleDefinitionId":"\#(role)","principalType":"ServicePrincipal"}}"#,
                                     apiVersion: "2022-04-01", headers: owner)
        #expect(r.status == 201)
    }

    @Test func templatesAreCheckedForEveryResourceTheyWrite() async throws {
        let server = try await TestServer.start(clock: ManualClock()) { $0.strictAuth = true }
        defer { Task { await server.stop() } }
        let owner = try await StrictMarketplaceTests.token(server, "cerulean-cli")
        let group = Self.sub + "/resourceGroups/tpl-rg"
        #expect(try await server.arm("PUT", group, body: #"{"location":"eastus2"}"#, headers: owner).status == 201)
        let developer = try await StrictMarketplaceTests.token(server, "tpl-developer")
        try await Self.assign(server, owner, scope: group, client: "tpl-developer", role: Self.developerRole)
        // Azure AI Developer may deploy templates but not write workspaces (a notAction).
        let template = #"{"properties":{"mode":"Incremental","template":{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#","contentVersion":"1.0.0.0","resources":[{"type":"Microsoft.MachineLearningServices/workspaces","apiVersion":"2024-04-01","name":"tpl-ws","location":"eastus2","properties":{}}]}}}"#
        let refused = try await server.arm("PUT", group + "/providers/Microsoft.Resources/deployments/tpl", body: template,
                                           apiVersion: "2024-03-01", headers: developer)
        let oid = TokenIssuer.objectID(forClient: "tpl-developer")
        #expect(refused.status == 400)
        #expect(refused.errorCode == "InvalidTemplateDeployment")
        let detail = refused.json["error"]?["details"]?[0]
        #expect(detail?["code"] == "AuthorizationFailed")
        #expect(detail?["message"]?.stringValue == "Authorization failed for template resource 'tpl-ws' of type 'Microsoft.MachineLearningServices/workspaces'. The client '\(oid)' with object id '\(oid)' does not have permission to perform action 'Microsoft.MachineLearningServices/workspaces/write' at scope '\(group + Self.workspaces)/tpl-ws'.")
        #expect(try await server.arm("GET", group + "/providers/Microsoft.Resources/deployments/tpl", apiVersion: "2024-03-01", headers: owner).status == 404)
        #expect(try await server.arm("GET", group + Self.workspaces + "/tpl-ws", headers: owner).status == 404)
        // The owner's deployment of the same template runs.
        #expect(try await server.arm("PUT", group + "/providers/Microsoft.Resources/deployments/tpl", body: template, apiVersion: "2024-03-01",
                                     headers: owner).status == 201)
    }

    @Test func aProjectMustBeAllowedToJoinItsHub() async throws {
        let clock = ManualClock()
        let server = try await TestServer.start(clock: clock) { $0.strictAuth = true }
        defer { Task { await server.stop() } }
        let owner = try await StrictMarketplaceTests.token(server, "cerulean-cli")
        let hubGroup = Self.sub + "/resourceGroups/hub-rg", projectGroup = Self.sub + "/resourceGroups/project-rg"
        for g in [hubGroup, projectGroup] { #expect(try await server.arm("PUT", g, body: #"{"location":"eastus2"}"#, headers: owner).status == 201) }
        let hub = hubGroup + Self.workspaces + "/shared-hub"
        #expect(try await server.arm("PUT", hub, body: #"{"location":"eastus2","kind":"Hub"}"#, headers: owner).status == 201)
        clock.advance(by: 120)
        // A role that may write workspaces in the project's group only.
        let role = try await server.arm("PUT", Self.sub + "/providers/Microsoft.Authorization/roleDefinitions/" + UUID().uuidString.lowercased(),
                                        body: #"{"properties":{"roleName":"Project Maker","assignableScopes":["\#(Self.sub)"],"permissions":[{"actions":["Microsoft.MachineLearningServices/workspaces/*"]}]}}"#,
                                        apiVersion: "2022-05-01-preview", headers: owner)
        let roleID = try #require(role.json["id"]?.stringValue)
        let maker = try await StrictMarketplaceTests.token(server, "project-maker")
        try await Self.assign(server, owner, scope: projectGroup, client: "project-maker", role: roleID)
        let project = projectGroup + Self.workspaces + "/my-project"
        let body = #"{"location":"eastus2","kind":"Project","properties":{"hubResourceId":"\#(hub)"}}"#
        let refused = try await server.arm("PUT", project, body: body, headers: maker)
        let oid = TokenIssuer.objectID(forClient: "project-maker")
        #expect(refused.status == 403)
        #expect(refused.errorCode == "LinkedAuthorizationFailed")
        #expect(refused.json["error"]?["message"]?.stringValue == "The client '\(oid)' with object id '\(oid)' has permission to perform action 'Microsoft.MachineLearningServices/workspaces/write' on scope '\(project)'; however, it does not have permission to perform action 'Microsoft.MachineLearningServices/workspaces/hubs/join/action' on the linked scope(s) '\(hub)' or the linked scope(s) are invalid.")
        #expect(try await server.arm("GET", project, headers: owner).status == 404)
        // Azure AI Developer on the hub carries workspaces/*/action, the join among them.
        try await Self.assign(server, owner, scope: hub, client: "project-maker", role: Self.developerRole)
        #expect(try await server.arm("PUT", project, body: body, headers: maker).status == 201)
    }
}
