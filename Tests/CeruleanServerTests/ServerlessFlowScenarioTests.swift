import ARM
import CeruleanJSON
import CeruleanTestSupport
import Foundation
import Testing

/// The documented serverless-API flow end to end over HTTPS, with the bodies, api-versions and
/// polling an SDK uses: subscribe, deploy, list, read keys, regenerate, delete the subscription
/// (Unhealthy), subscribe again (Online), delete everything.
@Suite struct ServerlessFlowScenarioTests {
    static let sub = TestServer.subscription
    static let rg = "/subscriptions/\(sub)/resourceGroups/demo-rg"
    static let ws = rg + "/providers/Microsoft.MachineLearningServices/workspaces"
    static let llama = "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct"

    /// Waits for a long-running PUT or DELETE the way azure-core does: wait `Retry-After` (on the
    /// server's manual clock), poll the Azure-AsyncOperation URL, until a terminal status.
    func poll(_ server: TestServer, _ response: HTTPResult) async throws -> String {
        guard let url = response.header("Azure-AsyncOperation") else { return "NoOperation" }
        let clock = try #require(server.server.engine.clock as? ManualClock, "the scenario runs on a manual clock")
        for _ in 0..<10 {
            clock.advance(by: Double(response.header("Retry-After") ?? "1") ?? 1)
            let status = try await server.client.send("GET", String(url.dropFirst(server.url.count)),
                                                      headers: ["Authorization": "Bearer sdk"])
            #expect(status.status == 200)
            let value = status.json["status"]?.stringValue ?? ""
            if ["Succeeded", "Failed", "Canceled"].contains(value) { return value }
        }
        return "Timeout"
    }

    func endpointState(_ server: TestServer, _ name: String) async throws -> String? {
        try await server.arm("GET", "\(Self.ws)/my-project/serverlessEndpoints/\(name)", apiVersion: "2024-01-01-preview")
            .json["properties"]?["endpointState"]?.stringValue
    }

