import CeruleanJSON
import CeruleanTestSupport
import Foundation
import Testing

@Suite struct HTTPBasicsTests {
    @Test func healthAnswersOverHTTPS() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let r = try await server.client.send("GET", "/_cerulean/health")
        #expect(r.status == 200)
        #expect(r.json["status"]?.stringValue == "ok")
        #expect(r.json["database"]?.stringValue == "ok")
        #expect(r.header("Content-Type") == "application/json; charset=utf-8")
        let wrong = try await server.client.send("DELETE", "/_cerulean/health")
        #expect(wrong.status == 405)
        #expect(wrong.errorCode == "MethodNotAllowed")
    }

    @Test func everyAnswerCarriesAzureRequestHeaders() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let r = try await server.arm("GET", "/subscriptions", headers: [
            "x-ms-client-request-id": "client-123", "x-ms-correlation-request-id": "corr-456",
        ])
        #expect(r.status == 200)
        #expect(r.header("x-ms-client-request-id") == "client-123")
        #expect(r.header("x-ms-correlation-request-id") == "corr-456")
        let requestID = try #require(r.header("x-ms-request-id"))
        #expect(UUID(uuidString: requestID) != nil)
        #expect(r.header("x-ms-routing-request-id")?.hasSuffix(requestID) == true)
        #expect(r.header("x-ms-ratelimit-remaining-subscription-reads") == "11999")
        #expect(r.header("Date")?.hasSuffix("GMT") == true)
        #expect(r.header("Content-Type") == "application/json; charset=utf-8")
        let other = try await server.arm("GET", "/subscriptions")
        #expect(UUID(uuidString: other.header("x-ms-correlation-request-id") ?? "") != nil)  // generated when absent
        #expect(other.header("x-ms-request-id") != requestID)
        let write = try await server.arm("PUT", "/subscriptions/\(TestServer.subscription)/resourcegroups/rg", body: #"{"location":"eastus"}"#)
        #expect(write.header("x-ms-ratelimit-remaining-subscription-writes") == "1199")
    }

    @Test func unknownRootPathsGetAnAzureShaped404() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let r = try await server.client.send("GET", "/nowhere/at/all")
        #expect(r.status == 404)
        #expect(r.errorCode == "NotFound")
        #expect(r.json["error"]?["message"]?.stringValue == "The requested path '/nowhere/at/all' was not found.")
    }

    @Test func bodiesOverFourMegabytesAreRefusedWith413() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let big = Data(repeating: UInt8(ascii: "a"), count: 4 * 1_048_576 + 1)
        let r = try await server.client.send("PUT", "/subscriptions/\(TestServer.subscription)/resourcegroups/rg?api-version=1",
                                             headers: ["Authorization": "Bearer x", "Content-Type": "application/json"], body: big)
        #expect(r.status == 413)
        #expect(r.errorCode == "RequestEntityTooLarge")
        // Just under the limit (padded with JSON whitespace: tag values stop at 256 characters).
        let fits = try await server.arm("PUT", "/subscriptions/\(TestServer.subscription)/resourcegroups/rg",
                                        body: #"{"location":"eastus",\#(String(repeating: " ", count: 4 * 1_048_576 - 100))"tags":{}}"#)
        #expect(fits.status == 201)
    }

    @Test func plainHTTPModeServesTheSameAPI() async throws {
        let server = try await TestServer.start(tls: false)
        defer { Task { await server.stop() } }
        #expect(server.url.hasPrefix("http://"))
        let r = try await server.arm("GET", "/subscriptions/\(TestServer.subscription)")
        #expect(r.status == 200)
        #expect(r.json["subscriptionId"]?.stringValue == TestServer.subscription)
    }
}

@Suite struct TLSTrustTests {
    @Test func clientsThatDoNotTrustTheCAAreRefused() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let untrusting = try TestHTTPClient(baseURL: server.url, caFile: nil)
        await #expect(throws: (any Error).self) {
            _ = try await untrusting.send("GET", "/_cerulean/health")
        }
        #expect(try await server.client.send("GET", "/_cerulean/health").status == 200)
    }
}
