import ARM
import CeruleanJSON
import Testing

@Suite struct WorkspaceTests {
    typealias H = MLHarness

    @Test func hubsAndProjectsWithTheReadOnlyFieldsSDKsRead() async throws {
        let h = try await H()
        let hub = await h.makeWorkspace("my-hub", kind: "hub")
        #expect(hub.status == 201)
        #expect(hub.body?["kind"]?.stringValue == "Hub")
        let hubID = try #require(hub.body?["id"]?.stringValue)
        let project = await h.makeWorkspace("my-project", kind: "Project", hub: hubID)
        #expect(project.status == 201)
        let p = try #require(project.props)
        #expect(p["hubResourceId"]?.stringValue == hubID)
        #expect(p["provisioningState"]?.stringValue == "Succeeded")
        #expect(p["discoveryUrl"]?.stringValue == "https://eastus2.api.azureml.ms/discovery")
        #expect(p["mlFlowTrackingUri"]?.stringValue == "azureml://eastus2.api.azureml.ms/mlflow/v1.0/subscriptions/\(H.sub)/resourceGroups/rg1/providers/Microsoft.MachineLearningServices/workspaces/my-project")
        #expect(p["friendlyName"]?.stringValue == "my-project")
        #expect(p["tenantId"]?.stringValue == "00000000-aaaa-bbbb-cccc-dddddddddddd")
        let workspaceID = try #require(p["workspaceId"]?.stringValue)
        #expect(project.body?["location"]?.stringValue == "eastus2")
        #expect(project.body?["identity"]?["type"]?.stringValue == "SystemAssigned")
        #expect(project.body?["systemData"]?["createdBy"] != nil)
        // The id must split so that element 4 is the resource group (azure-ai-ml does this).
        #expect(project.body?["id"]?.stringValue?.split(separator: "/", omittingEmptySubsequences: false)[4] == "rg1")

        let updated = await h.call("PUT", H.workspace("my-project"),
                                   body: #"{"location":"eastus2","kind":"Project","properties":{"hubResourceId":"\#(hubID)","description":"demo"}}"#)
        #expect(updated.status == 200)
        #expect(updated.props?["workspaceId"]?.stringValue == workspaceID)
        #expect(updated.props?["description"]?.stringValue == "demo")
        let patched = await h.call("PATCH", H.workspace("my-project"), body: #"{"properties":{"friendlyName":"Demo project"},"tags":{"a":"b"}}"#)
        #expect(patched.status == 200)
        #expect(patched.props?["friendlyName"]?.stringValue == "Demo project")
        #expect(patched.props?["workspaceId"]?.stringValue == workspaceID)
    }

    @Test func projectRules() async throws {
        let h = try await H()
        let orphan = await h.makeWorkspace("orphan", kind: "Project")
        #expect(orphan.status == 400)
        #expect(orphan.errorCode == "InvalidRequestContent")
        #expect(orphan.errorMessage?.contains("properties.hubResourceId") == true)
        let missingHub = await h.makeWorkspace("proj1", kind: "Project", hub: H.workspace("nohub"))
        #expect(missingHub.errorCode == "HubNotFound")
        await h.makeWorkspace("plain")
        let notHub = await h.makeWorkspace("proj2", kind: "Project", hub: H.workspace("plain"))
        #expect(notHub.errorCode == "InvalidParameter")
        let badKind = await h.makeWorkspace("ws3", kind: "Lakehouse")
        #expect(badKind.errorCode == "InvalidParameter")
        let changeKind = await h.makeWorkspace("plain", kind: "Hub")
        #expect(changeKind.errorCode == "InvalidParameter")
        let badName = await h.makeWorkspace("x")
        #expect(badName.errorCode == "InvalidResourceName")
    }

    @Test func listsByGroupAndSubscription() async throws {
        let h = try await H()
        await h.makeWorkspace("ws-a")
        _ = await h.call("PUT", "/subscriptions/\(H.sub)/resourceGroups/rg2", body: #"{"location":"eastus"}"#)
        _ = await h.call("PUT", "/subscriptions/\(H.sub)/resourceGroups/rg2/providers/Microsoft.MachineLearningServices/workspaces/ws-b",
                         body: #"{"location":"eastus"}"#)
        func names(_ r: ARMResponse) -> [String] { r.body?["value"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? [] }
        #expect(names(await h.call("GET", H.ml + "/workspaces")) == ["ws-a"])
        #expect(names(await h.call("GET", "/subscriptions/\(H.sub)/providers/Microsoft.MachineLearningServices/workspaces")) == ["ws-a", "ws-b"])
    }

    @Test func deletingAWorkspaceDeletesItsChildrenAndTheirKeys() async throws {
        let h = try await H()
        await h.makeWorkspace()
        await h.subscribe()
        await h.deploy()
        await h.deploy("proj", "phi-ep", model: H.phi)
        #expect(try await h.store.read { tx in try tx.documents("endpointKeys").count } == 2)
        #expect(await h.call("DELETE", H.workspace("proj")).status == 204)
        #expect(await h.call("GET", H.endpoint("proj", "llama-ep")).status == 404)
        #expect(await h.call("GET", H.subscription("proj", "llama-sub")).status == 404)
        #expect(try await h.store.read { tx in try tx.documents("endpointKeys").count } == 0)
        // The names are free again.
        await h.makeWorkspace("proj2")
        #expect(await h.deploy("proj2", "phi-ep", model: H.phi).status == 201)
    }
}
