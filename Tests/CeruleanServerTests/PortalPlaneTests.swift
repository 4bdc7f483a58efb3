import CeruleanJSON
import CeruleanTestSupport
import Foundation
import Testing

/// The portal's files at `/` and `/portal/`, the catalog at `/catalog/models`, and every API
/// route still answering as before beside them (Tests/browser/portal drives the pages in Chromium).
@Suite struct PortalPlaneTests {
    @Test func servesThePageAndItsFilesWithAPolicyThatKeepsThemOffline() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let page = try await server.client.send("GET", "/")
        #expect(page.status == 200)
        #expect(page.header("Content-Type") == "text/html; charset=utf-8")
        #expect(page.text.contains("<script type=\"module\" src=\"/portal/app.js\"></script>"))
        let policy = try #require(page.header("Content-Security-Policy"))
        #expect(policy.contains("default-src 'none'") && policy.contains("script-src 'self'") && policy.contains("connect-src 'self'"))
        #expect(page.header("X-Frame-Options") == "DENY")

        let script = try await server.client.send("GET", "/portal/lib/api.js")
        #expect(script.status == 200)
        #expect(script.header("Content-Type") == "text/javascript; charset=utf-8")
        #expect(script.text.contains("export async function arm("))
        #expect(try await server.client.send("GET", "/portal/portal.css").header("Content-Type") == "text/css; charset=utf-8")
        let head = try await server.client.send("HEAD", "/portal/app.js")
        #expect(head.status == 200 && head.text.isEmpty)

        let missing = try await server.client.send("GET", "/portal/nothing.js")
        #expect(missing.status == 404 && missing.errorCode == "NotFound")
        #expect(try await server.client.send("GET", "/portal/../Package.swift").status == 404)
        #expect(try await server.client.send("GET", "/portal/%2e%2e/Package.swift").status == 404)
        #expect(try await server.client.send("POST", "/").errorCode == "MethodNotAllowed")
    }

    @Test func apiRoutesAndTheDashboardAreNotShadowed() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        #expect(try await server.client.send("GET", "/_cerulean/").text.contains("Cerulean dashboard"))
        let subscriptions = try await server.arm("GET", "/subscriptions", apiVersion: "2022-12-01")
        #expect(subscriptions.status == 200)
        let metadata = try await server.client.send("GET", "/metadata/endpoints?api-version=2022-09-01")
        #expect(metadata.status == 200 && metadata.text.contains("resourceManager"))
        // An unknown path outside the portal is still ARM's 404, not a page.
        let unknown = try await server.client.send("GET", "/nothing-here")
        #expect(unknown.status == 404 && unknown.header("Content-Type")?.hasPrefix("application/json") == true)
    }

    @Test func theCatalogIsPublicAndReadOnly() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let answer = try await server.client.send("GET", "/catalog/models")
        #expect(answer.status == 200)
        let models = try #require(answer.json["value"]?.arrayValue)
        let llama = try #require(models.first { $0["name"]?.stringValue == "Meta-Llama-3-8B-Instruct" })
        #expect(llama["id"]?.stringValue == "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct")
        #expect(llama["description"]?.stringValue?.isEmpty == false)
        #expect(llama["marketplacePlan"] != nil && llama["managedCompute"] != nil)
        #expect(try await server.client.send("POST", "/catalog/models").errorCode == "MethodNotAllowed")
        #expect(try await server.client.send("GET", "/catalog/models/x").status == 404)
    }
}
