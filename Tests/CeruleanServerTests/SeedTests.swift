import CeruleanJSON
import CeruleanTestSupport
import Foundation
import Testing

@Suite struct SeedTests {
    static var example: Data {
        get throws {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            return try Data(contentsOf: root.appendingPathComponent("Fixtures/seed-example.json"))
        }
    }

    @Test func theExampleSeedAppliesIdempotentlyWithFixedKeysAndLimits() async throws {
        let server = try await TestServer.start { $0.strictAuth = true }  // seeds pass strict auth too
        defer { Task { await server.stop() } }
        let first = try await server.client.send("POST", "/_cerulean/seed", body: try Self.example)
        #expect(first.status == 200)
        #expect(first.json["applied"]?.intValue == 6)
        let again = try await server.client.send("POST", "/_cerulean/seed", body: try Self.example)
        #expect(again.status == 200)
        // Six seeded resources and the SaaS resource the marketplace subscription made (once).
        #expect(try await server.client.send("GET", "/_cerulean/info").json["counts"]?["resources"]?.intValue == 7)
        let chat = try await server.client.send(
            "POST", "/serverless/eastus2/llama-demo/chat/completions?api-version=2024-05-01-preview",
            headers: ["api-key": "demo-secondary-key-0123456789"], body: Data(#"{"messages":[{"role":"user","content":"hi"}]}"#.utf8))
        #expect(chat.status == 200)
        #expect(chat.header("x-ratelimit-remaining-requests") == "99")
        let phi = try await server.client.send("GET", "/serverless/eastus2/phi-demo/info?api-version=2024-05-01-preview",
                                               headers: ["api-key": "guess"])
        #expect(phi.status == 401)  // keys not fixed in the seed are random
        let schema = try await server.client.send("GET", "/_cerulean/seed/schema")
        #expect(schema.json["$id"] == "https://cerulean.local/schemas/seed.json")
    }

    @Test func aBadSeedIsRefusedWithEveryProblemAndChangesNothing() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let bad = try await server.client.send("POST", "/_cerulean/seed", body: Data(#"""
            {"resourceGroups":[{"name":"rg"}],"workspaces":[{"resourceGroup":"rg","name":5,"location":"eastus2"}],"extra":1}
            """#.utf8))
        #expect(bad.status == 400)
        #expect(bad.errorCode == "InvalidSeed")
        let details = bad.json["error"]?["details"]?.arrayValue?.compactMap { $0["message"]?.stringValue } ?? []
        #expect(details.contains("resourceGroups[0].location is required"))
        #expect(details.contains("workspaces[0].name must be a non-empty string"))
        #expect(details.contains("'extra' is not a seed member"))
        #expect(try await server.client.send("GET", "/_cerulean/info").json["counts"]?["resources"]?.intValue == 0)
        let refused = try await server.client.send("POST", "/_cerulean/seed", body: Data(#"""
            {"resourceGroups":[{"name":"rg","location":"eastus2"}],
             "serverlessEndpoints":[{"resourceGroup":"rg","workspace":"nope","name":"ep","modelId":"azureml://registries/azureml/models/Phi-4","location":"eastus2"}]}
            """#.utf8))
        #expect(refused.status == 400)
        #expect(refused.errorCode == "SeedFailed")
        #expect(refused.json["error"]?["details"]?[0]?["code"] == "ParentResourceNotFound")
    }
}
