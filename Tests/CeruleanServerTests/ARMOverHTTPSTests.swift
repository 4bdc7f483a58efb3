import ARM
import CeruleanJSON
import CeruleanTestSupport
import Foundation
import Testing

/// The engine through the real listener: URLs handed out point back at the server, and a
/// client following them the way azure-core does gets to the end of each flow.
@Suite struct ARMOverHTTPSTests {
    static let group = "/subscriptions/\(TestServer.subscription)/resourceGroups/rg1"
    static let widget = group + "/providers/Microsoft.CeruleanTest/widgets/w1"

    func path(of url: String, on server: TestServer) -> String {
        String(url.dropFirst(server.url.count))
    }

    @Test func createPollGetListDeleteLikeAnSDK() async throws {
        let clock = ManualClock()
        let server = try await TestServer.start(types: TestTypes.all, clock: clock)
        defer { Task { await server.stop() } }
        #expect(try await server.arm("PUT", Self.group, body: #"{"location":"westus"}"#).status == 201)
        let created = try await server.arm("PUT", Self.widget, body: #"{"location":"westus","properties":{"size":1}}"#)
        #expect(created.status == 201)
        #expect(created.json["properties"]?["provisioningState"]?.stringValue == "Creating")
        let operation = try #require(created.header("Azure-AsyncOperation"))
        #expect(operation.hasPrefix(server.url + "/subscriptions/"))
        #expect(created.header("Retry-After") == "1")
        clock.advance(by: 1)  // the SDK waits Retry-After before it polls
        let status = try await server.client.send("GET", path(of: operation, on: server), headers: ["Authorization": "Bearer x"])
        #expect(status.status == 200)
        #expect(status.json["status"]?.stringValue == "Succeeded")
        let got = try await server.arm("GET", Self.widget)
        #expect(got.json["properties"]?["provisioningState"]?.stringValue == "Succeeded")
        #expect(got.json["systemData"]?["createdByType"]?.stringValue == "User")

        let deleted = try await server.arm("DELETE", Self.group)
        #expect(deleted.status == 202)
        let location = try #require(deleted.header("Location"))
        clock.advance(by: 1)
        let done = try await server.client.send("GET", path(of: location, on: server), headers: ["Authorization": "Bearer x"])
        #expect(done.status == 204)
        #expect(try await server.arm("GET", Self.widget).errorCode == "ResourceGroupNotFound")
    }

    @Test func nextLinksAreAbsoluteAndFollowable() async throws {
        let server = try await TestServer.start(types: TestTypes.all) { $0.arm.pageSize = 2; $0.policies.set(.immediate, for: nil) }
        defer { Task { await server.stop() } }
        _ = try await server.arm("PUT", Self.group, body: #"{"location":"westus"}"#)
        for i in 1...3 {
            _ = try await server.arm("PUT", Self.group + "/providers/Microsoft.CeruleanTest/widgets/w\(i)", body: #"{"location":"westus"}"#)
        }
        let first = try await server.arm("GET", "/subscriptions/\(TestServer.subscription)/providers/Microsoft.CeruleanTest/widgets")
        #expect(first.json["value"]?.arrayValue?.count == 2)
        let next = try #require(first.json["nextLink"]?.stringValue)
        #expect(next.hasPrefix(server.url + "/subscriptions/"))
        let second = try await server.client.send("GET", path(of: next, on: server), headers: ["Authorization": "Bearer x"])
        #expect(second.json["value"]?[0]?["name"]?.stringValue == "w3")
        #expect(second.json["nextLink"] == nil)
    }

    @Test func publicURLIsWhatTheServerHandsOut() async throws {
        let server = try await TestServer.start(types: TestTypes.all) { $0.publicURL = "https://cerulean.example:9443" }
        defer { Task { await server.stop() } }
        _ = try await server.arm("PUT", Self.group, body: #"{"location":"westus"}"#)
        let deleted = try await server.arm("DELETE", Self.group)
        #expect(deleted.header("Location")?.hasPrefix("https://cerulean.example:9443/subscriptions/") == true)
    }

    @Test func resourceGroupPathsMatchCaseInsensitively() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let created = try await server.arm("PUT", "/SUBSCRIPTIONS/\(TestServer.subscription)/resourcegroups/MixedCase",
                                           body: #"{"location":"eastus"}"#)
        #expect(created.status == 201)
        #expect(created.json["id"]?.stringValue == "/subscriptions/\(TestServer.subscription)/resourceGroups/MixedCase")
        let got = try await server.arm("GET", "/subscriptions/\(TestServer.subscription)/ResourceGroups/mixedcase")
        #expect(got.json["name"]?.stringValue == "MixedCase")
        let head = try await server.arm("HEAD", "/subscriptions/\(TestServer.subscription)/resourceGroups/MIXEDCASE")
        #expect(head.status == 204)
        #expect(head.body.isEmpty)
    }
}
