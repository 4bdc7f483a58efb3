import ARM
import CeruleanJSON
import CeruleanTestSupport
import Foundation
import Identity
import Testing

/// The principal directory and the Microsoft Graph slice through the real listener: every client
/// a token is issued for is a principal, assignments name only known principals, and az's Graph
/// calls (filters, getByIds, create-for-rbac's application, password and service principal).
@Suite struct GraphOverHTTPSTests {
    static let tenant = "00000000-aaaa-bbbb-cccc-dddddddddddd"
    static let subscription = "/subscriptions/\(TestServer.subscription)"
    static let reader = subscription + "/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7"

    static func signIn(_ server: TestServer, client: String, secret: String = "s3cret", scope: String? = nil) async throws -> HTTPResult {
        let wanted = scope ?? server.url + "/.default"
        let body = "grant_type=client_credentials&client_id=\(client)&client_secret=\(secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&scope=\(wanted.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
        return try await server.client.send("POST", "/\(tenant)/oauth2/v2.0/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                            body: Data(body.utf8))
    }

    static func graph(_ server: TestServer, _ method: String, _ path: String, token: String = "any", json: JSON? = nil) async throws -> HTTPResult {
        let headers = ["Authorization": "Bearer \(token)"]
        if let json { return try await server.client.send(method, "/v1.0" + path, headers: headers, json: json) }
        return try await server.client.send(method, "/v1.0" + path, headers: headers)
    }

    static func assign(_ server: TestServer, _ principal: String, token: String = "test-token") async throws -> HTTPResult {
        try await server.arm("PUT", subscription + "/providers/Microsoft.Authorization/roleAssignments/\(UUID().uuidString.lowercased())",
                             body: #"{"properties": {"principalId": "\#(principal)", "roleDefinitionId": "\#(reader)"}}"#, apiVersion: "2022-04-01",
                             headers: ["Authorization": "Bearer \(token)"])
    }

    @Test func tokensPutTheirClientsInTheDirectoryAndAssignmentsNameOnlyKnownPrincipals() async throws {
        let server = try await TestServer.start(types: TestTypes.all)
        defer { Task { await server.stop() } }
        let stranger = TokenIssuer.objectID(forClient: "robot-7")
        let refused = try await Self.assign(server, stranger)
        #expect(refused.status == 400)
        #expect(refused.errorCode == "PrincipalNotFound")
        #expect(refused.json["error"]?["message"]?.stringValue?.hasPrefix(
            "Principal \(stranger.replacingOccurrences(of: "-", with: "")) does not exist in the directory \(Self.tenant).") == true)
        #expect(try await Self.signIn(server, client: "robot-7").status == 200)
        #expect(try await Self.assign(server, stranger).status == 201)
        // A managed identity (IMDS) is a service principal of type ManagedIdentity.
        let imds = try await server.client.send("GET", "/metadata/identity/oauth2/token?resource=https://management.azure.com/&client_id=mi-1",
                                                headers: ["Metadata": "true"])
        #expect(imds.status == 200)
        let found = try await Self.graph(server, "GET", "/servicePrincipals?$filter=" + "servicePrincipalNames/any(c:c eq 'mi-1')".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        #expect(found.status == 200)
        #expect(found.json["@odata.context"]?.stringValue == server.url + "/v1.0/$metadata#servicePrincipals")
        let sp = try #require(found.json["value"]?[0])
        #expect(sp["id"]?.stringValue == TokenIssuer.objectID(forClient: "mi-1"))
        #expect(sp["servicePrincipalType"] == "ManagedIdentity")
        #expect(sp["appId"] == "mi-1")
        let byIds = try await Self.graph(server, "POST", "/directoryObjects/getByIds",
                                         json: ["ids": [.string(stranger), "00000000-0000-0000-0000-00000000dead"],
                                                "types": ["user", "group", "servicePrincipal", "directoryObjectPartnerReference"]])
        #expect(byIds.status == 200)
        #expect(byIds.json["value"]?.arrayValue?.count == 1)
        #expect(byIds.json["value"]?[0]?["@odata.type"] == "#microsoft.graph.servicePrincipal")
        #expect(byIds.json["value"]?[0]?["appId"] == "robot-7")
        let users = try await Self.graph(server, "GET", "/users?$filter=" + "userPrincipalName eq 'nobody@cerulean.local'".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        #expect(users.status == 200)
        #expect(users.json["value"] == [])
    }

    @Test func listsPageWithNextLinksAndErrorsAreGraphShapedJSON() async throws {
        let server = try await TestServer.start(types: TestTypes.all)
        defer { Task { await server.stop() } }
        for client in ["p-1", "p-2", "p-3"] { #expect(try await Self.signIn(server, client: client).status == 200) }
        let all = try await Self.graph(server, "GET", "/servicePrincipals")
        let total = try #require(all.json["value"]?.arrayValue?.count)
        #expect(total >= 3)
        var seen: [String] = []
        var next: String? = "/v1.0/servicePrincipals?$top=2"
        while let link = next {
            let path = link.hasPrefix(server.url) ? String(link.dropFirst(server.url.count)) : link
            let page = try await server.client.send("GET", path, headers: ["Authorization": "Bearer x"])
            #expect(page.status == 200)
            #expect((page.json["value"]?.arrayValue?.count ?? 0) <= 2)
            seen += page.json["value"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            next = page.json["@odata.nextLink"]?.stringValue
        }
        #expect(seen.count == total)
        #expect(Set(seen).count == total)
        let missing = try await server.client.send("GET", "/v1.0/users")
        #expect(missing.status == 401)
        #expect(missing.json["error"]?["code"] == "InvalidAuthenticationToken")
        let unknown = try await Self.graph(server, "GET", "/servicePrincipals/00000000-0000-0000-0000-00000000dead")
        #expect(unknown.status == 404)
        #expect(unknown.json["error"]?["code"] == "Request_ResourceNotFound")
        #expect(unknown.json["error"]?["innerError"]?["request-id"]?.stringValue != nil)
        let badFilter = try await Self.graph(server, "GET", "/users?$filter=" + "jobTitle gt 'a'".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        #expect(badFilter.status == 400)
        #expect(badFilter.json["error"]?["code"] == "Request_UnsupportedQuery")
        let noRoute = try await Self.graph(server, "GET", "/groups")
        #expect(noRoute.status == 400)
        #expect(noRoute.json["error"]?["message"] != nil)
        let badBody = try await server.client.send("POST", "/v1.0/applications", headers: ["Authorization": "Bearer x"], body: Data("{".utf8))
        #expect(badBody.status == 400)
        #expect(badBody.json["error"]?["code"] == "Request_BadRequest")
    }

    /// create-for-rbac's calls, then the new service principal signs in with its secret (strict
    /// mode refuses any other) and acts with the role it was given.
    @Test func createForRBACsApplicationSecretAndServicePrincipalWorkInStrictMode() async throws {
        let server = try await TestServer.start(types: TestTypes.all) { $0.strictAuth = true }
        defer { Task { await server.stop() } }
        let owner = try #require(try await Self.signIn(server, client: "cerulean-cli").json["access_token"]?.stringValue)
        let graphToken = try #require(try await Self.signIn(server, client: "cerulean-cli", scope: server.url + "//.default").json["access_token"]?.stringValue)
        let storage = try #require(try await Self.signIn(server, client: "cerulean-cli", scope: "https://storage.azure.com/.default").json["access_token"]?.stringValue)
        let armAudience = try await Self.graph(server, "GET", "/servicePrincipals", token: storage)
        #expect(armAudience.status == 401)
        #expect(armAudience.json["error"]?["message"] == "Access token validation failure. Invalid audience.")
        let app = try await Self.graph(server, "POST", "/applications", token: graphToken, json: ["displayName": "my-sp", "keyCredentials": []])
        #expect(app.status == 201)
        let appObject = try #require(app.json["id"]?.stringValue)
        let appID = try #require(app.json["appId"]?.stringValue)
        #expect(app.json["passwordCredentials"] == [])
        let named = try await Self.graph(server, "GET", "/applications?$filter=" + "startswith(displayName,'my-sp')".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!, token: graphToken)
        #expect(named.json["value"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [appObject])
        let password = try await Self.graph(server, "POST", "/applications/\(appObject)/addPassword", token: graphToken,
                                            json: ["passwordCredential": ["displayName": "rbac", "startDateTime": "2020-01-01T00:00:00Z", "endDateTime": "2099-01-01T00:00:00Z"]])
        #expect(password.status == 200)
        let secret = try #require(password.json["secretText"]?.stringValue)
        #expect(secret.count == 40)
        let sp = try await Self.graph(server, "POST", "/servicePrincipals", token: graphToken, json: ["appId": .string(appID), "accountEnabled": true])
        #expect(sp.status == 201)
        let spID = try #require(sp.json["id"]?.stringValue)
        #expect(spID == TokenIssuer.objectID(forClient: appID))
        #expect(sp.json["displayName"] == "my-sp")
        let shown = try await Self.graph(server, "GET", "/applications/\(appObject)", token: graphToken)
        #expect(shown.json["passwordCredentials"]?[0]?["secretText"] == .null)
        #expect(shown.json["passwordCredentials"]?[0]?["hint"]?.stringValue == String(secret.prefix(3)))
        // Strict mode: the registered application signs in only with its secret.
        let wrong = try await Self.signIn(server, client: appID, secret: "guess")
        #expect(wrong.status == 401)
        #expect(wrong.json["error"] == "invalid_client")
        #expect(wrong.json["error_description"]?.stringValue?.hasPrefix("AADSTS7000215: Invalid client secret provided.") == true)
        let signedIn = try await Self.signIn(server, client: appID, secret: secret)
        #expect(signedIn.status == 200)
        let token = try #require(signedIn.json["access_token"]?.stringValue)
        #expect(try await Self.assign(server, spID, token: owner).status == 201)
        #expect(try await server.arm("GET", Self.subscription + "/resourcegroups", headers: ["Authorization": "Bearer \(token)"]).status == 200)
        let write = try await server.arm("PUT", Self.subscription + "/resourcegroups/sp-group", body: #"{"location":"eastus"}"#,
                                         headers: ["Authorization": "Bearer \(token)"])
        #expect(write.status == 403)
        #expect(write.errorCode == "AuthorizationFailed")
        // removePassword: the secret stops working.
        let keyID = try #require(password.json["keyId"]?.stringValue)
        #expect(try await Self.graph(server, "POST", "/applications/\(appObject)/removePassword", token: graphToken, json: ["keyId": .string(keyID)]).status == 204)
        #expect(try await Self.signIn(server, client: appID, secret: secret).status == 401)
    }
}
