import ARM
import CeruleanTestSupport
import Foundation
import Testing

/// `415 UnsupportedMediaType` for bodies not declared JSON: on ARM always (as ARM answers, even
/// for a body with no Content-Type), on the data plane when another type is declared.
@Suite struct MediaTypeTests {
    static let group = "/subscriptions/\(TestServer.subscription)/resourcegroups/typed?api-version=2022-09-01"
    static let body = Data(#"{"location":"eastus"}"#.utf8)

    @Test func armRefusesBodiesThatAreNotDeclaredJSON() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let auth = ["Authorization": "Bearer t"]
        let text = try await server.client.send("PUT", Self.group, headers: auth.merging(["Content-Type": "text/plain"]) { a, _ in a }, body: Self.body)
        #expect(text.status == 415)
        #expect(text.errorCode == "UnsupportedMediaType")
        #expect(text.json["error"]?["message"] == "The content media type 'text/plain' is not supported. Only 'application/json' is supported.")
        let none = try await server.client.send("PUT", Self.group, headers: auth, body: Self.body)
        #expect(none.status == 415)
        #expect(none.json["error"]?["message"]?.stringValue?.contains("'<null>'") == true)
        let form = try await server.client.send("PATCH", Self.group, headers: auth.merging(["Content-Type": "application/x-www-form-urlencoded"]) { a, _ in a },
                                                body: Data("tags=x".utf8))
        #expect(form.status == 415)
        #expect(try await server.arm("GET", Self.group, apiVersion: nil).status == 404)  // nothing stored

        let json = try await server.client.send("PUT", Self.group, headers: auth.merging(["Content-Type": "Application/JSON; charset=utf-8"]) { a, _ in a },
                                                body: Self.body)
        #expect(json.status == 201)
        // No body, no type needed (a POST action, a DELETE).
        #expect(try await server.client.send("DELETE", Self.group, headers: auth).status == 202)
        // Authentication is checked first.
        let anonymous = try await server.client.send("PUT", Self.group, headers: ["Content-Type": "text/plain"], body: Self.body)
        #expect(anonymous.status == 401)
    }

    @Test func theDataPlaneRefusesADeclaredNonJSONBody() async throws {
        let server = try await TestServer.start { $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        let scenario = DataPlaneOverHTTPSTests()
        let key = try await scenario.setUp(server)
        let path = "/serverless/eastus2/llama-ep/chat/completions?api-version=2024-05-01-preview"
        let text = try await server.client.send("POST", path, headers: ["api-key": key, "Content-Type": "text/plain"],
                                                body: DataPlaneOverHTTPSTests.chatBody)
        #expect(text.status == 415)
        #expect(text.errorCode == "UnsupportedMediaType")
        #expect(text.header("x-ms-error-code") == "UnsupportedMediaType")
        let openAI = try await server.client.send("POST", "/openai/deployments/llama-ep/chat/completions?api-version=2024-10-21",
                                                  headers: ["api-key": key, "Content-Type": "text/plain"], body: DataPlaneOverHTTPSTests.chatBody)
        #expect(openAI.status == 415)
        let undeclared = try await server.client.send("POST", path, headers: ["api-key": key], body: DataPlaneOverHTTPSTests.chatBody)
        #expect(undeclared.status == 200)
        #expect(try await scenario.chat(server, key: key).status == 200)
    }

    @Test func whatCountsAsJSON() {
        for yes in ["application/json", "Application/JSON; charset=utf-8", " \tapplication/json ;x=y", "APPLICATION/JSON;", "\u{a0}application/json"] {
            #expect(JSONMediaType.isJSON(yes), "\(yes)")
        }
        for no in ["", "text/plain", "application/jsonx", "application/json-patch+json", "application/ json", "appl\u{130}cation/json"] {
            #expect(!JSONMediaType.isJSON(no), "\(no)")
        }
    }
}
