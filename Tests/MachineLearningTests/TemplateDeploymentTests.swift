import ARM
import CeruleanJSON
import Foundation
import Testing

/// Template deployments through the engine, with the Machine Learning provider's real rules.
@Suite struct TemplateDeploymentTests {
    static let deployments = "\(MLHarness.group)/providers/Microsoft.Resources/deployments"
    static let api = "2024-11-01"

    static func fixture(_ name: String) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("Fixtures/templates/\(name)"), encoding: .utf8)
    }

    /// The body exactly as `az deployment group create` sends it: strict JSON, then the template
    /// file's text spliced in verbatim after an unquoted `template:` key.
    static func body(_ template: String, parameters: String = "{}", mode: String = "Incremental") -> String {
        #"{"properties": {"parameters": \#(parameters), "mode": "\#(mode)", template:"# + template + "}}"
    }

    func deploy(_ h: MLHarness, _ name: String, _ body: String) async -> ARMResponse {
        await h.call("PUT", "\(Self.deployments)/\(name)", body: body, apiVersion: Self.api)
    }

    func get(_ h: MLHarness, _ name: String, _ suffix: String = "") async -> ARMResponse {
        await h.call("GET", "\(Self.deployments)/\(name)\(suffix)", apiVersion: Self.api)
    }

    // MARK: The seeds' templates, unchanged

    @Test func seed004EndpointTemplateDeploysTheEndpoint() async throws {
        let h = try await MLHarness(policy: .standard)
        await h.makeWorkspace("my-workspace")
        await h.subscribe("my-workspace", "Meta-Llama-3-8B-Instruct")
        h.clock.advance(by: 1)
        let put = await deploy(h, "model-subscription-deployment", Self.body(try Self.fixture("004-serverless-endpoint.json")))
        #expect(put.status == 201)
        #expect(put.props?["provisioningState"] == "Accepted")
        let status = try #require(put.header("Azure-AsyncOperation"))
        #expect(status.hasPrefix("\(MLHarness.base)\(Self.deployments)/model-subscription-deployment/operationStatuses/"))
        #expect(status.hasSuffix("?api-version=\(Self.api)"))
        // The resource exists (finished) and the deployment reports success on its first poll.
        let endpoint = await h.call("GET", MLHarness.endpoint("my-workspace", "meta-llama3-8b-qwerty"))
        #expect(endpoint.props?["provisioningState"] == "Succeeded")
        #expect(endpoint.props?["modelSettings"]?["modelId"] == .string(MLHarness.llama))
        #expect(endpoint.body?["location"] == "eastus2")
        h.clock.advance(by: 1)
        let poll = await h.follow(status)
        #expect(poll.body?["status"] == "Succeeded")
        let done = await get(h, "model-subscription-deployment")
        #expect(done.props?["provisioningState"] == "Succeeded")
        #expect(done.props?["outputResources"] == [["id": .string(MLHarness.endpoint("my-workspace", "meta-llama3-8b-qwerty"))]])
        #expect(done.props?["parameters"]?["endpoint_name"] == ["type": "String", "value": "meta-llama3-8b-qwerty"])
        #expect(done.props?["providers"]?[0]?["namespace"] == "Microsoft.MachineLearningServices")
    }

    @Test func seed004SubscriptionTemplateIsInvalidBeforeAnythingIsCreated() async throws {
        let h = try await MLHarness()
        await h.makeWorkspace("my-workspace")
        let put = await deploy(h, "sub-deployment", Self.body(try Self.fixture("004-marketplace-subscription.json")))
        #expect(put.status == 400)
        #expect(put.errorCode == "InvalidTemplate")
        #expect(put.errorMessage == "Deployment template validation failed: 'The template resource 'my-workspace/Meta-Llama-3-8B-Instruct' at line '20' and column '9' is not valid: The template parameter 'location' is not found. Please see https://aka.ms/arm-syntax-parameters for usage details. Please see https://aka.ms/arm-syntax-resources for usage details.'.")
        // Line and column are those of the template file: az pastes it into the body from the first line on.
        #expect(put.body?["error"]?["additionalInfo"]?[0]?["info"] == ["lineNumber": 20, "linePosition": 9, "path": "properties.template.resources[0]"])
        #expect(await h.call("GET", MLHarness.subscription("my-workspace", "Meta-Llama-3-8B-Instruct")).status == 404)
        #expect(await get(h, "sub-deployment").errorCode == "DeploymentNotFound")
    }

    @Test func seed003TemplatesFailOnTheProvidersNameRule() async throws {
        let h = try await MLHarness()
        await h.makeWorkspace("my-project")
        for (name, file, type) in [("sub", "003-marketplace-subscription.json", "marketplaceSubscriptions"),
                                   ("ep", "003-serverless-endpoint.json", "serverlessEndpoints")] {
            let put = await deploy(h, name, Self.body(try Self.fixture(file)))
            #expect(put.status == 201)
            let done = await get(h, name)
            #expect(done.props?["provisioningState"] == "Failed")
            #expect(done.props?["error"]?["code"] == "DeploymentFailed")
            let detail = done.props?["error"]?["details"]?[0]
            #expect(detail?["code"] == "InvalidResourceName")
            #expect(detail?["target"]?.stringValue?.hasSuffix("/workspaces/my-project/\(type)/\(type == "serverlessEndpoints" ? "bria-2.3-Fast" : "Bria-2.3-Fast")") == true)
            #expect(detail?["message"]?.stringValue?.contains("2.3-Fast' is invalid") == true)
            let ops = await get(h, name, "/operations")
            #expect(ops.body?["value"]?[0]?["properties"]?["provisioningState"] == "Failed")
            #expect(ops.body?["value"]?[0]?["properties"]?["statusMessage"]?["error"]?["code"] == "InvalidResourceName")
        }
    }

    // MARK: Engine behaviour

    static let chain = """
        {
          // a workspace, its marketplace subscription and an endpoint, wired by expressions
          "parameters": {"ws": {"type": "string"}, "model": {"type": "string", "defaultValue": "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct"}},
          "variables": {"endpointName": "[concat(parameters('ws'), '-ep')]"},
          "resources": [
            {"type": "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints", "apiVersion": "2024-04-01",
             "name": "[concat(parameters('ws'), '/', variables('endpointName'))]", "location": "[resourceGroup().location]",
             "sku": {"name": "Consumption"}, "properties": {"modelSettings": {"modelId": "[parameters('model')]"}},
             "dependsOn": ["[resourceId('Microsoft.MachineLearningServices/workspaces/marketplaceSubscriptions', parameters('ws'), 'llama')]"]},
            {"type": "Microsoft.MachineLearningServices/workspaces/marketplaceSubscriptions", "apiVersion": "2024-04-01",
             "name": "[concat(parameters('ws'), '/llama')]", "properties": {"modelId": "[parameters('model')]"}},
            {"type": "Microsoft.MachineLearningServices/workspaces", "apiVersion": "2024-04-01", "name": "[parameters('ws')]",
             "location": "eastus2", "kind": "Default",},
          ],
          "outputs": {
            "endpointUri": {"type": "string", "value": "[reference(resourceId('Microsoft.MachineLearningServices/workspaces/serverlessEndpoints', parameters('ws'), variables('endpointName'))).inferenceEndpoint.uri]"},
            "primaryKey": {"type": "string", "value": "[listKeys(resourceId('Microsoft.MachineLearningServices/workspaces/serverlessEndpoints', parameters('ws'), variables('endpointName')), '2024-04-01').primaryKey]"},
          },
        }
        """

    @Test func dependenciesExpressionsOutputsAndJSONCTemplate() async throws {
        let h = try await MLHarness()
        let put = await deploy(h, "chain", Self.body(Self.chain, parameters: #"{"ws": {"value": "proj"}}"#))
        #expect(put.status == 201)
        let done = await get(h, "chain")
        #expect(done.props?["provisioningState"] == "Succeeded", "\(done.body?.compactString ?? "")")
        let uri = done.props?["outputs"]?["endpointUri"]?["value"]?.stringValue ?? ""
        #expect(uri == "\(MLHarness.base)/serverless/eastus2/proj-ep")
        #expect(done.props?["outputs"]?["endpointUri"]?["type"] == "String")
        let (primary, _) = await h.keys("proj", "proj-ep")
        #expect(done.props?["outputs"]?["primaryKey"]?["value"] == .string(primary))
        let ops = await get(h, "chain", "/operations")
        #expect(ops.body?["value"]?.arrayValue?.compactMap { $0["properties"]?["targetResource"]?["resourceName"]?.stringValue }
            == ["proj", "proj/llama", "proj/proj-ep"])
        // The same list at the path without `providers/Microsoft.Resources` (what the SDK's deployment_operations uses).
        let short = await h.call("GET", "\(MLHarness.group)/deployments/chain/operations", apiVersion: Self.api)
        #expect(short.body?["value"]?.arrayValue?.count == 3)
        let deps = done.props?["dependencies"]?.arrayValue ?? []
        #expect(deps.contains { $0["resourceName"] == "proj/proj-ep" && $0["dependsOn"]?.arrayValue?.count == 2 })
        let exported = await h.call("POST", "\(Self.deployments)/chain/exportTemplate", apiVersion: Self.api)
        #expect(exported.body?["template"]?["variables"]?["endpointName"] == "[concat(parameters('ws'), '-ep')]")
    }

    @Test func theBodyIsStrictOutsideTheTemplate() async throws {
        let h = try await MLHarness()
        let bad = #"{"properties": {"template": {"resources": []}, "mode": "Incremental", /* no */ "parameters": {}}}"#
        let put = await deploy(h, "strict", bad)
        #expect(put.status == 400 && put.errorCode == "InvalidRequestContent")
        #expect(put.errorMessage?.contains("line 1") == true)
        let noMode = await deploy(h, "strict", #"{"properties": {"template": {"resources": []}}}"#)
        #expect(noMode.errorCode == "InvalidRequestContent" && noMode.errorMessage?.contains("'mode'") == true)
        let badMode = await deploy(h, "strict", #"{"properties": {"template": {"resources": []}, "mode": "Sometimes"}}"#)
        #expect(badMode.errorCode == "InvalidDeploymentMode")
        let link = await deploy(h, "strict", #"{"properties": {"templateLink": {"uri": "https://example.com/t.json"}, "mode": "Incremental"}}"#)
        #expect(link.errorCode == "InvalidContentLink")
        #expect(await deploy(h, "bad name!", Self.body("{\"resources\": []}")).errorCode == "InvalidResourceName")
        let noGroup = await h.call("PUT", "/subscriptions/\(MLHarness.sub)/resourceGroups/nope/providers/Microsoft.Resources/deployments/d",
                                   body: Self.body("{\"resources\": []}"), apiVersion: Self.api)
        #expect(noGroup.status == 404 && noGroup.errorCode == "ResourceGroupNotFound")
    }

    @Test func templateErrorsAreRefusedSynchronously() async throws {
        let h = try await MLHarness()
        let cycle = #"{"resources": [{"type": "Microsoft.MachineLearningServices/workspaces", "apiVersion": "2024-04-01", "name": "a", "location": "eastus2", "dependsOn": ["b"]}, {"type": "Microsoft.MachineLearningServices/workspaces", "apiVersion": "2024-04-01", "name": "b", "location": "eastus2", "dependsOn": ["a"]}]}"#
        let put = await deploy(h, "cycle", Self.body(cycle))
        #expect(put.status == 400 && put.errorCode == "InvalidTemplate")
        #expect(put.errorMessage?.contains("Circular dependency detected on resource") == true)
        #expect(await h.call("GET", MLHarness.workspace("a")).status == 404)
        let unknown = await deploy(h, "p", Self.body(#"{"parameters": {}, "resources": []}"#, parameters: #"{"x": {"value": 1}}"#))
        #expect(unknown.errorCode == "InvalidTemplate" && unknown.errorMessage?.contains("'x' in the parameters file are not valid") == true)
        let validate = await h.call("POST", "\(Self.deployments)/cycle/validate", body: Self.body(cycle), apiVersion: Self.api)
        #expect(validate.status == 400 && validate.errorCode == "InvalidTemplate")
    }

    @Test func validateChecksWithoutDeploying() async throws {
        let h = try await MLHarness()
        let v = await h.call("POST", "\(Self.deployments)/chain/validate",
                             body: Self.body(Self.chain, parameters: #"{"ws": {"value": "proj"}}"#), apiVersion: Self.api)
        #expect(v.status == 200)
        #expect(v.props?["provisioningState"] == "Succeeded")
        #expect(v.props?["validatedResources"]?.arrayValue?.count == 3)
        #expect(await h.call("GET", MLHarness.workspace("proj")).status == 404)
        #expect(await get(h, "chain").status == 404)
    }

    @Test func unsupportedTypeFailsTheDeploymentNamingTheResource() async throws {
        let h = try await MLHarness()
        let t = #"{"resources": [{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "store1", "location": "eastus2"}, {"type": "Microsoft.MachineLearningServices/workspaces", "apiVersion": "2024-04-01", "name": "independent", "location": "eastus2"}]}"#
        #expect(await deploy(h, "mixed", Self.body(t)).status == 201)
        let done = await get(h, "mixed")
        #expect(done.props?["provisioningState"] == "Failed")
        let detail = done.props?["error"]?["details"]?[0]
        #expect(detail?["code"] == "NoRegisteredProviderFound")
        #expect(detail?["target"]?.stringValue?.hasSuffix("/providers/Microsoft.Storage/storageAccounts/store1") == true)
        // Resources that do not depend on the failed one are still deployed, as in ARM.
        #expect(await h.call("GET", MLHarness.workspace("independent")).status == 200)
    }

    @Test func aFailedProvisioningFailsTheDeploymentWithTheResourcesError() async throws {
        let h = try await MLHarness()
        await h.makeWorkspace()
        h.engine.policies.set(ProvisioningPolicy(parsing: "after:1polls,fail:QuotaExceeded:No capacity left")!,
                              for: "Microsoft.MachineLearningServices/workspaces/marketplaceSubscriptions")
        let t = #"{"resources": [{"type": "Microsoft.MachineLearningServices/workspaces/marketplaceSubscriptions", "apiVersion": "2024-04-01", "name": "proj/llama", "properties": {"modelId": "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct"}}]}"#
        _ = await deploy(h, "quota", Self.body(t))
        let detail = await get(h, "quota").props?["error"]?["details"]?[0]
        #expect(detail?["code"] == "ResourceDeploymentFailure")
        #expect(detail?["message"] == "The resource write operation failed to complete successfully, because it reached terminal provisioning state 'Failed'.")
        #expect(detail?["details"]?[0]?["code"] == "QuotaExceeded")
    }

    @Test func completeModeRemovesWhatTheTemplateDoesNotMention() async throws {
        let h = try await MLHarness()
        await h.makeWorkspace("keep")
        await h.makeWorkspace("stray")
        let t = #"{"resources": [{"type": "Microsoft.MachineLearningServices/workspaces", "apiVersion": "2024-04-01", "name": "keep", "location": "eastus2"}]}"#
        _ = await deploy(h, "incremental", Self.body(t))
        #expect(await h.call("GET", MLHarness.workspace("stray")).status == 200)
        _ = await deploy(h, "complete", Self.body(t, mode: "Complete"))
        let done = await get(h, "complete")
        #expect(done.props?["provisioningState"] == "Succeeded" && done.props?["mode"] == "Complete")
        #expect(await h.call("GET", MLHarness.workspace("stray")).status == 404)
        #expect(await h.call("GET", MLHarness.workspace("keep")).status == 200)
        // Deployments are not resources of the group: both are still listed.
        let list = await h.call("GET", Self.deployments, apiVersion: Self.api)
        #expect(Set(list.body?["value"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []) == ["incremental", "complete"])
        let ops = await get(h, "complete", "/operations")
        #expect(ops.body?["value"]?.arrayValue?.contains { $0["properties"]?["provisioningOperation"] == "Delete" } == true)
    }

    @Test func listFilterHeadCancelDeleteAndActiveConflicts() async throws {
        let h = try await MLHarness(policy: .standard)
        let empty = Self.body(#"{"resources": []}"#)
        #expect(await deploy(h, "one", empty).status == 201)
        // Still Accepted (no poll yet): replacing or deleting it is refused, cancelling works.
        let again = await deploy(h, "one", empty)
        #expect(again.status == 409 && again.errorCode == "DeploymentActive")
        #expect(again.errorMessage?.hasPrefix("Unable to edit or replace deployment 'one': previous deployment from '") == true)
        #expect(await h.call("DELETE", "\(Self.deployments)/one", apiVersion: Self.api).errorCode == "DeploymentActive")
        #expect(await h.call("POST", "\(Self.deployments)/one/cancel", apiVersion: Self.api).status == 204)
        #expect(await get(h, "one").props?["provisioningState"] == "Canceled")
        #expect(await h.call("HEAD", "\(Self.deployments)/one", apiVersion: Self.api).status == 204)
        #expect(await h.call("POST", "\(Self.deployments)/one/cancel", apiVersion: Self.api).errorCode == "DeploymentNotActive")
        _ = await deploy(h, "two", empty)
        h.clock.advance(by: 1)
        let filtered = await h.engine.handle(ARMRequest(
            method: "GET", path: Self.deployments, query: [("api-version", Self.api), ("$filter", "provisioningState eq 'Succeeded'")],
            headers: ["Authorization": "Bearer x"], baseURL: MLHarness.base))
        #expect(filtered.body?["value"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["two"])
        #expect(await h.call("DELETE", "\(Self.deployments)/two", apiVersion: Self.api).status == 204)
        #expect(await h.call("HEAD", "\(Self.deployments)/two", apiVersion: Self.api).status == 404)
        #expect(await get(h, "two", "/operations").errorCode == "DeploymentNotFound")
        // Generic resource lists never show deployments.
        let resources = await h.call("GET", "\(MLHarness.group)/resources")
        #expect(resources.body?["value"]?.arrayValue?.contains { $0["type"] == "Microsoft.Resources/deployments" } == false)
    }

    @Test func subscriptionScopeDeploymentsNeedALocation() async throws {
        let h = try await MLHarness()
        let path = "/subscriptions/\(MLHarness.sub)/providers/Microsoft.Resources/deployments/sub-level"
        let t = #"{"resources": [], "outputs": {"sub": {"type": "string", "value": "[subscription().subscriptionId]"}}}"#
        let noLocation = await h.call("PUT", path, body: Self.body(t), apiVersion: Self.api)
        #expect(noLocation.errorCode == "InvalidDeploymentLocation")
        let body = #"{"location": "eastus2", "properties": {"template": \#(t), "mode": "Incremental"}}"#
        #expect(await h.call("PUT", path, body: body, apiVersion: Self.api).status == 201)
        let done = await h.call("GET", path, apiVersion: Self.api)
        #expect(done.body?["location"] == "eastus2")
        #expect(done.props?["outputs"]?["sub"]?["value"] == .string(MLHarness.sub))
        let list = await h.call("GET", "/subscriptions/\(MLHarness.sub)/providers/Microsoft.Resources/deployments", apiVersion: Self.api)
        #expect(list.body?["value"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["sub-level"])
    }
}
