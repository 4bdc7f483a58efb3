import ARM
import CeruleanJSON
import Testing

@Suite struct MarketplaceSubscriptionTests {
    typealias H = MLHarness

    @Test func subscribesWithThePlanFromTheCatalog() async throws {
        let h = try await H(policy: .standard)
        await h.makeWorkspace()
        let created = await h.subscribe()
        #expect(created.status == 201)
        #expect(created.body?["type"]?.stringValue == "Microsoft.MachineLearningServices/workspaces/marketplaceSubscriptions")
        #expect(created.body?["location"] == nil)
        #expect(created.body?["tags"] == nil)
        #expect(created.props?["modelId"]?.stringValue == H.llama)
        #expect(created.props?["marketplacePlan"]?.objectValue == [
            "publisherId": "metagenai", "offerId": "meta-llama-3-8b-chat-offer", "planId": "meta-llama-3-8b-chat-plan",
        ])
        #expect(created.props?["marketplaceSubscriptionStatus"]?.stringValue == "Subscribed")
        #expect(created.props?["provisioningState"]?.stringValue == "Creating")
        let status = try #require(created.header("Azure-AsyncOperation"))
        #expect(status.contains("/providers/Microsoft.MachineLearningServices/locations/eastus2/mfeOperationsStatus/"))
        h.clock.advance(by: 1)
        #expect(await h.follow(status).body?["status"]?.stringValue == "Succeeded")
        let got = await h.call("GET", H.subscription("proj", "llama-sub"))
        #expect(got.props?["provisioningState"]?.stringValue == "Succeeded")
        #expect(got.body?["systemData"]?["createdAt"] != nil)
        let list = await h.call("GET", H.workspace("proj") + "/marketplaceSubscriptions")
        #expect(list.body?["value"]?.arrayValue?.count == 1)
    }

    @Test func refusesWhatAzureRefuses() async throws {
        let h = try await H()
        await h.makeWorkspace()
        let missing = await h.call("PUT", H.subscription("proj", "s1"), body: #"{"properties":{}}"#)
        #expect(missing.status == 400)
        #expect(missing.errorMessage?.contains("properties.modelId") == true)
        let versioned = await h.subscribe("proj", "s1", model: H.llama + "/versions/3")
        #expect(versioned.status == 400)
        #expect(versioned.errorCode == "ModelVersionNotSupported")
        let unknown = await h.subscribe("proj", "s1", model: "azureml://registries/azureml-meta/models/Llama-9000")
        #expect(unknown.errorCode == "ModelNotFound")
        let malformed = await h.subscribe("proj", "s1", model: "Meta-Llama-3-8B-Instruct")
        #expect(malformed.errorCode == "InvalidParameter")
        let microsoft = await h.subscribe("proj", "s1", model: H.phi)
        #expect(microsoft.status == 400)
        #expect(microsoft.errorCode == "MarketplaceSubscriptionNotSupported")
        #expect(await h.subscribe().status == 201)
        let twice = await h.subscribe("proj", "other-name")
        #expect(twice.status == 409)
        #expect(twice.errorCode == "MarketplaceSubscriptionAlreadyExists")
        let again = await h.subscribe()
        #expect(again.status == 200)
        let otherModel = await h.subscribe("proj", "llama-sub", model: "azureml://registries/azureml-mistral/models/Mistral-large")
        #expect(otherModel.errorCode == "InvalidParameter")
        let patch = await h.call("PATCH", H.subscription("proj", "llama-sub"), body: #"{"tags":{}}"#)
        #expect(patch.status == 405)
        let noWorkspace = await h.subscribe("ghost", "s1")
        #expect(noWorkspace.status == 404)
        #expect(noWorkspace.errorCode == "ParentResourceNotFound")
    }
}
