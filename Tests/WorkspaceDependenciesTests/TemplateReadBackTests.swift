import ARM
import CeruleanJSON
import Foundation
import Testing

/// A workspace's dependencies deployed by a template the way azure-ai-ml's `workspace_base.json`
/// does (null parameter values, `dependsOn`, the linked Log Analytics workspace), then read back
/// with `reference()` and the `list*()` functions.
@Suite struct TemplateReadBackTests {
    typealias H = DependencyHarness

    static let template = #"""
        {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "parameters": {
            "base": {"type": "string"},
            "location": {"type": "string", "defaultValue": "[resourceGroup().location]"},
            "storageAccountType": {"type": "string", "defaultValue": "Standard_LRS"},
            "tagValues": {"type": "object", "defaultValue": {}}
          },
          "variables": {"logs": "[concat(parameters('base'), 'logs')]"},
          "resources": [
            {"type": "Microsoft.OperationalInsights/workspaces", "apiVersion": "2020-08-01", "name": "[variables('logs')]",
             "location": "[parameters('location')]", "tags": "[parameters('tagValues')]", "kind": "web", "properties": {"Application_Type": "web"}},
            {"type": "Microsoft.Insights/components", "apiVersion": "2020-02-02-preview", "name": "[concat(parameters('base'), 'insights')]",
             "location": "[parameters('location')]", "kind": "web",
             "dependsOn": ["[resourceId('Microsoft.OperationalInsights/workspaces', variables('logs'))]"],
             "properties": {"Application_Type": "web", "WorkspaceResourceId": "[resourceId('Microsoft.OperationalInsights/workspaces', variables('logs'))]"}},
            {"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-04-01", "name": "[concat(parameters('base'), 'storage')]",
             "location": "[parameters('location')]", "sku": {"name": "[parameters('storageAccountType')]"}, "kind": "StorageV2",
             "properties": {"networkAcls": "[json('null')]", "isHnsEnabled": false}},
            {"type": "Microsoft.KeyVault/vaults", "apiVersion": "2023-07-01", "name": "[concat(parameters('base'), 'vault')]",
             "location": "[parameters('location')]",
             "properties": {"tenantId": "[subscription().tenantId]", "sku": {"name": "standard", "family": "A"}, "accessPolicies": []}},
            {"type": "Microsoft.ContainerRegistry/registries", "apiVersion": "2023-07-01", "name": "[concat(parameters('base'), 'registry')]",
             "location": "[parameters('location')]", "sku": {"name": "Basic"}, "properties": {"adminUserEnabled": true}}
          ],
          "outputs": {
            "blob": {"type": "string", "value": "[reference(resourceId('Microsoft.Storage/storageAccounts', concat(parameters('base'), 'storage')), '2023-04-01').primaryEndpoints.blob]"},
            "storageKey": {"type": "string", "value": "[listKeys(resourceId('Microsoft.Storage/storageAccounts', concat(parameters('base'), 'storage')), '2023-04-01').keys[0].value]"},
            "vaultUri": {"type": "string", "value": "[reference(resourceId('Microsoft.KeyVault/vaults', concat(parameters('base'), 'vault')), '2023-07-01').vaultUri]"},
            "customerId": {"type": "string", "value": "[reference(resourceId('Microsoft.OperationalInsights/workspaces', variables('logs')), '2020-08-01').customerId]"},
            "logsKey": {"type": "string", "value": "[listKeys(resourceId('Microsoft.OperationalInsights/workspaces', variables('logs')), '2020-08-01').primarySharedKey]"},
            "instrumentationKey": {"type": "string", "value": "[reference(resourceId('Microsoft.Insights/components', concat(parameters('base'), 'insights')), '2020-02-02-preview').InstrumentationKey]"},
            "connectionString": {"type": "string", "value": "[reference(resourceId('Microsoft.Insights/components', concat(parameters('base'), 'insights')), '2020-02-02-preview').ConnectionString]"},
            "loginServer": {"type": "string", "value": "[reference(resourceId('Microsoft.ContainerRegistry/registries', concat(parameters('base'), 'registry')), '2023-07-01').loginServer]"},
            "registryPassword": {"type": "string", "value": "[listCredentials(resourceId('Microsoft.ContainerRegistry/registries', concat(parameters('base'), 'registry')), '2023-07-01').passwords[0].value]"}
          }
        }
        """#

    @Test func everyReadOnlyPropertyAndKeyReachesTheOutputs() async throws {
        // Every operation takes a second of the manual clock, the deployment's too.
        let h = try await H(policy: ProvisioningPolicy(timing: .afterSeconds(1)))
        let body = #"{"properties": {"mode": "Incremental", "template": \#(Self.template), "parameters": {"base": {"value": "demo"}, "location": {"value": null}, "storageAccountType": {"value": null}, "tagValues": {"value": null}}}}"#
        let put = await h.call("PUT", "\(H.group)/providers/Microsoft.Resources/deployments/deps", body: body, apiVersion: "2024-03-01")
        #expect(put.status == 201, "\(put.body.map { String(decoding: $0.serialized(), as: UTF8.self) } ?? "")")
        h.harness.clock.advance(by: 1)
        let done = await h.call("GET", "\(H.group)/providers/Microsoft.Resources/deployments/deps", apiVersion: "2024-03-01")
        #expect(done.props?["provisioningState"] == "Succeeded", "\(done.props?["error"].map { String(decoding: $0.serialized(), as: UTF8.self) } ?? "")")
        let outputs = try #require(done.props?["outputs"])
        func output(_ name: String) -> String? { outputs[name]?["value"]?.stringValue }
        #expect(output("blob") == "https://demostorage.blob.core.windows.net/")
        #expect(output("vaultUri") == "https://demovault.vault.azure.net/")
        #expect(output("loginServer") == "demoregistry.azurecr.io")
        let listed = await h.call("POST", H.storage("demostorage") + "/listKeys")
        #expect(output("storageKey") == listed.body?["keys"]?[0]?["value"]?.stringValue && output("storageKey")?.count == 88)
        let logs = await h.call("GET", H.logAnalytics("demologs"))
        #expect(output("customerId") == logs.props?["customerId"]?.stringValue)
        #expect(output("logsKey") == (await h.call("POST", H.logAnalytics("demologs") + "/sharedKeys")).body?["primarySharedKey"]?.stringValue)
        let insights = await h.call("GET", H.insights("demoinsights"))
        #expect(output("instrumentationKey") == insights.props?["InstrumentationKey"]?.stringValue)
        #expect(output("connectionString")?.hasPrefix("InstrumentationKey=\(output("instrumentationKey") ?? "-");") == true)
        #expect(output("registryPassword")?.isEmpty == false)
        #expect(insights.props?["WorkspaceResourceId"]?.stringValue == H.logAnalytics("demologs"))
        let storage = await h.call("GET", H.storage("demostorage"))
        #expect(storage.body?["sku"]?["name"] == "Standard_LRS", "a null parameter takes its default")
        #expect(storage.body?["location"] == "eastus2")
    }
}
