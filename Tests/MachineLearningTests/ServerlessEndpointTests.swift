import ARM
import CeruleanJSON
import Testing

@Suite struct ServerlessEndpointTests {
    typealias H = MLHarness

    @Test func deploysAMicrosoftModelWithTheShapeAzureAIMLNeeds() async throws {
        let h = try await H(policy: .standard)
        await h.makeWorkspace()
        let created = await h.deploy("proj", "Phi-3-mini-rqvel", model: H.phi)
        #expect(created.status == 201)
        let p = try #require(created.props)
        #expect(p["provisioningState"]?.stringValue == "Creating")
        #expect(p["endpointState"]?.stringValue == "Creating")
        #expect(p["modelSettings"]?["modelId"]?.stringValue == H.phi)
        #expect(p["authMode"]?.stringValue == "Key")
        #expect(p["contentSafety"]?["contentSafetyStatus"]?.stringValue == "Enabled")
        #expect(p["inferenceEndpoint"]?["uri"]?.stringValue == H.base + "/serverless/eastus2/Phi-3-mini-rqvel")
        #expect(p["inferenceEndpoint"]?["headers"]?.objectValue == [:])
        #expect(p["marketplaceSubscriptionId"] == .null)
        #expect(created.body?["sku"]?["name"]?.stringValue == "Consumption")
        #expect(created.body?["systemData"]?["lastModifiedAt"] != nil)
        #expect(created.body?["location"]?.stringValue == "eastus2")
        h.clock.advance(by: 1)
        #expect(await h.follow(try #require(created.header("Azure-AsyncOperation"))).body?["status"]?.stringValue == "Succeeded")
        let got = await h.call("GET", H.endpoint("proj", "phi-3-MINI-rqvel"))
        #expect(got.props?["provisioningState"]?.stringValue == "Succeeded")
        #expect(got.props?["endpointState"]?.stringValue == "Online")
        #expect(got.body?["name"]?.stringValue == "Phi-3-mini-rqvel")
        #expect(got.body?.compactString.contains("primaryKey") == false)  // keys never appear in the resource
    }

    @Test func marketplaceModelsNeedTheWorkspacesSubscription() async throws {
        let h = try await H()
        await h.makeWorkspace()
        let refused = await h.deploy()
        #expect(refused.status == 400)
        #expect(refused.errorCode == "MarketplaceSubscriptionRequired")
        #expect(refused.errorMessage?.contains("Meta-Llama-3-8B-Instruct") == true)
        let sub = await h.subscribe()
        let created = await h.deploy()
        #expect(created.status == 201)
        #expect(created.props?["marketplaceSubscriptionId"]?.stringValue == sub.body?["id"]?.stringValue)
        #expect(created.props?["endpointState"]?.stringValue == "Online")
    }

