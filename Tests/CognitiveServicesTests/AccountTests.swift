import ARM
import CeruleanJSON
import Foundation
import Testing

@Suite struct AccountTests {
    typealias H = CognitiveHarness

    @Test func createAnswersTheFullBody() async throws {
        let h = try await H()
        let r = await h.makeAccount("acct", subdomain: "my-acct")
        #expect(r.status == 201)
        let p = try #require(r.props)
        #expect(r.body?["kind"] == "OpenAI")
        #expect(r.body?["sku"] == ["name": "S0"])
        #expect(p["provisioningState"] == "Succeeded")
        #expect(p["customSubDomainName"] == "my-acct")
        #expect(p["endpoint"]?.stringValue == "\(H.base)/cognitiveservices/my-acct.openai.azure.com/")
        #expect(p["endpoints"]?["OpenAI Language Model Instance API"]?.stringValue == "\(H.base)/cognitiveservices/my-acct.openai.azure.com/")
        #expect(p["internalId"]?.stringValue?.count == 32)
        #expect(p["dateCreated"]?.stringValue != nil)
        #expect(p["publicNetworkAccess"] == "Enabled")
        #expect(p["disableLocalAuth"] == false)
        #expect(p["allowProjectManagement"] == false)
        #expect(p["isMigrated"] == false)
        #expect(p["callRateLimit"]?["rules"]?.arrayValue?.contains { $0["key"] == "openai" } == true)
        #expect(p["capabilities"]?.arrayValue?.contains { $0["name"] == "VirtualNetworks" } == true)
        let got = await h.call("GET", H.account("acct"))
        #expect(got.body == r.body)
    }

