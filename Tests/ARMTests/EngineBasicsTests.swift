import ARM
import CeruleanJSON
import Foundation
import Testing

@Suite struct EngineBasicsTests {
    typealias H = EngineHarness

    @Test func missingAuthorizationIsRefusedFirst() async throws {
        let h = try await H()
        let r = await h.call("GET", "/subscriptions", apiVersion: nil, headers: [:])
        #expect(r.status == 401)
        #expect(r.errorCode == "AuthenticationFailed")
        #expect(r.errorMessage == "Authentication failed. The 'Authorization' header is missing.")
        #expect(r.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        let basic = await h.call("GET", "/subscriptions", headers: ["Authorization": "Basic abc"])
        #expect(basic.status == 401)
        #expect(basic.errorMessage?.contains("invalid format") == true)
    }

    @Test func apiVersionIsRequiredButAnyValueIsAccepted() async throws {
        let h = try await H()
        let missing = await h.call("GET", "/subscriptions", apiVersion: nil)
        #expect(missing.status == 400)
        #expect(missing.errorCode == "MissingApiVersionParameter")
        let odd = await h.call("GET", "/subscriptions", apiVersion: "1999-01-01-whatever")
        #expect(odd.status == 200)
    }

    @Test func errorEnvelopeHasEveryStandardMember() async throws {
        let h = try await H()
        let r = await h.call("GET", "/subscriptions/\(H.sub)/resourceGroups/nope")
        let error = try #require(r.body?["error"]?.objectValue)
        #expect(error.keys == ["code", "message", "target", "details", "additionalInfo"])
        #expect(r.errorCode == "ResourceGroupNotFound")
        #expect(r.errorMessage == "Resource group 'nope' could not be found.")
        #expect(r.header("x-ms-ratelimit-remaining-subscription-reads") != nil)
    }

    @Test func subscriptionsAndTenants() async throws {
        let h = try await H()
        let list = await h.call("GET", "/subscriptions")
        #expect(list.status == 200)
        let first = try #require(list.body?["value"]?.arrayValue?.first)
        #expect(first["subscriptionId"]?.stringValue == H.sub)
        #expect(first["state"]?.stringValue == "Enabled")
        #expect(first["id"]?.stringValue == "/subscriptions/\(H.sub)")
        let one = await h.call("GET", "/subscriptions/\(H.sub.uppercased())")
        #expect(one.body?["displayName"]?.stringValue == "Cerulean Subscription")
        let unknown = await h.call("GET", "/subscriptions/99999999-0000-0000-0000-000000000000/resourcegroups")
        #expect(unknown.status == 404)
        #expect(unknown.errorCode == "SubscriptionNotFound")
        #expect(unknown.errorMessage == "The subscription '99999999-0000-0000-0000-000000000000' could not be found.")
        let tenants = await h.call("GET", "/tenants")
        #expect(tenants.body?["value"]?[0]?["tenantId"]?.stringValue == "00000000-aaaa-bbbb-cccc-dddddddddddd")
        let wrong = await h.call("DELETE", "/subscriptions/\(H.sub)")
        #expect(wrong.status == 405)
        #expect(wrong.errorCode == "MethodNotAllowed")
    }

    @Test func providersListRegisterAndRefuseWritesWhenUnregistered() async throws {
        let h = try await H()
        await h.makeGroup()
        let list = await h.call("GET", "/subscriptions/\(H.sub)/providers")
        let namespaces = list.body?["value"]?.arrayValue?.compactMap { $0["namespace"]?.stringValue } ?? []
        #expect(namespaces.contains("Microsoft.CeruleanTest"))
        #expect(namespaces.contains("Microsoft.Resources"))
        let one = await h.call("GET", "/subscriptions/\(H.sub)/providers/microsoft.ceruleantest")
        #expect(one.body?["registrationState"]?.stringValue == "Registered")
        let types = one.body?["resourceTypes"]?.arrayValue?.compactMap { $0["resourceType"]?.stringValue }
        #expect(types == ["widgets", "widgets/gadgets"])
        let off = await h.call("POST", "/subscriptions/\(H.sub)/providers/Microsoft.CeruleanTest/unregister")
        #expect(off.body?["registrationState"]?.stringValue == "Unregistered")
        let refused = await h.makeWidget("w1")
        #expect(refused.status == 409)
        #expect(refused.errorCode == "MissingSubscriptionRegistration")
        _ = await h.call("POST", "/subscriptions/\(H.sub)/providers/Microsoft.CeruleanTest/register")
        #expect(await h.makeWidget("w1").status == 201)
        let unknown = await h.call("GET", "/subscriptions/\(H.sub)/providers/Microsoft.Nope")
        #expect(unknown.status == 404)
        #expect(unknown.errorCode == "InvalidResourceNamespace")
    }

    @Test func locationsForAzAccountListLocations() async throws {
        let h = try await H()
        let r = await h.call("GET", "/subscriptions/\(H.sub)/locations")
        let eastus2 = r.body?["value"]?.arrayValue?.first { $0["name"] == "eastus2" }
        #expect(eastus2?["displayName"] == "East US 2")
        #expect(eastus2?["id"] == .string("/subscriptions/\(H.sub)/locations/eastus2"))
        #expect(eastus2?["regionalDisplayName"] == "(US) East US 2")
    }

    @Test func providersListDeploymentsAmongMicrosoftResourcesTypes() async throws {
        let h = try await H()
        let r = await h.call("GET", "/subscriptions/\(H.sub)/providers/Microsoft.Resources")
        let types = r.body?["resourceTypes"]?.arrayValue?.compactMap { $0["resourceType"]?.stringValue } ?? []
        #expect(types.contains("deployments") && types.contains("resourceGroups"))
        let versions = r.body?["resourceTypes"]?.arrayValue?.first { $0["resourceType"] == "deployments" }?["apiVersions"]
        #expect(versions?[0] == "2025-04-01")  // newest first: az picks the first non-preview one
    }

    @Test func unknownPathsAndTypes() async throws {
        let h = try await H()
        await h.makeGroup()
        let path = await h.call("GET", "/subscriptions/\(H.sub)/elsewhere")
        #expect(path.status == 404)
        #expect(path.errorCode == "NotFound")
        let type = await h.call("PUT", "\(H.group)/providers/Microsoft.CeruleanTest/doodads/d1", body: "{}")
        #expect(type.status == 400)
        #expect(type.errorCode == "NoRegisteredProviderFound")
        #expect(type.errorMessage?.contains("Microsoft.CeruleanTest/doodads") == true)
    }
}
