import ARM
import CeruleanJSON
import Foundation
import Testing

@Suite struct OperationTests {
    typealias H = CognitiveHarness

    @Test func modelsListWhatTheAccountCanDeploy() async throws {
        let h = try await H()
        await h.makeAccount("oai")
        await h.makeAccount("ai", kind: "AIServices")
        let oai = try #require(await h.call("GET", H.account("oai") + "/models").body?["value"]?.arrayValue)
        #expect(oai.allSatisfy { $0["format"] == "OpenAI" })
        let gpt4o = try #require(oai.first { $0["name"] == "gpt-4o" && $0["version"] == "2024-11-20" })
        #expect(gpt4o["isDefaultVersion"] == true)
        #expect(gpt4o["capabilities"]?["chatCompletion"] == "true")
        #expect(gpt4o["skus"]?.arrayValue?.contains { $0["name"] == "GlobalStandard" && $0["usageName"] == "OpenAI.GlobalStandard.gpt-4o" } == true)
        #expect(gpt4o["modelCatalogAssetId"] == "azureml://registries/azure-openai/models/gpt-4o/versions/2024-11-20")
        let ai = try #require(await h.call("GET", H.account("ai") + "/models").body?["value"]?.arrayValue)
        #expect(ai.contains { $0["format"] == "Meta" })
        #expect(ai.contains { $0["format"] == "Mistral AI" && $0["name"] == "Mistral-large-2407" })
        #expect(ai.contains { $0["format"] == "OpenAI" })
        let location = try #require(await h.call("GET", H.provider + "/locations/eastus/models").body?["value"]?.arrayValue)
        #expect(location.contains { $0["kind"] == "OpenAI" && $0["model"]?["name"] == "gpt-4o" })
        #expect(await h.call("GET", H.account("missing") + "/models").status == 404)
    }

    @Test func skusAndAvailability() async throws {
        let h = try await H()
        await h.makeAccount()
        let skus = try #require(await h.call("GET", H.provider + "/skus").body?["value"]?.arrayValue)
        #expect(skus.contains { $0["kind"] == "OpenAI" && $0["name"] == "S0" && $0["locations"] == ["EASTUS"] })
        #expect(await h.call("GET", H.account("acct") + "/skus").body?["value"]?[0]?["sku"] == ["name": "S0", "tier": "Standard"])
        let check = await h.call("POST", H.provider + "/locations/eastus/checkSkuAvailability",
                                 body: #"{"skus":["S0","F9"],"kind":"OpenAI","type":"Microsoft.CognitiveServices/accounts"}"#)
        #expect(check.body?["value"]?[0]?["skuAvailable"] == true)
        #expect(check.body?["value"]?[1]?["skuAvailable"] == false)
        await h.deploy()
        let dskus = await h.call("GET", H.deployment("acct", "chat") + "/skus")
        #expect(dskus.body?["value"]?.arrayValue?.contains { $0["sku"]?["name"] == "Standard" } == true)
    }

    @Test func operationsCheckMethodsAndAuth() async throws {
        let h = try await H()
        #expect(await h.call("PUT", H.provider + "/skus").status == 405)
        let anonymous = await h.engine.handle(ARMRequest(method: "GET", path: H.provider + "/skus", query: [("api-version", "2025-09-01")], baseURL: H.base))
        #expect(anonymous.status == 401)
        #expect(await h.call("GET", "/subscriptions/00000000-0000-0000-0000-00000000dead/providers/Microsoft.CognitiveServices/skus").status == 404)
        #expect(await h.call("GET", "/subscriptions/\(H.sub)/resourceGroups/nogroup/providers/Microsoft.CognitiveServices/accounts/a/models").errorCode == "ResourceGroupNotFound")
    }

    @Test func templateDeploysAnAccountAndADeployment() async throws {
        let h = try await H()
        let template = #"""
        {"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#","contentVersion":"1.0.0.0",
         "parameters":{"name":{"type":"string"}},
         "resources":[
          {"type":"Microsoft.CognitiveServices/accounts","apiVersion":"2024-10-01","name":"[parameters('name')]","location":"eastus",
           "kind":"OpenAI","sku":{"name":"S0"},"properties":{"customSubDomainName":"[parameters('name')]"}},
          {"type":"Microsoft.CognitiveServices/accounts/deployments","apiVersion":"2024-10-01","name":"[format('{0}/chat', parameters('name'))]",
           "dependsOn":["[resourceId('Microsoft.CognitiveServices/accounts', parameters('name'))]"],
           "sku":{"name":"GlobalStandard","capacity":50},"properties":{"model":{"format":"OpenAI","name":"gpt-4o-mini","version":"2024-07-18"}}}],
         "outputs":{"endpoint":{"type":"string","value":"[reference(resourceId('Microsoft.CognitiveServices/accounts', parameters('name')), '2024-10-01').endpoint]"}}}
        """#
        let r = await h.call("PUT", H.group + "/providers/Microsoft.Resources/deployments/dep1",
                             body: #"{"properties":{"mode":"Incremental","template":\#(template),"parameters":{"name":{"value":"tmplacct"}}}}"#,
                             apiVersion: "2024-03-01")
        #expect([200, 201].contains(r.status), "\(r.body?.compactString ?? "")")
        let done = await h.call("GET", H.group + "/providers/Microsoft.Resources/deployments/dep1", apiVersion: "2024-03-01")
        #expect(done.props?["provisioningState"] == "Succeeded", "\(done.body?.compactString ?? "")")
        #expect(done.props?["outputs"]?["endpoint"]?["value"]?.stringValue?.hasSuffix("/cognitiveservices/tmplacct.openai.azure.com/") == true)
        #expect(await h.call("GET", H.deployment("tmplacct", "chat")).props?["provisioningState"] == "Succeeded")
    }
}