    @Test func theWholeDocumentedFlow() async throws {
        let server = try await TestServer.start(clock: ManualClock())
        defer { Task { await server.stop() } }
        let v = "2024-01-01-preview"
        #expect(try await server.arm("PUT", Self.rg, body: #"{"location":"eastus2"}"#, apiVersion: "2022-09-01").status == 201)
        let hub = try await server.arm("PUT", "\(Self.ws)/my-hub", body: #"{"location":"eastus2","kind":"Hub"}"#, apiVersion: v)
        #expect(try await poll(server, hub) == "Succeeded")
        let hubID = try #require(hub.json["id"]?.stringValue)
        let project = try await server.arm("PUT", "\(Self.ws)/my-project",
                                           body: #"{"location":"eastus2","kind":"Project","properties":{"hubResourceId":"\#(hubID)"}}"#, apiVersion: v)
        #expect(try await poll(server, project) == "Succeeded")

        // 1. Subscribe the project to the model offer (azure-ai-ml sends only properties.modelId).
        let subscription = try await server.arm("PUT", "\(Self.ws)/my-project/marketplaceSubscriptions/meta-llama3-8b",
                                                body: #"{"properties":{"modelId":"\#(Self.llama)"}}"#, apiVersion: v)
        #expect(subscription.status == 201)
        #expect(try await poll(server, subscription) == "Succeeded")

        // 2. Deploy the endpoint.
        let created = try await server.arm("PUT", "\(Self.ws)/my-project/serverlessEndpoints/meta-llama3-8b-qwerty",
                                           body: #"{"location":"eastus2","tags":{},"sku":{"name":"Consumption"},"properties":{"modelSettings":{"modelId":"\#(Self.llama)"}}}"#,
                                           apiVersion: v)
        #expect(created.status == 201)
        #expect(created.json["properties"]?["provisioningState"]?.stringValue == "Creating")
        #expect(try await poll(server, created) == "Succeeded")
        let endpoint = try await server.arm("GET", "\(Self.ws)/my-project/serverlessEndpoints/meta-llama3-8b-qwerty", apiVersion: v)
        #expect(endpoint.json["properties"]?["endpointState"]?.stringValue == "Online")
        #expect(endpoint.json["properties"]?["inferenceEndpoint"]?["uri"]?.stringValue == server.url + "/serverless/eastus2/meta-llama3-8b-qwerty")
        #expect(endpoint.json["properties"]?["marketplaceSubscriptionId"]?.stringValue == subscription.json["id"]?.stringValue)

        // 3. List (the SDK lists endpoints of the workspace; the docs' ARM tab lists subscriptions).
        let list = try await server.arm("GET", "\(Self.ws)/my-project/serverlessEndpoints", apiVersion: v)
        #expect(list.json["value"]?.arrayValue?.map { $0["name"]?.stringValue } == ["meta-llama3-8b-qwerty"])

        // 4. Keys.
        let keys = try await server.arm("POST", "\(Self.ws)/my-project/serverlessEndpoints/meta-llama3-8b-qwerty/listKeys", apiVersion: v)
        let primary = try #require(keys.json["primaryKey"]?.stringValue)
        let regenerated = try await server.arm("POST", "\(Self.ws)/my-project/serverlessEndpoints/meta-llama3-8b-qwerty/regenerateKeys",
                                               body: #"{"keyType":"Primary","keyValue":"\#(primary)"}"#, apiVersion: v)
        #expect(regenerated.status == 200)
        #expect(regenerated.json["primaryKey"]?.stringValue != primary)

        // 5. Deleting the subscription makes the endpoint Unhealthy; subscribing again brings it back.
        let unsubscribed = try await server.arm("DELETE", "\(Self.ws)/my-project/marketplaceSubscriptions/meta-llama3-8b", apiVersion: v)
        #expect(unsubscribed.status == 202)
        #expect(try await endpointState(server, "meta-llama3-8b-qwerty") == "Suspending")
        #expect(try await poll(server, unsubscribed) == "Succeeded")
        #expect(try await endpointState(server, "meta-llama3-8b-qwerty") == "Suspended")
        let resubscribed = try await server.arm("PUT", "\(Self.ws)/my-project/marketplaceSubscriptions/meta-llama3-8b",
                                                body: #"{"properties":{"modelId":"\#(Self.llama)"}}"#, apiVersion: v)
        #expect(try await endpointState(server, "meta-llama3-8b-qwerty") == "Reinstating")
        #expect(try await poll(server, resubscribed) == "Succeeded")
        #expect(try await endpointState(server, "meta-llama3-8b-qwerty") == "Online")

        // 6. Delete everything, endpoint first as the docs do.
        let gone = try await server.arm("DELETE", "\(Self.ws)/my-project/serverlessEndpoints/meta-llama3-8b-qwerty", apiVersion: v)
        #expect(gone.status == 202)
        #expect(try await poll(server, gone) == "Succeeded")
        #expect(try await server.arm("GET", "\(Self.ws)/my-project/serverlessEndpoints/meta-llama3-8b-qwerty", apiVersion: v).status == 404)
        let subGone = try await server.arm("DELETE", "\(Self.ws)/my-project/marketplaceSubscriptions/meta-llama3-8b", apiVersion: v)
        #expect(try await poll(server, subGone) == "Succeeded")
        let rgGone = try await server.arm("DELETE", Self.rg, apiVersion: "2022-09-01")
        #expect(rgGone.status == 202)
        let location = try #require(rgGone.header("Location"))
        (server.server.engine.clock as? ManualClock)?.advance(by: 1)
        let result = try await server.client.send("GET", String(location.dropFirst(server.url.count)), headers: ["Authorization": "Bearer sdk"])
        #expect(result.status == 204)
        #expect(try await server.arm("GET", "\(Self.ws)/my-hub", apiVersion: v).errorCode == "ResourceGroupNotFound")
    }
}
