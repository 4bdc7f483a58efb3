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

    /// azure-ai-ml's workspace template passes its boolean settings as string parameters
    /// (`"hbiWorkspace": "false"`); the provider reads them as booleans, as Azure does.
    @Test func booleanSettingsGivenAsStringsAreBooleans() async throws {
        let h = try await H()
        let ws = await h.call("PUT", H.workspace("from-template"), body: #"""
            {"location":"eastus2","kind":"default","properties":{"hbiWorkspace":"false","enableDataIsolation":"False",
             "allowRoleAssignmentOnRG":"true","provisionNetworkNow":"false","softDeleteEnabled":false}}
            """#)
        #expect(ws.status == 201)
        let p = try #require(ws.props)
        #expect(p["hbiWorkspace"] == false && p["enableDataIsolation"] == false && p["allowRoleAssignmentOnRG"] == true)
        #expect(p["provisionNetworkNow"] == false && p["softDeleteEnabled"] == false)
        #expect(ws.body?["kind"] == "Default")
        let bare = await h.call("PUT", H.workspace("bare-identity"), body: #"{"location":"eastus2","identity":{}}"#)
        #expect(bare.body?["identity"]?["type"] == "SystemAssigned" && bare.body?["identity"]?["principalId"] != nil)
        let bad = await h.call("PUT", H.workspace("bad-bool"), body: #"{"location":"eastus2","properties":{"hbiWorkspace":"maybe"}}"#)
        #expect(bad.status == 400)
        #expect(bad.errorCode == "InvalidRequestContent")
        #expect(bad.errorMessage?.contains("properties.hbiWorkspace") == true)
    }

    /// A project uses its hub's storage, key vault, Application Insights and registry.
    @Test func projectsReportTheirHubsDependencies() async throws {
        let h = try await H()
        let storage = "/subscriptions/\(H.sub)/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/hubstore"
        let vault = "/subscriptions/\(H.sub)/resourceGroups/rg1/providers/Microsoft.KeyVault/vaults/hubvault"
        let hub = await h.call("PUT", H.workspace("deps-hub"), body: #"""
            {"location":"eastus2","kind":"Hub","properties":{"storageAccount":"\#(storage)","keyVault":"\#(vault)","containerRegistry":null}}
            """#)
        let hubID = try #require(hub.body?["id"]?.stringValue)
        let project = await h.makeWorkspace("deps-project", kind: "Project", hub: hubID)
        #expect(project.props?["storageAccount"]?.stringValue == storage)
        #expect(project.props?["keyVault"]?.stringValue == vault)
        #expect(project.props?["containerRegistry"]?.stringValue == nil)
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
