import ARM
import CeruleanJSON
import Foundation
import Testing

@Suite struct DeploymentTests {
    typealias H = CognitiveHarness

    @Test func deploymentAnswersAsAzureDoes() async throws {
        let h = try await H()
        await h.makeAccount()
        let r = await h.deploy(model: "gpt-35-turbo", version: "0125", capacity: 1)
        #expect(r.status == 201)
        #expect(r.body?["type"] == "Microsoft.CognitiveServices/accounts/deployments")
        #expect(r.body?["sku"] == ["name": "Standard", "capacity": 1])
        #expect(r.body?["location"] == nil)
        let p = try #require(r.props)
        #expect(p["model"] == ["format": "OpenAI", "name": "gpt-35-turbo", "version": "0125"])
        #expect(p["versionUpgradeOption"] == "OnceNewDefaultVersionAvailable")
        #expect(p["currentCapacity"] == 1)
        #expect(p["provisioningState"] == "Succeeded")
        #expect(p["rateLimits"] == [["key": "request", "renewalPeriod": 10, "count": 1], ["key": "token", "renewalPeriod": 60, "count": 1000]])
        #expect(p["capabilities"]?["chatCompletion"] == "true")
        #expect(p["capabilities"]?["maxContextToken"] == "16385")
        #expect(await h.call("GET", H.account("acct") + "/deployments").body?["value"]?.arrayValue?.count == 1)
    }