    @Test func documentedRulesEachWithTheirError() async throws {
        let h = try await H()
        await h.makeWorkspace()
        await h.makeWorkspace("other")
        await h.subscribe()
        let versioned = await h.deploy(model: H.llama + "/versions/3")
        #expect(versioned.errorCode == "ModelVersionNotSupported")
        #expect(versioned.body?["error"]?["target"]?.stringValue == "properties.modelSettings.modelId")
        #expect(await h.deploy(model: "azureml://registries/azureml/models/Nope").errorCode == "ModelNotFound")
        let noModel = await h.call("PUT", H.endpoint("proj", "e1"), body: #"{"location":"eastus2","properties":{}}"#)
        #expect(noModel.errorMessage?.contains("properties.modelSettings.modelId") == true)
        let badName = await h.deploy("proj", "1-starts-with-digit")
        #expect(badName.errorCode == "InvalidResourceName")
        let tooLong = await h.deploy("proj", "a" + String(repeating: "b", count: 52))
        #expect(tooLong.errorCode == "InvalidResourceName")
        let region = await h.deploy("proj", "phi-far", model: H.phi, location: "australiaeast")
        #expect(region.status == 400)
        #expect(region.errorCode == "ModelNotAvailableInRegion")
        #expect(await h.deploy().status == 201)
        let second = await h.deploy("proj", "llama-again")
        #expect(second.status == 409)
        #expect(second.errorCode == "ModelAlreadyDeployed")
        // Names are unique per region across every workspace of the emulator.
        let taken = await h.deploy("other", "LLAMA-EP", model: H.phi)
        #expect(taken.status == 409)
        #expect(taken.errorCode == "EndpointNameNotAvailable")
        #expect(taken.errorMessage?.hasPrefix("Serverless endpoint name 'LLAMA-EP' is not available") == true)
        _ = await h.call("PUT", "/subscriptions/\(H.sub)/resourceGroups/rg1/providers/Microsoft.MachineLearningServices/workspaces/west",
                         body: #"{"location":"westus"}"#)
        #expect(await h.deploy("west", "llama-ep", model: H.phi, location: "westus").status == 201)
        let auth = await h.call("PUT", H.endpoint("proj", "phi2"),
                                body: #"{"location":"eastus2","properties":{"authMode":"AAD","modelSettings":{"modelId":"\#(H.phi)"}}}"#)
        #expect(auth.errorCode == "InvalidParameter")
        let sku = await h.call("PUT", H.endpoint("proj", "phi2"),
                               body: #"{"location":"eastus2","sku":{"name":"Standard"},"properties":{"modelSettings":{"modelId":"\#(H.phi)"}}}"#)
        #expect(sku.errorCode == "InvalidParameter")
        let safetyOff = await h.call("PUT", H.endpoint("proj", "phi2"),
                                     body: #"{"location":"eastus2","properties":{"contentSafety":{"contentSafetyStatus":"disabled"},"modelSettings":{"modelId":"\#(H.phi)"}}}"#)
        #expect(safetyOff.props?["contentSafety"]?["contentSafetyStatus"]?.stringValue == "Disabled")
        let swap = await h.call("PUT", H.endpoint("proj", "phi2"),
                                body: #"{"location":"eastus2","properties":{"modelSettings":{"modelId":"azureml://registries/azureml/models/Phi-4"}}}"#)
        #expect(swap.errorCode == "InvalidParameter")
    }

    @Test func patchChangesTagsSkuAndIdentityOnly() async throws {
        let h = try await H()
        await h.makeWorkspace()
        await h.deploy("proj", "phi", model: H.phi)
        let patched = await h.call("PATCH", H.endpoint("proj", "phi"), body: #"{"tags":{"team":"a"}}"#)
        #expect(patched.status == 200)
        #expect(patched.body?["tags"]?["team"]?.stringValue == "a")
        #expect(patched.props?["inferenceEndpoint"]?["uri"]?.stringValue == H.base + "/serverless/eastus2/phi")
        let refused = await h.call("PATCH", H.endpoint("proj", "phi"), body: #"{"properties":{"authMode":"Key"}}"#)
        #expect(refused.status == 400)
        #expect(refused.errorMessage?.contains("identity, sku, tags") == true)
    }

    @Test func keysListAndRegenerate() async throws {
        let h = try await H()
        await h.makeWorkspace()
        await h.subscribe()
        await h.deploy()
        let (primary, secondary) = await h.keys()
        #expect(primary.count == 32)
        #expect(secondary.count == 32)
        #expect(primary != secondary)
        #expect(primary.allSatisfy { $0.isLetter || $0.isNumber })
        // azure-ai-ml sends the current key as keyValue: that still rotates.
        let rotated = await h.call("POST", H.endpoint("proj", "llama-ep") + "/regenerateKeys",
                                   body: #"{"keyType":"Primary","keyValue":"\#(primary)"}"#)
        #expect(rotated.status == 200)
        let newPrimary = try #require(rotated.body?["primaryKey"]?.stringValue)
        #expect(newPrimary != primary)
        #expect(newPrimary.count == 32)
        #expect(rotated.body?["secondaryKey"]?.stringValue == secondary)
        #expect(await h.keys().0 == newPrimary)
        let chosen = await h.call("POST", H.endpoint("proj", "llama-ep") + "/regenerateKeys",
                                  body: #"{"keyType":"secondary","keyValue":"my-own-secondary-key-1234"}"#)
        #expect(chosen.body?["secondaryKey"]?.stringValue == "my-own-secondary-key-1234")
        let bare = await h.call("POST", H.endpoint("proj", "llama-ep") + "/regenerateKeys", body: #"{"keyType":"Secondary"}"#)
        #expect(bare.body?["secondaryKey"]?.stringValue != "my-own-secondary-key-1234")
        let badType = await h.call("POST", H.endpoint("proj", "llama-ep") + "/regenerateKeys", body: #"{"keyType":"Tertiary"}"#)
        #expect(badType.status == 400)
        #expect(badType.errorCode == "InvalidParameter")
        let noBody = await h.call("POST", H.endpoint("proj", "llama-ep") + "/regenerateKeys")
        #expect(noBody.status == 400)
        let shortKey = await h.call("POST", H.endpoint("proj", "llama-ep") + "/regenerateKeys", body: #"{"keyType":"Primary","keyValue":"short"}"#)
        #expect(shortKey.errorCode == "InvalidParameter")
        #expect(await h.keys().0 == newPrimary)  // refused calls changed nothing
        let missing = await h.call("POST", H.endpoint("proj", "nope") + "/listKeys")
        #expect(missing.status == 404)
    }

    @Test func provisioningFailureAndDeletionShowInEndpointState() async throws {
        let h = try await H(policy: ProvisioningPolicy(timing: .afterObservations(1), outcome: .fail(code: "CapacityExceeded", message: "No capacity.")))
        await h.makeWorkspace()
        let created = await h.deploy("proj", "phi", model: H.phi)
        _ = await h.follow(try #require(created.header("Azure-AsyncOperation")))
        let failed = await h.call("GET", H.endpoint("proj", "phi"))
        #expect(failed.props?["provisioningState"]?.stringValue == "Failed")
        #expect(failed.props?["endpointState"]?.stringValue == "CreationFailed")

        let ok = try await H(policy: .standard)
        await ok.makeWorkspace()
        let e = await ok.deploy("proj", "phi", model: H.phi)
        ok.clock.advance(by: 1)
        _ = await ok.follow(try #require(e.header("Azure-AsyncOperation")))
        let deleting = await ok.call("DELETE", H.endpoint("proj", "phi"))
        #expect(deleting.status == 202)
        #expect(deleting.header("Location")?.contains("/mfeOperationResults/") == true)
        ok.clock.advance(by: 1)
        #expect(await ok.follow(try #require(deleting.header("Location"))).status == 204)
        #expect(await ok.call("GET", H.endpoint("proj", "phi")).status == 404)
        #expect(try await ok.store.read { tx in try tx.documents("endpointKeys").count } == 0)
    }
}
