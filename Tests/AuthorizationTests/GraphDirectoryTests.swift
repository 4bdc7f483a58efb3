import ARM
@testable import Authorization
import CeruleanJSON
import Foundation
import Store
import Testing

/// The Graph slice in-process: az's `$filter` forms, lists and their pages, applications'
/// passwords as the token endpoint checks them.
@Suite struct GraphDirectoryTests {
    @Test func filtersInAzsForms() throws {
        let filter = try GraphFilter("servicePrincipalNames/any(c:c eq 'it''s') and startswith(displayName,'My')", resource: "ServicePrincipal")
        #expect(filter.clauses == [.init(property: "servicePrincipalNames", test: .anyEquals("it's")),
                                   .init(property: "displayName", test: .startsWith("My"))])
        #expect(filter.matches { $0 == "serviceprincipalnames" ? ["x", "IT'S"] : ["my-sp"] })
        #expect(!filter.matches { $0 == "serviceprincipalnames" ? ["x"] : ["my-sp"] })
        #expect(try GraphFilter("userPrincipalName eq 'a and b@x'", resource: "User").clauses
            == [.init(property: "userPrincipalName", test: .equals("a and b@x"))])
        #expect(try GraphFilter(nil, resource: "User").clauses.isEmpty)
        for bad in ["jobTitle gt 'a'", "displayName eq a", "startswith(displayName,x)"] {
            #expect(throws: GraphError.self, "\(bad)") { try GraphFilter(bad, resource: "User") }
        }
    }

    func run(_ store: Store, _ method: String, _ path: String, query: [String: String] = [:], body: String = "") throws -> GraphDirectory.Answer {
        try store.writeNow { tx in
            try GraphDirectory(session: ResourceSession(transaction: tx, now: Date()), tenantID: "t", identityTypes: [],
                               objectID: { "oid-" + $0 })
                .handle(.init(method: method, segments: path.split(separator: "/").map(String.init), query: query,
                              body: Data(body.utf8), baseURL: "https://c"))
        }
    }

    @Test func applicationsPasswordsAndServicePrincipals() throws {
        let store = try Store.inMemory()
        let app = try run(store, "POST", "applications", body: #"{"displayName":"robot"}"#)
        #expect(app.status == 201)
        let id = try #require(app.body?["id"]?.stringValue), appID = try #require(app.body?["appId"]?.stringValue)
        let password = try run(store, "POST", "applications/\(id)/addPassword", body: #"{"passwordCredential":{"displayName":"rbac","endDateTime":"2000-01-01T00:00:00Z"}}"#)
        let secret = try #require(password.body?["secretText"]?.stringValue)
        let check = { (s: String) in try store.readNow { tx in
            try GraphApplications(session: ResourceSession(transaction: tx, now: Date())).check(appID: appID, secret: s, now: Date())
        } }
        #expect(try check(secret) == .expired)
        #expect(try check("nope") == .invalid)
        #expect(try store.readNow { tx in try GraphApplications(session: ResourceSession(transaction: tx, now: Date())).check(appID: "other", secret: "x", now: Date()) } == .notRegistered)
        let sp = try run(store, "POST", "servicePrincipals", body: #"{"appId":"\#(appID)"}"#)
        #expect(sp.status == 201)
        #expect(sp.body?["id"]?.stringValue == "oid-" + appID)
        #expect(throws: GraphError.self) { try run(store, "POST", "servicePrincipals", body: #"{"appId":"unknown"}"#) }
        let page = try run(store, "GET", "servicePrincipals", query: ["$top": "1", "$filter": "displayName eq 'ROBOT'"])
        #expect(page.body?["value"]?.arrayValue?.count == 1)
        #expect(page.body?["@odata.nextLink"] == nil)
        #expect(throws: GraphError.self) { try run(store, "GET", "servicePrincipals", query: ["$top": "0"]) }
        #expect(try run(store, "DELETE", "applications/\(id)").status == 204)
        #expect(try run(store, "GET", "servicePrincipals").body?["value"] == [])
    }
}