    @Test func capacityScalesTheLimitsAndDefaultsApply() async throws {
        let h = try await H()
        await h.makeAccount()
        let r = await h.deploy(version: nil, capacity: nil)
        #expect(r.props?["model"]?["version"] == "2024-11-20")
        #expect(r.body?["sku"]?["capacity"] == 10)
        #expect(r.props?["rateLimits"]?[0] == ["key": "request", "renewalPeriod": 10, "count": 10])
        #expect(r.props?["rateLimits"]?[1]?["count"] == 10000)
        let quoted = await h.call("PUT", H.deployment("acct", "quoted"), body: #"{"sku":{"name":"Standard","capacity":"2"},"properties":{"model":{"format":"OpenAI","name":"gpt-4o"}}}"#)
        #expect(quoted.body?["sku"]?["capacity"] == 2, "az 2.91 sends the capacity as a string")
        let provisioned = await h.deploy(h.accountName, "ptu", sku: "ProvisionedManaged", capacity: 100)
        #expect(provisioned.status == 201)
        #expect(provisioned.props?["rateLimits"]?[1]?["count"] == 250_000)
    }

    @Test func catalogRulesAreEnforced() async throws {
        let h = try await H()
        await h.makeAccount()
        await h.makeAccount("ai", kind: "AIServices")
        let cases: [(ARMResponse, String)] = [
            (await h.deploy(model: "gpt-5-imaginary"), "DeploymentModelNotSupported"),
            (await h.deploy(version: "1999-01-01"), "DeploymentModelNotSupported"),
            (await h.deploy(model: "Phi-4", version: "7", format: "Microsoft", sku: "GlobalStandard"), "DeploymentModelNotSupported"),
            (await h.deploy(model: "gpt-4", version: "0613", sku: "Standard"), "ServiceModelDeprecating"),
            (await h.deploy(sku: "Basic"), "InvalidResourceProperties"),
            (await h.deploy(model: "gpt-4.1", version: "2025-04-14", sku: "Standard"), "InvalidResourceProperties"),
            (await h.deploy(capacity: 0), "InvalidCapacity"),
            (await h.deploy(capacity: -3), "InvalidCapacity"),
            (await h.deploy(capacity: 100_000), "InvalidCapacity"),
            (await h.deploy(sku: "ProvisionedManaged", capacity: 75), "InvalidCapacity"),
            (await h.call("PUT", H.deployment("acct", "xx"), body: #"{"sku":{"name":"Standard"},"properties":{}}"#), "InvalidRequestContent"),
            (await h.call("PUT", H.deployment("acct", "xx"), body: #"{"properties":{"model":{"format":"OpenAI","name":"gpt-4o"}}}"#), "InvalidRequestContent"),
            (await h.call("PUT", H.deployment("acct", "xx"), body: #"{"sku":{"name":"Standard","capacity":"ten"},"properties":{"model":{"format":"OpenAI","name":"gpt-4o"}}}"#), "InvalidRequestContent"),
            (await h.call("PUT", H.deployment("acct", "xx"), body: #"{"sku":{"name":"Standard"},"properties":{"model":"gpt-4o"}}"#), "InvalidRequestContent"),
            (await h.call("PUT", H.deployment("acct", "xx"), body: #"{"sku":{"name":"Standard"},"properties":{"model":{"format":"OpenAI","name":"gpt-4o"},"versionUpgradeOption":"Sometimes"}}"#), "InvalidParameter"),
        ]
        for (r, code) in cases {
            #expect(r.status == 400, "\(code): \(r.status) \(r.errorMessage ?? "")")
            #expect(r.errorCode == code, "\(code): \(r.errorCode ?? "nil") \(r.errorMessage ?? "")")
        }
        #expect(await h.call("GET", H.account("acct") + "/deployments").body?["value"] == [])
        let missingAccount = await h.deploy("nope")
        #expect(missingAccount.status == 404)
        let foundry = await h.deploy("ai", "phi", model: "Phi-4", version: nil, format: "Microsoft", sku: "GlobalStandard", capacity: 1)
        #expect(foundry.status == 201)
        #expect(foundry.props?["model"] == ["format": "Microsoft", "name": "Phi-4", "version": "7"])
        #expect(await h.deploy("ai", "mistral", model: "Mistral-large-2407", version: "1", format: "Mistral AI", sku: "GlobalStandard", capacity: 1).status == 201)
        #expect(await h.deploy("ai", "oai", model: "gpt-4o-mini", version: nil, sku: "GlobalStandard", capacity: 50).status == 201)
    }

    @Test func quotaIsPerSubscriptionRegionModelAndSku() async throws {
        let h = try await H()
        await h.makeAccount("a1")
        await h.makeAccount("a2")
        await h.makeAccount("west", location: "westus")
        #expect(await h.deploy("a1", "d1", capacity: 300).status == 201)
        let over = await h.deploy("a2", "d2", capacity: 151)
        #expect(over.status == 400)
        #expect(over.errorCode == "InsufficientQuota")
        #expect(over.errorMessage == "This operation require 151 new capacity in quota Tokens Per Minute (thousands) - gpt-4o, which is bigger than the current available capacity 150. The current quota usage is 300 and the quota limit is 450 for quota Tokens Per Minute (thousands) - gpt-4o.")
        #expect(await h.deploy("a2", "d2", capacity: 150).status == 201)
        #expect(await h.deploy("west", "d3", capacity: 300).status == 201)
        #expect(await h.deploy("a2", "d4", sku: "GlobalStandard", capacity: 100).status == 201)
        // Updating a deployment counts only the difference.
        #expect(await h.deploy("a1", "d1", capacity: 290).status == 200)
        let usages = await h.call("GET", H.provider + "/locations/eastus/usages")
        let entry = try #require(usages.body?["value"]?.arrayValue?.first { $0["name"]?["value"] == "OpenAI.Standard.gpt-4o" })
        #expect(entry["currentValue"] == 440)
        #expect(entry["limit"] == 450)
        #expect(entry["unit"] == "Count")
        let account = await h.call("GET", H.account("a2") + "/usages")
        #expect(account.body?["value"]?.arrayValue?.first { $0["name"]?["value"] == "OpenAI.Standard.gpt-4o" }?["currentValue"] == 150)
        // Deleting frees the quota.
        _ = await h.call("DELETE", H.deployment("a1", "d1"))
        #expect(await h.deploy("a2", "d5", capacity: 300).status == 201)
    }

    @Test func modelIsFixedVersionMayChange() async throws {
        let h = try await H()
        await h.makeAccount()
        #expect(await h.deploy(version: "2024-08-06").status == 201)
        #expect(await h.deploy(version: "2024-11-20").status == 200)
        #expect(await h.deploy(model: "gpt-4o-mini", version: nil).errorCode == "InvalidResourceProperties")
    }

    @Test func aDeploymentMadeWhileItsAccountProvisionsFinishesAfterIt() async throws {
        let h = try await H(policy: ProvisioningPolicy(timing: .afterSeconds(1)))
        h.engine.policies.set(ProvisioningPolicy(timing: .afterSeconds(5)), for: "Microsoft.CognitiveServices/accounts")
        #expect(await h.makeAccount().props?["provisioningState"] == "Creating")
        #expect(await h.deploy().props?["provisioningState"] == "Creating")
        h.clock.advance(by: 2)
        #expect(await h.call("GET", H.deployment("acct", "chat")).props?["provisioningState"] == "Creating")
        h.clock.advance(by: 4)
        #expect(await h.call("GET", H.account("acct")).props?["provisioningState"] == "Succeeded")
        #expect(await h.call("GET", H.deployment("acct", "chat")).props?["provisioningState"] == "Succeeded")
    }

    @Test func deploymentsGoWithTheirAccount() async throws {
        let h = try await H()
        await h.makeAccount()
        await h.deploy()
        _ = await h.call("DELETE", H.account("acct"))
        #expect(await h.call("GET", H.deployment("acct", "chat")).status == 404)
        #expect(try await h.store.read { tx in try tx.resources(typeKey: "microsoft.cognitiveservices/accounts/deployments") }.isEmpty)
    }
}

extension CognitiveHarness {
    var accountName: String { "acct" }
}
