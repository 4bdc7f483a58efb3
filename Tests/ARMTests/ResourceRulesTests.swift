import ARM
import CeruleanJSON
import Foundation
import Testing

@Suite struct ResourceRulesTests {
    typealias H = EngineHarness

    @Test func missingGroupParentAndResourceHaveTheirOwnErrors() async throws {
        let h = try await H(policy: .immediate)
        let noGroup = await h.makeWidget("w1")
        #expect(noGroup.status == 404)
        #expect(noGroup.errorCode == "ResourceGroupNotFound")
        await h.makeGroup()
        let noParent = await h.call("PUT", H.widget("w9") + "/gadgets/g1", body: "{}")
        #expect(noParent.status == 404)
        #expect(noParent.errorCode == "ParentResourceNotFound")
        #expect(noParent.errorMessage?.contains("'w9'") == true)
        let listUnderMissing = await h.call("GET", H.widget("w9") + "/gadgets")
        #expect(listUnderMissing.errorCode == "ParentResourceNotFound")
        let missing = await h.call("GET", H.widget("w1"))
        #expect(missing.errorCode == "ResourceNotFound")
        #expect(await h.call("HEAD", H.widget("w1")).status == 404)
        await h.makeWidget("w1")
        #expect(await h.call("HEAD", H.widget("w1")).status == 204)
    }