    @Test func endpointsFollowKindAndSubdomain() async throws {
        let h = try await H()
        let regional = await h.makeAccount("plain", location: "japaneast")
        #expect(regional.props?["endpoint"]?.stringValue == "\(H.base)/cognitiveservices/japaneast.api.cognitive.microsoft.com/")
        let ai = await h.makeAccount("hub", kind: "AIServices", subdomain: "hubsub", extra: #""allowProjectManagement":true"#)
        #expect(ai.status == 201)
        #expect(ai.props?["endpoint"]?.stringValue == "\(H.base)/cognitiveservices/hubsub.cognitiveservices.azure.com/")
        #expect(ai.props?["endpoints"]?["AI Foundry API"]?.stringValue == "\(H.base)/cognitiveservices/hubsub.services.ai.azure.com/")
        #expect(ai.props?["endpoints"]?["OpenAI Language Model Instance API"]?.stringValue == "\(H.base)/cognitiveservices/hubsub.openai.azure.com/")
        #expect(ai.props?["callRateLimit"]?["rules"]?.arrayValue?.contains { $0["key"] == "models" } == true)
    }

    @Test func badInputIsRefusedAndStoresNothing() async throws {
        let h = try await H()
        let cases: [(String, String, Int)] = [
            (#"{"kind":"Emotion","sku":{"name":"S0"},"location":"eastus"}"#, "InvalidApiSetId", 400),
            (#"{"kind":"OpenAI","sku":{"name":"S9"},"location":"eastus"}"#, "InvalidSkuId", 400),
            (#"{"kind":"OpenAI","location":"eastus"}"#, "InvalidRequestContent", 400),
            (#"{"sku":{"name":"S0"},"location":"eastus"}"#, "InvalidRequestContent", 400),
            (#"{"kind":"OpenAI","sku":{"name":"S0"},"location":"eastus","properties":{"customSubDomainName":"Bad_Name"}}"#, "InvalidSubDomainName", 400),
            (#"{"kind":"OpenAI","sku":{"name":"S0"},"location":"eastus","properties":{"disableLocalAuth":"yes"}}"#, "InvalidRequestContent", 400),
            (#"{"kind":"OpenAI","sku":{"name":"S0"},"location":"eastus","properties":{"allowProjectManagement":true}}"#, "InvalidParameter", 400),
            (#"{"kind":"OpenAI","sku":{"name":"S0"},"location":"eastus","properties":{"publicNetworkAccess":"Maybe"}}"#, "InvalidParameter", 400),
            (#"{"kind":"OpenAI","sku":{"name":"S0"},"location":"eastus","properties":[1]}"#, "InvalidRequestContent", 400),
            (#"not json"#, "InvalidRequestContent", 400),
        ]
        for (body, code, status) in cases {
            let r = await h.call("PUT", H.account("acct"), body: body)
            #expect(r.status == status, "\(body): \(r.status)")
            #expect(r.errorCode == code, "\(body): \(r.errorCode ?? "nil")")
        }
        let badName = await h.makeAccount("-bad")
        #expect(badName.errorCode == "InvalidResourceName")
        #expect(await h.call("GET", H.account("acct")).status == 404)
    }

    @Test func subdomainsAreUniqueAcrossTheEmulator() async throws {
        let h = try await H()
        #expect(await h.makeAccount("one", subdomain: "shared").status == 201)
        let taken = await h.makeAccount("two", subdomain: "shared")
        #expect(taken.status == 409)
        #expect(taken.errorCode == "CustomDomainInUse")
        #expect(await h.makeAccount("one", subdomain: "shared").status == 200)
        let changed = await h.makeAccount("one", subdomain: "other")
        #expect(changed.errorCode == "CustomSubDomainNameCannotBeChanged")
        let check = await h.call("POST", H.provider + "/checkDomainAvailability", body: #"{"subdomainName":"shared","type":"Microsoft.CognitiveServices/accounts"}"#)
        #expect(check.body?["isSubdomainAvailable"] == false)
        let free = await h.call("POST", H.provider + "/checkDomainAvailability", body: #"{"subdomainName":"free-one","type":"Microsoft.CognitiveServices/accounts"}"#)
        #expect(free.body?["isSubdomainAvailable"] == true)
        let invalid = await h.call("POST", H.provider + "/checkDomainAvailability", body: #"{"subdomainName":"x_y"}"#)
        #expect(invalid.body?["reason"]?.stringValue == "Sub domain name 'x_y' is not valid")
        let missing = await h.call("POST", H.provider + "/checkDomainAvailability", body: #"{}"#)
        #expect(missing.status == 400)
    }

    @Test func keysListAndRegenerate() async throws {
        let h = try await H()
        await h.makeAccount()
        let keys = await h.call("POST", H.account("acct") + "/listKeys")
        let k1 = try #require(keys.body?["key1"]?.stringValue)
        let k2 = try #require(keys.body?["key2"]?.stringValue)
        #expect(k1.count == 32 && k1 != k2)
        let rotated = await h.call("POST", H.account("acct") + "/regenerateKey", body: #"{"keyName":"Key1"}"#)
        #expect(rotated.status == 200)
        #expect(rotated.body?["key1"]?.stringValue != k1)
        #expect(rotated.body?["key2"]?.stringValue == k2)
        #expect(await h.call("POST", H.account("acct") + "/listKeys").body == rotated.body)
        #expect(await h.call("POST", H.account("acct") + "/regenerateKey", body: #"{"keyName":"Key3"}"#).status == 400)
        #expect(await h.call("POST", H.account("acct") + "/regenerateKey").status == 400)
        #expect(await h.call("GET", H.account("acct")).body?.compactString.contains(k2) == false)
    }

    @Test func disableLocalAuthRefusesKeyListing() async throws {
        let h = try await H()
        await h.makeAccount(extra: #""disableLocalAuth":true"#)
        let r = await h.call("POST", H.account("acct") + "/listKeys")
        #expect(r.status == 400)
        #expect(r.errorMessage?.contains("disableLocalAuth") == true)
    }

    @Test func softDeleteRestoreAndPurge() async throws {
        let h = try await H()
        await h.makeAccount("acct", subdomain: "softy")
        let k1 = await h.call("POST", H.account("acct") + "/listKeys").body?["key1"]
        await h.deploy()
        let deleted = await h.call("DELETE", H.account("acct"))
        #expect([200, 202, 204].contains(deleted.status))
        #expect(await h.call("GET", H.account("acct")).status == 404)
        let list = await h.call("GET", H.provider + "/deletedAccounts")
        let entry = try #require(list.body?["value"]?[0])
        #expect(entry["id"]?.stringValue == "/subscriptions/\(H.sub)/providers/Microsoft.CognitiveServices/locations/eastus/resourceGroups/rg1/deletedAccounts/acct")
        #expect(entry["properties"]?["deletionDate"]?.stringValue != nil)
        #expect(entry["properties"]?["scheduledPurgeDate"]?.stringValue != nil)
        let deletedPath = H.provider + "/locations/eastus/resourceGroups/rg1/deletedAccounts/acct"
        #expect(await h.call("GET", deletedPath).body?["name"] == "acct")
        // The subdomain stays reserved while the account is soft-deleted.
        #expect(await h.makeAccount("other", subdomain: "softy").errorCode == "CustomDomainInUse")
        let again = await h.makeAccount("acct")
        #expect(again.status == 409)
        #expect(again.errorCode == "FlagMustBeSetForRestore")
        let restored = await h.call("PUT", H.account("acct"), body: #"{"location":"eastus","properties":{"restore":true}}"#)
        #expect(restored.status == 201)
        #expect(restored.props?["customSubDomainName"] == "softy")
        #expect(restored.body?["kind"] == "OpenAI")
        #expect(await h.call("POST", H.account("acct") + "/listKeys").body?["key1"] == k1)
        #expect(await h.call("GET", H.account("acct") + "/deployments").body?["value"] == [])
        #expect(await h.call("GET", H.provider + "/deletedAccounts").body?["value"] == [])
        _ = await h.call("DELETE", H.account("acct"))
        #expect(await h.call("DELETE", deletedPath).status == 200)
        #expect(await h.call("GET", deletedPath).status == 404)
        #expect(await h.call("DELETE", deletedPath).status == 404)
        #expect(await h.makeAccount("acct", subdomain: "softy").status == 201)
    }

    @Test func listsAndPatch() async throws {
        let h = try await H()
        await h.makeAccount("a1")
        await h.makeAccount("a2", kind: "AIServices")
        #expect(await h.call("GET", H.cs + "/accounts").body?["value"]?.arrayValue?.count == 2)
        #expect(await h.call("GET", H.provider + "/accounts").body?["value"]?.arrayValue?.count == 2)
        let patched = await h.call("PATCH", H.account("a1"), body: #"{"kind":"AIServices","sku":{"name":"S0"},"properties":{"disableLocalAuth":true},"tags":{"t":"1"}}"#)
        #expect(patched.status == 200)
        #expect(patched.body?["kind"] == "AIServices")
        #expect(patched.props?["disableLocalAuth"] == true)
        #expect(patched.props?["endpoints"]?["AI Foundry API"] != nil)
        #expect(await h.call("GET", "/subscriptions/\(H.sub)/resources").body?["value"]?.arrayValue?.count == 2)
    }

    @Test func pollingFollowsTheOperationURL() async throws {
        let h = try await H(policy: ProvisioningPolicy(parsing: "after:2polls")!)
        let r = await h.makeAccount()
        #expect(r.status == 201)
        #expect(r.props?["provisioningState"] == "Creating")
        let url = try #require(r.header("Azure-AsyncOperation"))
        #expect(url.contains("/providers/Microsoft.CognitiveServices/locations/eastus/operationResults/"))
        let path = String(url.dropFirst(H.base.count).split(separator: "?")[0])
        #expect(await h.call("GET", path, apiVersion: "2017-04-18").body?["status"] == "InProgress")
        #expect(await h.call("GET", path, apiVersion: "2017-04-18").body?["status"] == "Succeeded")
        #expect(await h.call("GET", H.account("acct")).props?["provisioningState"] == "Succeeded")
    }

    @Test func projectsNeedProjectManagement() async throws {
        let h = try await H()
        await h.makeAccount("oai")
        let refused = await h.call("PUT", H.account("oai") + "/projects/p1", body: #"{"location":"eastus"}"#)
        #expect(refused.errorCode == "ProjectManagementDisabled")
        await h.makeAccount("hub", kind: "AIServices", subdomain: "hubby", extra: #""allowProjectManagement":true"#)
        let created = await h.call("PUT", H.account("hub") + "/projects/p1",
                                   body: #"{"location":"eastus","identity":{"type":"SystemAssigned"},"properties":{"description":"d"}}"#)
        #expect(created.status == 201)
        #expect(created.props?["endpoints"]?["AI Foundry API"]?.stringValue == "\(H.base)/cognitiveservices/hubby.services.ai.azure.com/api/projects/p1")
        #expect(created.props?["displayName"] == "p1")
        #expect(created.body?["identity"]?["principalId"]?.stringValue != nil)
        let account = await h.call("GET", H.account("hub"))
        #expect(account.props?["defaultProject"] == "p1")
        #expect(account.props?["associatedProjects"] == ["p1"])
        #expect(await h.call("PUT", H.account("missing") + "/projects/p1", body: #"{"location":"eastus"}"#).status == 404)
    }
}
