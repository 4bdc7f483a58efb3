import ARM
import CeruleanJSON
import CeruleanTestSupport
import Foundation
import Identity
import Testing

/// `--auth strict` lists: a caller who may not read a list as a whole but holds roles within it
/// gets the items it may read (subscriptions, groups, resources, a type's list); a caller with
/// no role anywhere near is refused, except the subscription list, which is empty for it.
@Suite struct StrictListTests {
    static let sub = "/subscriptions/\(TestServer.subscription)"

    @Test func listsShowWhatTheCallerMayRead() async throws {
        let server = try await TestServer.start(types: TestTypes.all) { $0.strictAuth = true }
        defer { Task { await server.stop() } }
        let owner = try await StrictMarketplaceTests.token(server, "cerulean-cli")
        for group in ["seen-rg", "hidden-rg"] {
            #expect(try await server.arm("PUT", "\(Self.sub)/resourceGroups/\(group)", body: #"{"location":"eastus"}"#, headers: owner).status == 201)
            #expect(try await server.arm("PUT", "\(Self.sub)/resourceGroups/\(group)/providers/Microsoft.CeruleanTest/widgets/w-\(group)",
                                         body: #"{"location":"eastus","properties":{"size":1}}"#, apiVersion: "2024-01-01", headers: owner).status == 201)
        }
        let stranger = try await StrictMarketplaceTests.token(server, "list-stranger")
        let refused = try await server.arm("GET", Self.sub + "/resourcegroups", headers: stranger)
        #expect(refused.status == 403)
        #expect(refused.errorCode == "AuthorizationFailed")
        // The subscription list is never refused: a caller with no role sees none.
        let noSubscriptions = try await server.arm("GET", "/subscriptions", apiVersion: "2022-12-01", headers: stranger)
        #expect(noSubscriptions.status == 200)
        #expect(noSubscriptions.json["value"] == .array([]))
        let reader = try await StrictMarketplaceTests.token(server, "group-reader")
        let readerRole = Self.sub + "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7"
        #expect(try await server.arm("PUT", "\(Self.sub)/resourceGroups/seen-rg/providers/Microsoft.Authorization/roleAssignments/\(UUID().uuidString.lowercased())",
                                     body: #"{"properties":{"principalId":"\#(TokenIssuer.objectID(forClient: "group-reader"))","roleDefinitionId":"\#(readerRole)","principalType":"ServicePrincipal"}}"#,
                                     apiVersion: "2022-04-01", headers: owner).status == 201)
        func names(_ path: String, apiVersion: String = "2024-04-01") async throws -> [String] {
            let r = try await server.arm("GET", path, apiVersion: apiVersion, headers: reader)
            #expect(r.status == 200, "\(path): \(r.status) \(r.json)")
            return r.json["value"]?.arrayValue?.compactMap { $0["name"]?.stringValue ?? $0["subscriptionId"]?.stringValue } ?? []
        }
        #expect(try await names("/subscriptions", apiVersion: "2022-12-01") == [TestServer.subscription])
        #expect(try await names(Self.sub + "/resourcegroups") == ["seen-rg"])
        #expect(try await names(Self.sub + "/resources") == ["w-seen-rg"])
        #expect(try await names(Self.sub + "/providers/Microsoft.CeruleanTest/widgets", apiVersion: "2024-01-01") == ["w-seen-rg"])
        #expect(try await names(Self.sub + "/resourceGroups/seen-rg/resources") == ["w-seen-rg"])
        #expect(try await server.arm("GET", Self.sub + "/resourceGroups/hidden-rg", headers: reader).status == 403)
        #expect(try await server.arm("GET", Self.sub + "/resourceGroups/hidden-rg/resources", headers: reader).status == 403)
        #expect(try await names(Self.sub + "/resourcegroups").count == 1)
        #expect(try await server.arm("GET", "/tenants", apiVersion: "2022-12-01", headers: stranger).status == 200)
    }
}