    @Test func bodyAndNameValidation() async throws {
        let h = try await H(policy: .immediate)
        await h.makeGroup()
        let badName = await h.makeWidget("9lives")
        #expect(badName.status == 400)
        #expect(badName.errorCode == "InvalidResourceName")
        #expect(badName.errorMessage?.contains("start with a letter") == true)
        let noLocation = await h.makeWidget("w1", body: #"{"properties":{}}"#)
        #expect(noLocation.errorCode == "LocationRequired")
        let badProps = await h.makeWidget("w1", body: #"{"location":"eastus","properties":"big"}"#)
        #expect(badProps.errorCode == "InvalidRequestContent")
        let badSize = await h.makeWidget("w1", body: #"{"location":"eastus","properties":{"size":"huge"}}"#)
        #expect(badSize.errorCode == "InvalidRequestContent")
        #expect(badSize.errorMessage?.contains("properties.size") == true)
        let empty = await h.call("PUT", H.widget("w1"))
        #expect(empty.errorCode == "InvalidRequestContent")
        // Read-only members sent by a client are ignored, not stored.
        let ok = await h.makeWidget("w1", body: #"{"id":"/x","name":"other","type":"t","location":"eastus","properties":{"serial":"mine"},"unknown":1}"#)
        #expect(ok.status == 201)
        #expect(ok.body?["name"]?.stringValue == "w1")
        #expect(ok.body?["properties"]?["serial"]?.stringValue == "SN-w1")
        #expect(ok.body?["unknown"] == nil)
        #expect(await h.call("GET", "\(H.group)/providers/Microsoft.CeruleanTest/widgets").body?["value"]?.arrayValue?.count == 1)
    }

    @Test func proxyChildrenHaveNoLocationNoTagsNoPatch() async throws {
        let h = try await H(policy: .immediate)
        await h.makeGroup()
        await h.makeWidget("w1")
        let gadget = await h.call("PUT", H.widget("w1") + "/gadgets/g1", body: #"{"location":"eastus","tags":{"a":"b"},"properties":{"x":1}}"#)
        #expect(gadget.status == 201)
        #expect(gadget.body?["location"] == nil)
        #expect(gadget.body?["tags"] == nil)
        #expect(gadget.body?["type"]?.stringValue == "Microsoft.CeruleanTest/widgets/gadgets")
        let patch = await h.call("PATCH", H.widget("w1") + "/gadgets/g1", body: #"{"properties":{}}"#)
        #expect(patch.status == 405)
        #expect(patch.errorCode == "MethodNotAllowed")
        let post = await h.call("POST", H.widget("w1"))
        #expect(post.status == 405)
    }

    @Test func effectsOfSavesAndDeletesReachOtherResources() async throws {
        let h = try await H(policy: .immediate)
        await h.makeGroup()
        await h.makeWidget("w1")
        _ = await h.call("PUT", H.widget("w1") + "/gadgets/g1", body: "{}")
        _ = await h.call("PUT", H.widget("w1") + "/gadgets/g2", body: "{}")
        #expect(await h.call("GET", H.widget("w1")).body?["properties"]?["gadgetCount"]?.intValue == 2)
        #expect(await h.call("DELETE", H.widget("w1") + "/gadgets/g1").status == 204)
        #expect(await h.call("GET", H.widget("w1")).body?["properties"]?["gadgetCount"]?.intValue == 1)
        // Deleting the parent removes its children with it.
        #expect(await h.call("DELETE", H.widget("w1")).status == 204)
        #expect(await h.call("GET", H.widget("w1") + "/gadgets/g2").status == 404)
    }

    @Test func patchMergesAllowedMembersAndRefusesOthers() async throws {
        let h = try await H(policy: .immediate)
        await h.makeGroup()
        await h.makeWidget("w1", body: #"{"location":"eastus","tags":{"a":"1"},"properties":{"size":3}}"#)
        let patched = await h.call("PATCH", H.widget("w1"), body: #"{"tags":{"b":"2"},"sku":{"name":"Gold"},"properties":{"color":"green"}}"#)
        #expect(patched.status == 200)
        #expect(patched.body?["tags"]?.objectValue == ["b": "2"])
        #expect(patched.body?["sku"]?["name"]?.stringValue == "Gold")
        #expect(patched.body?["properties"]?["color"]?.stringValue == "green")
        #expect(patched.body?["properties"]?["size"]?.intValue == 3)
        let refused = await h.call("PATCH", H.widget("w1"), body: #"{"kind":"special"}"#)
        #expect(refused.status == 400)
        #expect(refused.errorCode == "InvalidParameter")
        #expect(refused.errorMessage?.contains("Updatable properties: properties, sku, tags") == true)
        let badSize = await h.call("PATCH", H.widget("w1"), body: #"{"properties":{"size":"x"}}"#)
        #expect(badSize.errorCode == "InvalidRequestContent")
        #expect(await h.call("GET", H.widget("w1")).body?["properties"]?["size"]?.intValue == 3)
        // A null member is removed (merge-patch), not stored as null.
        let cleared = await h.call("PATCH", H.widget("w1"), body: #"{"sku":null}"#)
        #expect(cleared.status == 200)
        #expect(cleared.body?.objectValue?.keys.contains("sku") == false)
    }

    @Test func actionsRunOnExistingResources() async throws {
        let h = try await H(policy: .immediate)
        await h.makeGroup()
        await h.makeWidget("w1")
        let secret = await h.call("POST", H.widget("w1") + "/listSecrets")
        #expect(secret.status == 200)
        #expect(secret.body?["secret"]?.stringValue == "s3cret-w1")
        let unknown = await h.call("POST", H.widget("w1") + "/explode")
        #expect(unknown.status == 400)
        #expect(unknown.errorCode == "NoRegisteredProviderFound")
        let missing = await h.call("POST", H.widget("w2") + "/listSecrets")
        #expect(missing.errorCode == "ResourceNotFound")
    }

    @Test func listsPageWithAbsoluteNextLinks() async throws {
        let h = try await H(policy: .immediate, pageSize: 2)
        await h.makeGroup()
        for i in 1...5 { await h.makeWidget("w\(i)") }
        var names: [String] = []
        var page = await h.call("GET", "\(H.group)/providers/Microsoft.CeruleanTest/widgets")
        var pages = 1
        while true {
            names += page.body?["value"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            guard let next = page.body?["nextLink"]?.stringValue else { break }
            #expect(next.hasPrefix(H.base + H.group))
            #expect(next.contains("api-version=2024-01-01"))
            #expect(next.contains("$skipToken="))
            page = await h.follow(next)
            pages += 1
        }
        #expect(names == ["w1", "w2", "w3", "w4", "w5"])
        #expect(pages == 3)
        let bySubscription = await h.call("GET", "/subscriptions/\(H.sub)/providers/Microsoft.CeruleanTest/widgets?$top=10")
        #expect(bySubscription.body?["value"]?.arrayValue?.count == 2)  // page size caps $top
        let bad = await h.call("GET", "\(H.group)/providers/Microsoft.CeruleanTest/widgets?$skipToken=garbage")
        #expect(bad.status == 400)
    }

    @Test func systemDataNamesTheCallerFromItsToken() async throws {
        let h = try await H(policy: .immediate)
        func jwt(_ claims: String) -> String {
            "Bearer eyJhbGciOiJub25lIn0." + Base64URL.encode(Data(claims.utf8)) + ".sig"
        }
        _ = await h.call("PUT", "/subscriptions/\(H.sub)/resourcegroups/rg1", body: #"{"location":"eastus"}"#,
                         headers: ["Authorization": jwt(#"{"upn":"ada@contoso.com","oid":"1"}"#)])
        let updated = await h.call("PUT", "/subscriptions/\(H.sub)/resourcegroups/rg1", body: #"{"location":"eastus"}"#,
                                   headers: ["Authorization": jwt(#"{"appid":"11111111-2222-3333-4444-555555555555"}"#)])
        let data = try #require(updated.body?["systemData"])
        #expect(data["createdBy"]?.stringValue == "ada@contoso.com")
        #expect(data["createdByType"]?.stringValue == "User")
        #expect(data["lastModifiedBy"]?.stringValue == "11111111-2222-3333-4444-555555555555")
        #expect(data["lastModifiedByType"]?.stringValue == "Application")
    }

    @Test func conditionalWritesHonourETags() async throws {
        let h = try await H(policy: .immediate)
        await h.makeGroup()
        let created = await h.makeWidget("w1")
        let etag = try #require(created.header("ETag"))
        let stale = await h.call("PUT", H.widget("w1"), body: #"{"location":"eastus"}"#,
                                 headers: ["Authorization": "Bearer x", "If-Match": "\"nope\""])
        #expect(stale.status == 412)
        #expect(stale.errorCode == "PreconditionFailed")
        let fresh = await h.call("PUT", H.widget("w1"), body: #"{"location":"eastus"}"#,
                                 headers: ["Authorization": "Bearer x", "If-Match": etag])
        #expect(fresh.status == 200)
        let createOnly = await h.call("PUT", H.widget("w1"), body: #"{"location":"eastus"}"#,
                                      headers: ["Authorization": "Bearer x", "If-None-Match": "*"])
        #expect(createOnly.status == 412)
    }
}
