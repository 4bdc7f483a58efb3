import ARM
import CeruleanJSON
import CeruleanTestSupport
import Foundation
import Testing

@Suite struct ResourceLifecycleTests {
    typealias H = EngineHarness

    @Test func standardPolicyShowsCreatingThenSucceedsOnceASecondHasPassed() async throws {
        let h = try await H()
        await h.makeGroup()
        let created = await h.makeWidget("w1")
        #expect(created.status == 201)
        #expect(created.provisioningState == "Creating")
        #expect(created.body?["properties"]?["color"]?.stringValue == "blue")
        #expect(created.body?["properties"]?["serial"]?.stringValue == "SN-w1")
        #expect(created.body?["properties"]?["health"]?.stringValue == "Pending:create")
        #expect(created.body?["properties"]?["portalUrl"]?.stringValue == H.base + "/portal/w1")
        #expect(created.header("Retry-After") == "1")
        let statusURL = try #require(created.header("Azure-AsyncOperation"))
        #expect(statusURL.hasPrefix(H.base + "/subscriptions/\(H.sub)/providers/Microsoft.CeruleanTest/locations/eastus/operationStatuses/"))
        #expect(statusURL.hasSuffix("?api-version=2024-01-01"))
        #expect(created.header("Location") == nil)
        let keys = created.body?.objectValue?.keys ?? []
        let listed = await h.call("GET", "\(H.group)/providers/Microsoft.CeruleanTest/widgets")
        #expect(listed.body?["value"]?[0]?["properties"]?["portalUrl"]?.stringValue == H.base + "/portal/w1")
        #expect(keys == ["id", "name", "type", "location", "tags", "properties", "systemData"])

        // Polls before its second has passed find it running, however many there are.
        h.clock.advance(by: 0.5)
        #expect(await h.follow(statusURL).body?["status"]?.stringValue == "InProgress")
        #expect(await h.follow(statusURL).body?["status"]?.stringValue == "InProgress")
        #expect(await h.call("GET", H.widget("w1")).provisioningState == "Creating")
        h.clock.advance(by: 0.5)  // what an SDK waits (Retry-After: 1) before its first poll
        let status = await h.follow(statusURL)
        #expect(status.status == 200)
        #expect(status.body?["status"]?.stringValue == "Succeeded")
        // It ended when its time came, not when it was looked at.
        #expect(status.body?["endTime"]?.stringValue == ARMTime.string(h.clock.now()))
        #expect(status.body?["name"]?.stringValue == statusURL.split(separator: "/").last?.split(separator: "?").first.map(String.init))
        #expect(status.body?["resourceId"]?.stringValue == "/subscriptions/\(H.sub)/resourceGroups/rg1/providers/Microsoft.CeruleanTest/widgets/w1")
        #expect(status.body?["startTime"]?.stringValue != nil)
        #expect(status.body?["endTime"]?.stringValue != nil)
        #expect(status.body?["error"] == nil)

        let got = await h.call("GET", H.widget("W1"))
        #expect(got.status == 200)
        #expect(got.provisioningState == "Succeeded")
        #expect(got.body?["properties"]?["health"]?.stringValue == "Healthy")
        #expect(got.header("ETag") != nil)
    }

