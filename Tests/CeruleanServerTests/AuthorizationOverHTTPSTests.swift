import ARM
import CeruleanJSON
import CeruleanTestSupport
import Foundation
import Identity
import Testing

/// Role definitions and assignments through the real listener, with the query encoding az
/// sends (`$filter` percent-encoded, `disambiguation_dummy=`) and the tenant-root route.
@Suite struct AuthorizationOverHTTPSTests {
    static let subscription = "/subscriptions/\(TestServer.subscription)"
    static let group = subscription + "/resourceGroups/rg1"
    static let developer = "64702f94-c441-49e6-a78b-ef80e0188fee"

    @Test func azsRoleLookupAssignmentAndRecoveryRoundTrip() async throws {
        let server = try await TestServer.start(types: TestTypes.all)
        defer { Task { await server.stop() } }
        #expect(try await server.arm("PUT", Self.group, body: #"{"location":"westus"}"#).status == 201)
        let lookup = try await server.arm(
            "GET", Self.group + "/providers/Microsoft.Authorization/roleDefinitions?%24filter=roleName%20eq%20%27azure%20ai%20developer%27",
            apiVersion: "2022-05-01-preview")
        #expect(lookup.status == 200)
        let role = try #require(lookup.json["value"]?[0])
        #expect(role["name"]?.stringValue == Self.developer)
        let roleID = try #require(role["id"]?.stringValue)
        #expect(roleID == Self.subscription + "/providers/Microsoft.Authorization/roleDefinitions/" + Self.developer)
        let name = "0f0e0d0c-0b0a-0908-0706-050403020100"
        // The principal must be in the directory: a client is, once it has had a token.
        #expect(try await GraphOverHTTPSTests.signIn(server, client: "app-ra").status == 200)
        let body = #"{"properties": {"principalId": "\#(TokenIssuer.objectID(forClient: "app-ra"))", "roleDefinitionId": "\#(roleID)", "principalType": "ServicePrincipal"}}"#
        let created = try await server.arm("PUT", Self.group + "/providers/Microsoft.Authorization/roleAssignments/" + name, body: body,
                                           apiVersion: "2022-04-01")
        #expect(created.status == 201)
        #expect(created.json["properties"]?["roleDefinitionId"]?.stringValue == roleID)
        let duplicate = try await server.arm("PUT", Self.group + "/providers/Microsoft.Authorization/roleAssignments/\(UUID().uuidString.lowercased())",
                                             body: body, apiVersion: "2022-04-01")
        #expect(duplicate.status == 409)
        #expect(duplicate.errorCode == "RoleAssignmentExists")
        let atScope = try await server.arm("GET", Self.group + "/providers/Microsoft.Authorization/roleAssignments?%24filter=atScope%28%29",
                                           apiVersion: "2022-04-01")
        let listed = atScope.json["value"]?.arrayValue ?? []
        #expect(listed.contains { $0["name"]?.stringValue == name })
        // Cerulean's own clients are Owner of the default subscription, and nobody else is.
        let owners = listed.filter { $0["properties"]?["scope"]?.stringValue == Self.subscription }
        #expect(owners.count == 3)
        #expect(owners.allSatisfy {
            $0["properties"]?["roleDefinitionId"]?.stringValue == Self.subscription + "/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
        })
        let show = try await server.arm("GET", roleID + "?disambiguation_dummy=", apiVersion: "2022-05-01-preview")
        #expect(show.json["properties"]?["roleName"]?.stringValue == "Azure AI Developer")
        let root = try await server.arm("GET", "/providers/Microsoft.Authorization/roleDefinitions/" + Self.developer, apiVersion: "2022-04-01")
        #expect(root.status == 200)
        #expect(root.json["id"]?.stringValue == "/providers/Microsoft.Authorization/roleDefinitions/" + Self.developer)
        let deleted = try await server.arm("DELETE", Self.group + "/providers/Microsoft.Authorization/roleAssignments/" + name,
                                           apiVersion: "2022-04-01")
        #expect(deleted.status == 200)
    }
}
