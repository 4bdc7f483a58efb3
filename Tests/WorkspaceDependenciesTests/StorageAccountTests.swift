import ARM
import CeruleanJSON
import Foundation
import Testing

@Suite struct StorageAccountTests {
    typealias H = DependencyHarness

    @Test func readOnlyPropertiesTheSDKAndTemplatesReadBack() async throws {
        let h = try await H()
        let created = await h.create(H.storage("mywsstorage01"), H.storageBody)
        #expect(created.body?["sku"] == ["name": "Standard_LRS", "tier": "Standard"])
        #expect(created.body?["kind"] == "StorageV2")
        let p = try #require(created.props)
        #expect(p["primaryEndpoints"]?["blob"] == "https://mywsstorage01.blob.core.windows.net/")
        #expect(p["primaryEndpoints"]?["dfs"] == "https://mywsstorage01.dfs.core.windows.net/")
        #expect(p["primaryEndpoints"]?["file"] == "https://mywsstorage01.file.core.windows.net/")
        #expect(p["primaryLocation"] == "eastus2" && p["statusOfPrimary"] == "available")
        #expect(p["provisioningState"] == "Succeeded")
        #expect(p["minimumTlsVersion"] == "TLS1_2", "a value the caller sent is kept")
        #expect(p["networkAcls"]?["defaultAction"] == "Allow", "null takes the default")
        #expect(p["accessTier"] == "Hot")
        let created1 = try #require(p["creationTime"]?.stringValue)
        let again = await h.call("PUT", H.storage("mywsstorage01"), body: H.storageBody)
        #expect(again.status == 200)
        #expect(again.props?["creationTime"]?.stringValue == created1)
        let v1 = await h.call("PUT", H.storage("classicstore"), body: #"{"location":"eastus2","sku":{"name":"standard_grs"},"kind":"storage"}"#)
        #expect(v1.body?["kind"] == "Storage" && v1.body?["sku"]?["name"] == "Standard_GRS")
        #expect(v1.props?["primaryEndpoints"]?["dfs"] == nil && v1.props?["primaryEndpoints"]?["queue"] != nil)
    }

    @Test func keysAreListedRegeneratedAndNeverInTheBody() async throws {
        let h = try await H()
        _ = await h.call("PUT", H.storage("keyedstore"), body: H.storageBody)
        let listed = await h.call("POST", H.storage("keyedstore") + "/listKeys")
        #expect(listed.status == 200)
        let keys = try #require(listed.body?["keys"]?.arrayValue)
        #expect(keys.map { $0["keyName"] } == ["key1", "key2"])
        #expect(keys.allSatisfy { $0["value"]?.stringValue?.count == 88 && $0["permissions"] == "FULL" })
        let key1 = try #require(keys[0]["value"]?.stringValue)
        #expect(await h.call("POST", H.storage("keyedstore") + "/listKeys").body?["keys"]?[0]?["value"]?.stringValue == key1)
        let get = await h.call("GET", H.storage("keyedstore"))
        #expect(get.body.map { !$0.serialized().contains(Data(key1.utf8)) } == true)
        let regenerated = await h.call("POST", H.storage("keyedstore") + "/regenerateKey", body: #"{"keyName":"key1"}"#)
        #expect(regenerated.status == 200)
        #expect(regenerated.body?["keys"]?[0]?["value"]?.stringValue != key1)
        #expect(regenerated.body?["keys"]?[1]?["value"] == keys[1]["value"])
        #expect(await h.call("POST", H.storage("keyedstore") + "/regenerateKey", body: #"{"keyName":"key3"}"#).errorCode == "InvalidParameter")
        #expect(await h.call("DELETE", H.storage("keyedstore")).status < 300)
        #expect(try await h.store.read { tx in try tx.documents("storageAccountKeys").count } == 0)
    }

    @Test func namesAreStoragesOwnAndGloballyUnique() async throws {
        let h = try await H()
        let bad = await h.call("PUT", H.storage("My-Store"), body: H.storageBody)
        #expect(bad.status == 400)
        #expect(bad.errorCode == "AccountNameInvalid")
        #expect(bad.errorMessage == "'My-Store' is not a valid storage account name. Storage account name must be between 3 and 24 characters in length and use numbers and lower-case letters only.")
        _ = await h.call("PUT", "/subscriptions/\(H.sub)/resourceGroups/rg2", body: #"{"location":"eastus2"}"#)
        #expect(await h.call("PUT", H.storage("sharedname"), body: H.storageBody).status == 201)
        let twin = await h.call("PUT", H.id("Microsoft.Storage/storageAccounts", "sharedname", group: "rg2"), body: H.storageBody)
        #expect(twin.status == 409)
        #expect(twin.errorCode == "StorageAccountInAnotherResourceGroup")
    }

    @Test func requiredSkuAndKind() async throws {
        let h = try await H()
        let noSku = await h.call("PUT", H.storage("nosku"), body: #"{"location":"eastus2","kind":"StorageV2"}"#)
        #expect(noSku.errorCode == "InvalidRequestContent" && noSku.errorMessage?.contains("'sku.name'") == true)
        let badSku = await h.call("PUT", H.storage("badsku"), body: #"{"location":"eastus2","kind":"StorageV2","sku":{"name":"Gold"}}"#)
        #expect(badSku.errorCode == "InvalidParameter" && badSku.errorMessage?.contains("Standard_LRS") == true)
        let noKind = await h.call("PUT", H.storage("nokind"), body: #"{"location":"eastus2","sku":{"name":"Standard_LRS"}}"#)
        #expect(noKind.errorCode == "InvalidRequestContent" && noKind.errorMessage?.contains("'kind'") == true)
    }
}