    @Test func updateAnswers200WithUpdatingAndKeepsCreationData() async throws {
        let h = try await H()
        await h.makeGroup()
        let created = await h.makeWidget("w1")
        _ = await h.follow(try #require(created.header("Azure-AsyncOperation")))
        let updated = await h.makeWidget("w1", body: #"{"location":"eastus","properties":{"size":9,"color":"red"}}"#)
        #expect(updated.status == 200)
        #expect(updated.provisioningState == "Updating")
        #expect(updated.header("Azure-AsyncOperation") != nil)
        #expect(updated.body?["properties"]?["color"]?.stringValue == "red")
        #expect(updated.body?["systemData"]?["createdAt"] == created.body?["systemData"]?["createdAt"])
        let moved = await h.makeWidget("w1", body: #"{"location":"westus"}"#)
        #expect(moved.status == 400)
        #expect(moved.errorCode == "InvalidResourceLocation")
    }

    @Test func deleteAnswers202WithBothHeadersAndTheResourceGoesAtThePoll() async throws {
        let h = try await H()
        await h.makeGroup()
        _ = await h.makeWidget("w1")
        let accepted = await h.call("DELETE", H.widget("w1"))
        #expect(accepted.status == 202)
        let status = try #require(accepted.header("Azure-AsyncOperation"))
        let result = try #require(accepted.header("Location"))
        #expect(result.contains("/operationResults/"))
        #expect(await h.call("GET", H.widget("w1")).provisioningState == "Deleting")
        h.clock.advance(by: 1)
        let shown = await h.call("GET", H.widget("w1"))
        #expect(shown.status == 404)
        #expect(shown.errorCode == "ResourceNotFound")
        #expect(shown.errorMessage == "The Resource 'Microsoft.CeruleanTest/widgets/w1' under resource group 'rg1' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix")
        #expect(await h.follow(status).body?["status"]?.stringValue == "Succeeded")
        #expect(await h.follow(result).status == 204)
        let again = await h.call("DELETE", H.widget("w1"))
        #expect(again.status == 204)
    }

    @Test func immediatePolicyFinishesInsideTheRequest() async throws {
        let h = try await H(policy: .immediate)
        await h.makeGroup()
        let created = await h.makeWidget("w1")
        #expect(created.status == 201)
        #expect(created.provisioningState == "Succeeded")
        #expect(created.body?["properties"]?["health"]?.stringValue == "Healthy")
        #expect(created.header("Azure-AsyncOperation") == nil)
        let deleted = await h.call("DELETE", H.widget("w1"))
        #expect(deleted.status == 204)
        #expect(await h.call("GET", H.widget("w1")).status == 404)
    }

    @Test func timedPolicyWaitsForTheClock() async throws {
        let h = try await H(policy: ProvisioningPolicy(timing: .afterSeconds(30)))
        await h.makeGroup()
        let created = await h.makeWidget("w1")
        let statusURL = try #require(created.header("Azure-AsyncOperation"))
        for _ in 0..<3 {
            let poll = await h.follow(statusURL)
            #expect(poll.body?["status"]?.stringValue == "InProgress")
            #expect(poll.header("Retry-After") == "1")
            #expect(await h.call("GET", H.widget("w1")).provisioningState == "Creating")
        }
        h.clock.advance(by: 29)
        #expect(await h.follow(statusURL).body?["status"]?.stringValue == "InProgress")
        h.clock.advance(by: 1)
        // A list is no observation, but time-based transitions settle when listed.
        let list = await h.call("GET", "\(H.group)/providers/Microsoft.CeruleanTest/widgets")
        #expect(list.body?["value"]?[0]?["properties"]?["provisioningState"]?.stringValue == "Succeeded")
        #expect(await h.follow(statusURL).body?["status"]?.stringValue == "Succeeded")
    }

    @Test func observationPolicyCountsPollsAndGets() async throws {
        let h = try await H(policy: ProvisioningPolicy(timing: .afterObservations(3)))
        await h.makeGroup()
        let created = await h.makeWidget("w1")
        let statusURL = try #require(created.header("Azure-AsyncOperation"))
        #expect(await h.follow(statusURL).body?["status"]?.stringValue == "InProgress")  // 1
        #expect(await h.call("GET", H.widget("w1")).provisioningState == "Creating")  // 2
        #expect(await h.call("GET", H.widget("w1")).provisioningState == "Succeeded")  // 3
        #expect(await h.follow(statusURL).body?["status"]?.stringValue == "Succeeded")
    }

    @Test func forcedFailureFailsTheOperationAndTheResource() async throws {
        let h = try await H(policy: ProvisioningPolicy(timing: .afterObservations(1),
                                                       outcome: .fail(code: "QuotaExceeded", message: "No capacity left.")))
        await h.makeGroup()
        let created = await h.makeWidget("w1")
        let status = await h.follow(try #require(created.header("Azure-AsyncOperation")))
        #expect(status.body?["status"]?.stringValue == "Failed")
        #expect(status.body?["error"]?["code"]?.stringValue == "QuotaExceeded")
        #expect(status.body?["error"]?["message"]?.stringValue == "No capacity left.")
        let got = await h.call("GET", H.widget("w1"))
        #expect(got.provisioningState == "Failed")
        #expect(got.body?["properties"]?["health"]?.stringValue == "Broken:QuotaExceeded")
    }

    @Test func policiesChangePerTypeAtRunTime() async throws {
        let h = try await H()
        h.engine.policies.set(.immediate, for: TestTypes.widgetType.uppercased())
        await h.makeGroup()
        #expect(await h.makeWidget("w1").provisioningState == "Succeeded")
        let gadget = await h.call("PUT", H.widget("w1") + "/gadgets/g1", body: "{}")
        #expect(gadget.provisioningState == "Creating")
    }
}
