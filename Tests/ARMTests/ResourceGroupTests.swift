import ARM
import CeruleanJSON
import Foundation
import Testing

@Suite struct ResourceGroupTests {
    typealias H = EngineHarness

    @Test func createThenUpdateKeepsCasingAndAnswers201Then200() async throws {
        let h = try await H()
        let created = await h.call("PUT", "/subscriptions/\(H.sub)/resourcegroups/My.Group_(1)",
                                   body: #"{"location":"East US 2","tags":{"env":"test"}}"#)
        #expect(created.status == 201)
        #expect(created.body?["id"]?.stringValue == "/subscriptions/\(H.sub)/resourceGroups/My.Group_(1)")
        #expect(created.body?["name"]?.stringValue == "My.Group_(1)")
        #expect(created.body?["type"]?.stringValue == "Microsoft.Resources/resourceGroups")
        #expect(created.body?["location"]?.stringValue == "eastus2")
        #expect(created.body?["tags"]?["env"]?.stringValue == "test")
        #expect(created.provisioningState == "Succeeded")
        #expect(created.body?["systemData"]?["createdBy"]?.stringValue == "cerulean-user@cerulean.local")
        #expect(created.header("Azure-AsyncOperation") == nil)  // not a long-running operation
        let updated = await h.call("PUT", "/subscriptions/\(H.sub)/RESOURCEGROUPS/my.group_(1)",
                                   body: #"{"location":"eastus2","tags":{"env":"prod"}}"#)
        #expect(updated.status == 200)
        #expect(updated.body?["name"]?.stringValue == "My.Group_(1)")
        #expect(updated.body?["tags"]?["env"]?.stringValue == "prod")
        #expect(updated.body?["systemData"]?["createdAt"] == created.body?["systemData"]?["createdAt"])
    }

    @Test func headAndGet() async throws {
        let h = try await H()
        await h.makeGroup("rg1")
        #expect(await h.call("HEAD", "/subscriptions/\(H.sub)/resourcegroups/RG1").status == 204)
        let missing = await h.call("HEAD", "/subscriptions/\(H.sub)/resourcegroups/none")
        #expect(missing.status == 404)
        #expect(missing.body == nil)
        let got = await h.call("GET", "/subscriptions/\(H.sub)/resourceGroups/rg1")
        #expect(got.body?["location"]?.stringValue == "eastus")
    }

    @Test func validation() async throws {
        let h = try await H()
        let noLocation = await h.call("PUT", "/subscriptions/\(H.sub)/resourcegroups/rg", body: #"{"tags":{}}"#)
        #expect(noLocation.status == 400)
        #expect(noLocation.errorCode == "LocationRequired")
        let badName = await h.call("PUT", "/subscriptions/\(H.sub)/resourcegroups/bad%20name.", body: #"{"location":"eastus"}"#)
        #expect(badName.status == 400)
        #expect(badName.errorCode == "InvalidResourceName")
        let badJSON = await h.call("PUT", "/subscriptions/\(H.sub)/resourcegroups/rg", body: #"{"location": "eastus",}"#)
        #expect(badJSON.status == 400)
        #expect(badJSON.errorCode == "InvalidRequestContent")
        #expect(badJSON.errorMessage?.contains("line 1") == true)
        let badTags = await h.call("PUT", "/subscriptions/\(H.sub)/resourcegroups/rg", body: #"{"location":"eastus","tags":{"n":5}}"#)
        #expect(badTags.errorCode == "InvalidRequestContent")
        #expect(badTags.errorMessage?.contains("tags.n") == true)
        let notObject = await h.call("PUT", "/subscriptions/\(H.sub)/resourcegroups/rg", body: "[1]")
        #expect(notObject.errorCode == "InvalidRequestContent")
        await h.makeGroup("rg", location: "eastus")
        let moved = await h.call("PUT", "/subscriptions/\(H.sub)/resourcegroups/rg", body: #"{"location":"westus"}"#)
        #expect(moved.status == 409)
        #expect(moved.errorCode == "InvalidResourceGroupLocation")
        // Nothing stored was lost by the refused calls.
        let kept = await h.call("GET", "/subscriptions/\(H.sub)/resourcegroups/rg")
        #expect(kept.body?["location"]?.stringValue == "eastus")
    }

    @Test func patchChangesTagsOnly() async throws {
        let h = try await H()
        await h.makeGroup("rg1")
        let patched = await h.call("PATCH", "/subscriptions/\(H.sub)/resourcegroups/rg1", body: #"{"tags":{"team":"ml"}}"#)
        #expect(patched.status == 200)
        #expect(patched.body?["tags"]?.objectValue == ["team": "ml"])
        #expect(patched.body?["location"]?.stringValue == "eastus")
        let missing = await h.call("PATCH", "/subscriptions/\(H.sub)/resourcegroups/none", body: #"{"tags":{}}"#)
        #expect(missing.errorCode == "ResourceGroupNotFound")
    }

    @Test func patchChecksManagedByLikePut() async throws {
        let h = try await H()
        await h.makeGroup("rg1")
        let refused = await h.call("PATCH", "/subscriptions/\(H.sub)/resourcegroups/rg1", body: #"{"managedBy":-236}"#)
        #expect(refused.status == 400)
        #expect(refused.errorCode == "InvalidRequestContent")
        #expect(await h.call("GET", "/subscriptions/\(H.sub)/resourcegroups/rg1").body?["managedBy"] == nil)
        let managed = await h.call("PATCH", "/subscriptions/\(H.sub)/resourcegroups/rg1", body: #"{"managedBy":"/subscriptions/x/app"}"#)
        #expect(managed.body?["managedBy"] == "/subscriptions/x/app")
    }

    @Test func listFiltersByTag() async throws {
        let h = try await H()
        _ = await h.call("PUT", "/subscriptions/\(H.sub)/resourcegroups/a", body: #"{"location":"eastus","tags":{"env":"dev"}}"#)
        _ = await h.call("PUT", "/subscriptions/\(H.sub)/resourcegroups/b", body: #"{"location":"eastus","tags":{"env":"prod"}}"#)
        _ = await h.call("PUT", "/subscriptions/\(H.sub)/resourcegroups/c", body: #"{"location":"eastus"}"#)
        func names(_ r: ARMResponse) -> [String] { r.body?["value"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? [] }
        #expect(names(await h.call("GET", "/subscriptions/\(H.sub)/resourcegroups")) == ["a", "b", "c"])
        #expect(names(await h.call("GET", "/subscriptions/\(H.sub)/resourcegroups?$filter=tagName%20eq%20'env'")) == ["a", "b"])
        #expect(names(await h.call("GET", "/subscriptions/\(H.sub)/resourcegroups?$filter=tagName%20eq%20'env'%20and%20tagValue%20eq%20'prod'")) == ["b"])
        let bad = await h.call("GET", "/subscriptions/\(H.sub)/resourcegroups?$filter=location%20eq%20'x'")
        #expect(bad.status == 400)
        #expect(bad.errorCode == "InvalidParameter")
    }

    @Test func deleteIsLongRunningAndRemovesEverythingInside() async throws {
        let h = try await H()
        await h.makeGroup("rg1")
        await h.makeWidget("w1")
        _ = await h.call("PUT", H.widget("w1") + "/gadgets/g1", body: "{}")
        let accepted = await h.call("DELETE", "/subscriptions/\(H.sub)/resourcegroups/rg1")
        #expect(accepted.status == 202)
        let location = try #require(accepted.header("Location"))
        #expect(location.hasPrefix(H.base + "/subscriptions/\(H.sub)/providers/Microsoft.Resources/locations/eastus/operationResults/"))
        #expect(accepted.header("Retry-After") == "1")
        #expect(accepted.body == nil)
        #expect(await h.follow(location).status == 202)
        h.clock.advance(by: 1)
        let poll = await h.follow(location)
        #expect(poll.status == 204)
        #expect(await h.call("GET", "/subscriptions/\(H.sub)/resourcegroups/rg1").errorCode == "ResourceGroupNotFound")
        await h.makeGroup("rg1")
        #expect(await h.call("GET", H.widget("w1")).errorCode == "ResourceNotFound")
        let again = await h.call("DELETE", "/subscriptions/\(H.sub)/resourcegroups/nothere")
        #expect(again.errorCode == "ResourceGroupNotFound")
    }

    @Test func writesIntoAGroupBeingDeletedAreRefused() async throws {
        let h = try await H(policy: ProvisioningPolicy(timing: .afterSeconds(10)))
        await h.makeGroup("rg1")
        let accepted = await h.call("DELETE", "/subscriptions/\(H.sub)/resourcegroups/rg1")
        #expect(accepted.status == 202)
        let refused = await h.makeWidget("w1")
        #expect(refused.status == 409)
        #expect(refused.errorCode == "ResourceGroupBeingDeleted")
        h.clock.advance(by: 10)
        #expect(await h.follow(try #require(accepted.header("Location"))).status == 204)
    }
}
