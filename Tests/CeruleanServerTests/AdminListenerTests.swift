import CeruleanServer
import CeruleanTestSupport
import Foundation
import Testing

/// The admin API needs no token, so it can be moved to a listener of its own or switched off.
@Suite struct AdminListenerTests {
    @Test func aSeparateAdminPortTakesTheAdminAPIOffTheMainPort() async throws {
        let server = try await TestServer.start { $0.admin = .separate(port: 0) }
        defer { Task { await server.stop() } }
        let adminURL = try #require(server.adminURL)
        #expect(adminURL != server.url)
        let admin = try TestHTTPClient(baseURL: adminURL, caFile: server.caFile)
        let health = try await admin.send("GET", "/_cerulean/health")
        #expect(health.status == 200 && health.json["status"] == "ok")
        // The main port serves ARM but not the admin API (nor the dashboard).
        let hidden = try await server.client.send("GET", "/_cerulean/health")
        #expect(hidden.status == 404)
        #expect(try await server.client.send("POST", "/_cerulean/reset").status == 404)
        #expect(try await server.client.send("GET", "/_cerulean/").status == 404)
        #expect(try await server.arm("GET", "/subscriptions").json["value"]?[0]?["subscriptionId"]?.stringValue == TestServer.subscription)
        // The admin listener serves nothing else.
        #expect(try await admin.send("GET", "/subscriptions?api-version=2022-12-01", headers: ["Authorization": "Bearer x"]).status == 404)
    }

    @Test func adminCanBeSwitchedOff() async throws {
        let server = try await TestServer.start { $0.admin = .off }
        defer { Task { await server.stop() } }
        #expect(server.adminURL == nil)
        #expect(try await server.client.send("GET", "/_cerulean/health").status == 404)
        #expect(try await server.client.send("POST", "/_cerulean/reset").status == 404)
        #expect(try await server.arm("GET", "/subscriptions").status == 200)
    }
}
