import ARM
import Catalog
import CeruleanJSON
import Foundation
import MachineLearning
import Store
import Testing

/// The engine with the Machine Learning provider and its provider operations (quota, usages),
/// a workspace in eastus2, on an in-memory store and a manual clock.
struct ComputeHarness {
    let ml: MLHarness
    static let ws = MLHarness.workspace("proj")
    static let qa = "azureml://registries/azureml/models/deepset-roberta-base-squad2/versions/17"
    static let phi = "azureml://registries/azureml/models/Phi-3-mini-4k-instruct/versions/15"
    static let locations = "/subscriptions/\(MLHarness.sub)/providers/Microsoft.MachineLearningServices/locations/eastus2"

    init(policy: ProvisioningPolicy = .immediate, policies: PolicyBook? = nil) async throws {
        let store = try Store.inMemory()
        let clock = ManualClock()
        let provider = MachineLearningProvider(catalog: try ModelCatalog.standard())
        let engine = ARMEngine(store: store, types: provider.types, clock: clock, policies: policies ?? PolicyBook(default: policy),
                               operations: provider.operations)
        try await engine.bootstrap()
        ml = MLHarness(engine: engine, clock: clock, store: store)
        _ = await ml.call("PUT", MLHarness.group, body: #"{"location":"eastus2"}"#)
        await ml.makeWorkspace()
    }

    static func endpoint(_ name: String) -> String { "\(ws)/onlineEndpoints/\(name)" }
    static func deployment(_ endpoint: String, _ name: String) -> String { "\(Self.endpoint(endpoint))/deployments/\(name)" }

    func call(_ method: String, _ path: String, body: String? = nil) async -> ARMResponse {
        await ml.call(method, path, body: body, apiVersion: "2023-04-01-preview")
    }

    @discardableResult
    func endpoint(_ name: String = "ep1", auth: String = "Key", extra: String = "") async -> ARMResponse {
        await call("PUT", Self.endpoint(name), body: #"{"location":"eastus2","properties":{"authMode":"\#(auth)"\#(extra)},"identity":{"type":"SystemAssigned"}}"#)
    }

    /// The body azure-ai-ml sends for a registry model.
    @discardableResult
    func deploy(_ endpoint: String = "ep1", name: String = "blue", model: String = qa, size: String = "Standard_DS3_v2",
                instances: Int = 1, extra: String = "") async -> ARMResponse {
        await call("PUT", Self.deployment(endpoint, name), body: #"{"location":"eastus2","properties":{"model":"\#(model)","properties":{},"appInsightsEnabled":false,"instanceType":"\#(size)","endpointComputeType":"Managed"\#(extra)},"tags":{},"sku":{"name":"Default","capacity":\#(instances)}}"#)
    }

    func traffic(_ weights: String, mirror: String = "{}", endpoint: String = "ep1") async -> ARMResponse {
        await self.endpoint(endpoint, extra: #","traffic":\#(weights),"mirrorTraffic":\#(mirror)"#)
    }

    /// vCPUs in use for a family's usage name in eastus2.
    func used(_ family: String = "Standard DSv2 Family Cluster Dedicated vCPUs") async -> Int? {
        let rows = await call("GET", Self.locations + "/usages").body?["value"]?.arrayValue ?? []
        return rows.first { $0["name"]?["value"]?.stringValue == family && $0["type"]?.stringValue?.hasSuffix("vmFamily/usages") == true }?["currentValue"]?.numberValue.map { Int($0) }
    }
}

@Suite struct OnlineEndpointRuleTests {
    @Test func anEndpointAsTheSDKCreatesIt() async throws {
        let h = try await ComputeHarness()
        let r = await h.endpoint()
        #expect(r.status == 201, "\(r.text)")
        let props = try #require(r.body?["properties"])
        #expect(props["scoringUri"] == .string(MLHarness.base + "/online/eastus2/ep1/score"))
        #expect(props["swaggerUri"] == .string(MLHarness.base + "/online/eastus2/ep1/swagger.json"))
        #expect(props["authMode"] == "Key" && props["traffic"] == [:] && props["mirrorTraffic"] == [:])
        #expect(props["keys"] == .null && props["compute"] == nil)
        #expect(props["properties"]?["azureml.onlineendpointid"]?.stringValue == ComputeHarness.endpoint("ep1").lowercased())
        #expect(r.body?["identity"]?["principalId"]?.stringValue != nil)
        let keys = await h.call("POST", ComputeHarness.endpoint("ep1") + "/listKeys")
        #expect(keys.body?["primaryKey"]?.stringValue?.count == 32 && keys.body?["primaryKey"] != keys.body?["secondaryKey"])
        // Tokens belong to AMLToken endpoints.
        #expect(await h.call("POST", ComputeHarness.endpoint("ep1") + "/token").errorCode == "BadArgument")
    }

    @Test func badEndpointsAreRefusedAndNothingIsStored() async throws {
        let h = try await ComputeHarness()
        let cases: [(String, String, Int, String)] = [
            ("no-auth", #"{"location":"eastus2","properties":{}}"#, 400, "InvalidRequestContent"),
            ("bad-auth", #"{"location":"eastus2","properties":{"authMode":"Password"}}"#, 400, "BadArgument"),
            ("kube", #"{"location":"eastus2","properties":{"authMode":"Key","compute":"/subscriptions/x/computes/k8s"}}"#, 400, "NotSupportedByEmulator"),
            ("bad-traffic", #"{"location":"eastus2","properties":{"authMode":"Key","traffic":{"blue":100}}}"#, 400, "BadArgument"),
            ("typed", #"{"location":"eastus2","properties":{"authMode":"Key","traffic":[1]}}"#, 400, "InvalidRequestContent"),
            ("bad-keys", #"{"location":"eastus2","properties":{"authMode":"Key","keys":{"primaryKey":"short"}}}"#, 400, "BadArgument"),
            ("9starts-with-digit", #"{"location":"eastus2","properties":{"authMode":"Key"}}"#, 400, "InvalidResourceName"),
            ("ep1", "not json", 400, "InvalidRequestContent"),
        ]
        for (name, body, status, code) in cases {
            let r = await h.call("PUT", ComputeHarness.endpoint(name), body: body)
            #expect(r.status == status && r.errorCode == code, "\(name): \(r.text)")
            #expect(await h.call("GET", ComputeHarness.endpoint(name)).status == 404, "\(name) stored")
        }
        #expect(await h.endpoint("ep1").status == 201)
        // Names are unique per region.
        _ = await h.ml.makeWorkspace("other")
        let twin = await h.call("PUT", MLHarness.workspace("other") + "/onlineEndpoints/ep1",
                                body: #"{"location":"eastus2","properties":{"authMode":"Key"}}"#)
        #expect(twin.status == 409 && twin.errorCode == "EndpointNameNotAvailable")
    }

    @Test func trafficNamesExistingDeploymentsAndSumsTo100() async throws {
        let h = try await ComputeHarness()
        await h.endpoint()
        #expect(await h.deploy(name: "blue").status == 201)
        #expect(await h.deploy(name: "green").status == 201)
        let ok = await h.traffic(#"{"blue":90,"green":10}"#)
        #expect(ok.status == 200 && ok.body?["properties"]?["traffic"] == ["blue": 90, "green": 10], "\(ok.text)")
        for (weights, mirror, message) in [
            (#"{"blue":90,"green":20}"#, "{}", "sum to 100"), (#"{"blue":100,"red":0}"#, "{}", "'red'"),
            (#"{"blue":100.5}"#, "{}", "whole percentage"), (#"{"blue":100}"#, #"{"green":60}"#, "utmost 50"),
            (#"{"blue":100}"#, #"{"blue":10}"#, "takes live traffic"), (#"{"blue":100}"#, #"{"blue":0,"green":10,"x":1}"#, "'x'"),
        ] {
            let r = await h.traffic(weights, mirror: mirror)
            #expect(r.status == 400 && r.errorCode == "BadArgument" && r.body?["error"]?["message"]?.stringValue?.contains(message) == true,
                    "\(weights) \(mirror): \(r.text)")
        }
        let stored = await h.call("GET", ComputeHarness.endpoint("ep1"))
        #expect(stored.body?["properties"]?["traffic"] == ["blue": 90, "green": 10], "a refused PUT changed nothing")
        // Names match case-insensitively (the SDK lower-cases them) and mirror traffic is kept.
        let mirrored = await h.traffic(#"{"BLUE":100}"#, mirror: #"{"green":20}"#)
        #expect(mirrored.body?["properties"]?["traffic"] == ["blue": 100] && mirrored.body?["properties"]?["mirrorTraffic"] == ["green": 20])
        // A deleted deployment leaves the traffic.
        #expect(await h.call("DELETE", ComputeHarness.deployment("ep1", "green")).status == 204)
        #expect(await h.call("GET", ComputeHarness.endpoint("ep1")).body?["properties"]?["mirrorTraffic"] == [:])
    }

    @Test func deletingTheEndpointDeletesItsDeployments() async throws {
        let h = try await ComputeHarness()
        await h.endpoint()
        await h.deploy(instances: 2)
        #expect(await h.used() == 12)
        #expect(await h.call("DELETE", ComputeHarness.endpoint("ep1")).status == 204)
        #expect(await h.call("GET", ComputeHarness.deployment("ep1", "blue")).status == 404)
        #expect(await h.used() == 0)
    }

    @Test func amlTokensExpireOnTheEnginesClock() async throws {
        let h = try await ComputeHarness()
        await h.endpoint("tok", auth: "amltoken")
        let token = await h.call("POST", ComputeHarness.endpoint("tok") + "/token")
        let now = h.ml.clock.now().timeIntervalSince1970
        #expect(token.status == 200 && token.body?["tokenType"] == "Bearer")
        let expiry = try #require(token.body?["expiryTimeUtc"]?.numberValue)
        #expect(abs(expiry - (now + 3600)) <= 1)
        #expect(try #require(token.body?["refreshAfterTimeUtc"]?.numberValue) == expiry - 1800)
        let tokens = try await h.ml.store.read { tx in try OnlineTokens.load(endpointKey: ResourceID(ComputeHarness.endpoint("tok"))!.key, from: tx) }
        #expect(tokens.map(\.value) == [token.body?["accessToken"]?.stringValue])
        #expect(await h.call("POST", ComputeHarness.endpoint("tok") + "/listKeys").errorCode == "BadArgument")
        #expect(await h.call("GET", ComputeHarness.endpoint("tok")).body?["properties"]?["authMode"] == "AMLToken")
    }
}

@Suite struct OnlineDeploymentRuleTests {
    @Test func aDeploymentAsTheSDKSendsItGetsAzuresDefaults() async throws {
        let h = try await ComputeHarness()
        await h.endpoint()
        let r = await h.deploy(instances: 2, extra: #","requestSettings":{"maxConcurrentRequestsPerInstance":4,"requestTimeout":"PT1M30S"},"livenessProbe":{"initialDelay":"PT10M"}"#)
        #expect(r.status == 201, "\(r.text)")
        let props = try #require(r.body?["properties"])
        #expect(r.body?["sku"] == ["name": "Default", "capacity": 2])
        #expect(r.body?["id"]?.stringValue == ComputeHarness.deployment("ep1", "blue"))
        #expect(props["endpointComputeType"] == "Managed" && props["scaleSettings"] == ["scaleType": "Default"])
        #expect(props["requestSettings"] == ["requestTimeout": "PT1M30S", "maxConcurrentRequestsPerInstance": 4, "maxQueueWait": "PT0.5S"])
        #expect(props["livenessProbe"]?["initialDelay"] == "PT10M" && props["livenessProbe"]?["period"] == "PT10S")
        #expect(props["readinessProbe"]?["failureThreshold"] == 30)
        #expect(props["model"] == .string(ComputeHarness.qa) && props["instanceType"] == "Standard_DS3_v2")
        let plain = await h.deploy(name: "plain", extra: "")
        #expect(plain.body?["properties"]?["requestSettings"]?["requestTimeout"] == "PT5S")
        let defaulted = await h.call("PUT", ComputeHarness.deployment("ep1", "nosize"),
                                     body: #"{"location":"eastus2","properties":{"model":"\#(ComputeHarness.qa)","endpointComputeType":"Managed"}}"#)
        #expect(defaulted.body?["properties"]?["instanceType"] == "Standard_F4s_v2" && defaulted.body?["sku"]?["capacity"] == 1)
    }

    @Test func badDeploymentsAreRefusedAndNothingIsStored() async throws {
        let h = try await ComputeHarness()
        await h.endpoint()
        let llama70 = "azureml://registries/azureml-meta/models/Meta-Llama-3-70B-Instruct/versions/8"
        let cases: [(String, String, String, Int, String, String)] = [
            // (name, model, size, instances, code, message part)
            ("unknown-size", ComputeHarness.qa, "Standard_Imaginary_v9", 1, "BadArgument", "not supported for managed online deployments"),
            ("small-size", ComputeHarness.qa, "Standard_DS1_v2", 1, "BadArgument", "not supported for managed online deployments"),
            ("zero", ComputeHarness.qa, "Standard_DS3_v2", 0, "BadArgument", "at least 1"),
            ("too-big", llama70, "Standard_DS3_v2", 1, "BadArgument", "cannot be deployed on 'Standard_DS3_v2'"),
            ("not-in-catalog", "azureml://registries/azureml/models/no-such-model/versions/1", "Standard_DS3_v2", 1, "BadArgument", "was not found in registry"),
            ("serverless-only", "azureml://registries/azureml-mistral/models/Mistral-large/versions/1", "Standard_DS3_v2", 1, "BadArgument", "cannot be deployed to managed compute"),
            ("no-version", "azureml://registries/azureml/models/deepset-roberta-base-squad2", "Standard_DS3_v2", 1, "BadArgument", "names no version"),
            ("old-version", "azureml://registries/azureml/models/deepset-roberta-base-squad2/versions/3", "Standard_DS3_v2", 1, "BadArgument", "Versions: 17, 16"),
            ("local", "/subscriptions/\(MLHarness.sub)/resourceGroups/rg1/providers/Microsoft.MachineLearningServices/workspaces/proj/models/mine/versions/1", "Standard_DS3_v2", 1, "NotSupportedByEmulator", "Azure Storage"),
            ("asset", "azureml:mine:1", "Standard_DS3_v2", 1, "NotSupportedByEmulator", "Azure Storage"),
            ("garbage", "hello", "Standard_DS3_v2", 1, "BadArgument", "not a registry model id"),
            ("quota", ComputeHarness.qa, "Standard_DS3_v2", 6, "BadRequest", "The request is invalid."),
        ]
        for (name, model, size, instances, code, part) in cases {
            let r = await h.deploy(name: name, model: model, size: size, instances: instances)
            let text = r.text
            #expect(r.status == 400 && r.errorCode == code && text.contains(part), "\(name): \(text)")
            #expect(await h.call("GET", ComputeHarness.deployment("ep1", name)).status == 404, "\(name) stored")
        }
        for (name, extra, code) in [
            ("code", #","codeConfiguration":{"codeId":"x","scoringScript":"score.py"}"#, "NotSupportedByEmulator"),
            ("timeout", #","requestSettings":{"requestTimeout":"PT10M"}"#, "BadArgument"),
            ("duration", #","livenessProbe":{"period":"ten seconds"}"#, "BadArgument"),
            ("typed", #","requestSettings":"fast""#, "InvalidRequestContent"),
            ("scale", #","scaleSettings":{"scaleType":"TargetUtilization","minInstances":3,"maxInstances":2}"#, "BadArgument"),
        ] {
            let r = await h.deploy(name: name, extra: extra)
            #expect(r.status == 400 && r.errorCode == code, "\(name): \(r.text)")
            #expect(await h.call("GET", ComputeHarness.deployment("ep1", name)).status == 404, "\(name) stored")
        }
        let kube = await h.call("PUT", ComputeHarness.deployment("ep1", "kube"), body: #"{"location":"eastus2","properties":{"model":"\#(ComputeHarness.qa)","endpointComputeType":"Kubernetes"}}"#)
        #expect(kube.status == 400 && kube.errorCode == "NotSupportedByEmulator")
        let typedSku = await h.call("PUT", ComputeHarness.deployment("ep1", "sku"), body: #"{"location":"eastus2","sku":{"capacity":"two"},"properties":{"model":"\#(ComputeHarness.qa)","endpointComputeType":"Managed"}}"#)
        #expect(typedSku.status == 400 && typedSku.errorCode == "InvalidRequestContent")
        let missing = await h.call("PUT", ComputeHarness.deployment("nope", "blue"), body: #"{"location":"eastus2","properties":{}}"#)
        #expect(missing.status == 404 && missing.errorCode == "ParentResourceNotFound", "\(missing.text)")
    }

    @Test func theInstanceTypeCannotChangeButTheModelVersionCan() async throws {
        let h = try await ComputeHarness()
        await h.endpoint()
        await h.deploy()
        let moved = await h.deploy(size: "Standard_DS4_v2")
        #expect(moved.status == 400 && moved.errorCode == "BadArgument")
        let newer = await h.deploy(model: "azureml://registries/azureml/models/deepset-roberta-base-squad2/versions/16")
        #expect(newer.status == 200 && newer.body?["properties"]?["model"]?.stringValue?.hasSuffix("/versions/16") == true)
    }

    @Test func quotaFollowsTheTwentyPercentRule() async throws {
        let h = try await ComputeHarness()
        await h.endpoint()
        #expect(await h.deploy(instances: 2).status == 201)  // ceil(2.4) x 4 = 12
        #expect(await h.used() == 12)
        #expect(await h.deploy("ep1", name: "gpu", model: ComputeHarness.phi, size: "Standard_NC24ads_A100_v4").status == 201)
        #expect(await h.used("Standard NCADSA100v4 Family Cluster Dedicated vCPUs") == 24, "A100 sizes skip the reservation")
        let refused = await h.deploy(name: "green", instances: 3)  // 16 more: 28 > 24
        #expect(refused.status == 400 && refused.errorCode == "BadRequest")
        let detail = try #require(refused.body?["error"]?["details"]?[0])
        #expect(detail["code"] == "InferencingClientCreateDeploymentFailed")
        #expect(detail["message"]?.stringValue?.contains("Not enough quota available for Standard_DS3_v2 in SubscriptionId \(MLHarness.sub). Current usage/limit: 12/24. Additional needed: 16 Please see troubleshooting guide") == true)
        // Scaling up is checked again (PUT and PATCH), and a refused scale keeps the old count.
        let scaled = await h.deploy(instances: 5)  // ceil(6) x 4 = 24
        let usedAfterScale = await h.used()
        #expect(scaled.status == 200 && usedAfterScale == 24)
        let tooMany = await h.call("PATCH", ComputeHarness.deployment("ep1", "blue"), body: #"{"sku":{"capacity":6}}"#)
        #expect(tooMany.status == 400 && tooMany.errorCode == "BadRequest", "\(tooMany.text)")
        #expect(await h.call("GET", ComputeHarness.deployment("ep1", "blue")).body?["sku"]?["capacity"] == 5)
        let down = await h.call("PATCH", ComputeHarness.deployment("ep1", "blue"), body: #"{"sku":{"name":"Default","capacity":1}}"#)
        let usedAfterDown = await h.used()
        #expect(down.status == 200 && down.body?["sku"]?["capacity"] == 1 && usedAfterDown == 8)
        // Target utilization reserves quota for its maximum.
        let auto = await h.deploy(name: "auto", extra: #","scaleSettings":{"scaleType":"TargetUtilization","minInstances":1,"maxInstances":3}"#)
        let usedWithAuto = await h.used()
        #expect(auto.status == 201 && usedWithAuto == 24, "\(auto.text)")
        // Deleting frees it.
        #expect(await h.call("DELETE", ComputeHarness.deployment("ep1", "auto")).status == 204)
        #expect(await h.used() == 8)
    }

    @Test func quotasCanBeListedAndRaised() async throws {
        let h = try await ComputeHarness()
        let quotas = await h.call("GET", ComputeHarness.locations + "/quotas")
        let dsv2 = try #require(quotas.body?["value"]?.arrayValue?.first { $0["name"]?["value"] == "Standard_DSv2_Family_Cluster_Dedicated_vCPUs" })
        #expect(dsv2["limit"] == 24 && dsv2["type"] == "Microsoft.MachineLearningServices/vmFamily/quotas")
        let update = await h.call("POST", ComputeHarness.locations + "/updateQuotas", body: #"{"value":[{"id":"\#(ComputeHarness.ws)/quotas/Standard_DSv2_Family_Cluster_Dedicated_vCPUs","type":"Microsoft.MachineLearningServices/workspaces/quotas","limit":100,"unit":"Count"},{"id":"x/quotas/Standard_Nothing_vCPUs","limit":5},{"id":"y/quotas/Standard_FSv2_Family_Cluster_Dedicated_vCPUs","limit":-1}]}"#)
        #expect(update.status == 200)
        #expect(update.body?["value"]?.arrayValue?.map { $0["status"]?.stringValue ?? "" } == ["Success", "InvalidVMFamilyName", "Failure"])
        await h.endpoint()
        #expect(await h.deploy(instances: 20).status == 201)  // 96 of 100
        #expect(await h.used() == 96)
        let below = await h.call("POST", ComputeHarness.locations + "/updateQuotas", body: #"{"value":[{"id":"q/quotas/Standard_DSv2_Family_Cluster_Dedicated_vCPUs","limit":50}]}"#)
        #expect(below.body?["value"]?[0]?["status"] == "InvalidQuotaBelowClusterMinimum")
        let bad = await h.call("POST", ComputeHarness.locations + "/updateQuotas", body: #"{"value":[{"id":"q/quotas/Standard_DSv2_Family_Cluster_Dedicated_vCPUs","limit":"lots"}]}"#)
        #expect(bad.status == 400 && bad.errorCode == "InvalidRequestContent")
        let sizes = await h.call("GET", ComputeHarness.locations + "/vmSizes")
        let ds3 = try #require(sizes.body?["value"]?.arrayValue?.first { $0["name"] == "Standard_DS3_v2" })
        #expect(ds3["vCPUs"] == 4 && ds3["family"] == "standardDSv2Family" && ds3["supportedComputeTypes"]?.arrayValue?.contains("MIR") == true)
        #expect(sizes.body?["value"]?.arrayValue?.first { $0["name"] == "Standard_NC40ads_H100_v5" } == nil, "H100 is not offered in eastus2")
        let usages = await h.call("GET", ComputeHarness.locations + "/usages")
        let workspaceRow = usages.body?["value"]?.arrayValue?.first { $0["type"] == "Microsoft.MachineLearningServices/workspaces/usages" }
        #expect(workspaceRow?["currentValue"] == 96 && workspaceRow?["id"]?.stringValue?.hasPrefix(ComputeHarness.ws) == true)
    }

    @Test func theTimelineKeepsEveryInstanceCountOnTheEnginesClock() async throws {
        let h = try await ComputeHarness()
        await h.endpoint()
        let start = h.ml.clock.now()
        await h.deploy(instances: 2)
        h.ml.clock.advance(by: 3600)
        await h.deploy(instances: 3)
        h.ml.clock.advance(by: 1800)
        #expect(await h.call("DELETE", ComputeHarness.deployment("ep1", "blue")).status == 204)
        h.ml.clock.advance(by: 600)
        let key = ResourceID(ComputeHarness.deployment("ep1", "blue"))!.key
        let timeline = try #require(try await h.ml.store.read { tx in try ComputeTimeline.load(deploymentKey: key, from: tx) })
        #expect(timeline.changes.map(\.instances) == [2, 3, 0])
        #expect(timeline.changes.map { $0.at.timeIntervalSince(start).rounded() } == [0, 3600, 5400])
        #expect(timeline.instanceType == "Standard_DS3_v2" && timeline.vCPUs == 4 && timeline.pricePerHour == 0.293)
        #expect(timeline.instanceSeconds(from: start, to: h.ml.clock.now()) == 2 * 3600 + 3 * 1800)
        #expect(timeline.currentInstances == 0)
        #expect(try await h.ml.store.read { tx in try ComputeTimeline.all(from: tx) }.count == 1)
    }

    @Test func aFailedCreateHoldsNoInstances() async throws {
        let h = try await ComputeHarness(policy: ProvisioningPolicy(parsing: "immediate,fail:ResourceNotReady:User container has crashed or terminated.")!)
        _ = await h.endpoint()
        let failed = await h.deploy(instances: 2)
        #expect(failed.body?["properties"]?["provisioningState"] == "Failed", "\(failed.text)")
        #expect(await h.used() == 0)
        let key = ResourceID(ComputeHarness.deployment("ep1", "blue"))!.key
        #expect(try await h.ml.store.read { tx in try ComputeTimeline.load(deploymentKey: key, from: tx) }?.currentInstances == 0)
    }

    @Test func logsFollowTheDeploymentsLife() async throws {
        let h = try await ComputeHarness()
        await h.endpoint()
        await h.deploy(instances: 1)
        h.ml.clock.advance(by: 60)
        await h.deploy(instances: 2)
        let logs = await h.call("POST", ComputeHarness.deployment("ep1", "blue") + "/getLogs", body: #"{"containerType":"InferenceServer","tail":3}"#)
        let lines = try #require(logs.body?["content"]?.stringValue).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasSuffix("Running 1 instance(s)") && lines[1].hasSuffix("Scaled from 1 to 2 instance(s)"))
        #expect(lines[2].hasSuffix("Readiness probe succeeded: ready for requests"))
        let again = await h.call("POST", ComputeHarness.deployment("ep1", "blue") + "/getLogs", body: #"{"containerType":"InferenceServer","tail":3}"#)
        #expect(again.body == logs.body, "the same history gives the same lines")
        let storage = await h.call("POST", ComputeHarness.deployment("ep1", "blue") + "/getLogs", body: #"{"containerType":"StorageInitializer"}"#)
        #expect(storage.body?["content"]?.stringValue?.contains("Resolving model \(ComputeHarness.qa)") == true)
        let bad = await h.call("POST", ComputeHarness.deployment("ep1", "blue") + "/getLogs", body: #"{"containerType":"Sidecar"}"#)
        #expect(bad.status == 400 && bad.errorCode == "BadArgument")
        let skus = await h.call("GET", ComputeHarness.deployment("ep1", "blue") + "/skus")
        #expect(skus.body?["value"]?[0]?["capacity"]?["maximum"] == 5, "\(skus.text)")  // ceil(1.2 x 5) x 4 = 24
    }

    @Test func theAzureLikePolicySetWaitsAsAzureDoes() async throws {
        let book = PolicyBook()
        book.use(.azureLike)
        let h = try await ComputeHarness(policies: book)
        #expect(book.policy(for: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments") == ProvisioningPolicy(timing: .afterSeconds(480)))
        #expect(book.policy(for: "Microsoft.Resources/resourceGroups") == .standard)
        h.ml.clock.advance(by: 60)
        let created = await h.endpoint()
        #expect(created.body?["properties"]?["provisioningState"] == "Creating")
        h.ml.clock.advance(by: 89)
        #expect(await h.call("GET", ComputeHarness.endpoint("ep1")).body?["properties"]?["provisioningState"] == "Creating")
        h.ml.clock.advance(by: 1)
        #expect(await h.call("GET", ComputeHarness.endpoint("ep1")).body?["properties"]?["provisioningState"] == "Succeeded")
        book.set(.immediate, for: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints")
        #expect(book.policy(for: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints") == .immediate, "a per-type policy wins")
    }

    @Test func storageRoutesAreRefusedNamingWhatIsMissing() async throws {
        let h = try await ComputeHarness()
        let r = await h.call("GET", ComputeHarness.ws + "/models/abc/versions")
        #expect(r.status == 400 && r.errorCode == "NotSupportedByEmulator" && r.text.contains("Azure Storage"))
        #expect(await h.call("GET", ComputeHarness.ws + "/codes/abc/versions").errorCode == "NotSupportedByEmulator")
    }
}

extension ARMResponse {
    /// The body as compact JSON text (for messages and substring checks).
    var text: String { body?.compactString ?? "" }
}
