import ARM
import Catalog
import CeruleanJSON
import Foundation
import MachineLearning
import Store
import Testing

/// Operations finish when their time has passed, whether or not anyone looks, and a resource
/// that depends on another finishes only once that one has (issue 19, item 1).
@Suite struct TimeDrivenProvisioningTests {
    typealias H = MLHarness

    func state(_ h: H, _ path: String) async -> (String?, String?) {
        let r = await h.call("GET", path)
        return (r.props?["provisioningState"]?.stringValue, r.props?["endpointState"]?.stringValue)
    }

    @Test func aWorkspaceNobodyLooksAtIsSucceededInListsOnceItsSecondHasPassed() async throws {
        let h = try await H(policy: .standard)
        #expect(await h.makeWorkspace().props?["provisioningState"] == "Creating")
        let list = "\(H.group)/providers/Microsoft.MachineLearningServices/workspaces"
        #expect(await h.call("GET", list).body?["value"]?[0]?["properties"]?["provisioningState"] == "Creating")
        h.clock.advance(by: 1)
        // No GET of the workspace and no poll: lists (typed and generic) show it finished.
        #expect(await h.call("GET", list).body?["value"]?[0]?["properties"]?["provisioningState"] == "Succeeded")
        let generic = await h.engine.handle(ARMRequest(
            method: "GET", path: "\(H.group)/resources", query: [("api-version", "2022-09-01"), ("$expand", "provisioningState")],
            headers: ["Authorization": "Bearer x"], baseURL: H.base))
        #expect(generic.body?["value"]?[0]?["provisioningState"] == "Succeeded")
    }

    @Test func anEndpointPutRightAfterItsSubscriptionEndsOnlineWithoutAnyPoll() async throws {
        let h = try await H(policy: .standard)
        await h.makeWorkspace()
        h.clock.advance(by: 1)
        let subscription = await h.subscribe()
        h.clock.advance(by: 0.2)
        let endpoint = await h.deploy()
        #expect(endpoint.status == 201)
        #expect(endpoint.props?["marketplaceSubscriptionId"]?.stringValue == subscription.body?["id"]?.stringValue)
        h.clock.advance(by: 1)
        // The subscription was never read: it finished on its own, and the endpoint after it.
        #expect(await state(h, H.endpoint("proj", "llama-ep")) == ("Succeeded", "Online"))
        #expect(await state(h, H.subscription("proj", "llama-sub")).0 == "Succeeded")
    }

    @Test func anEndpointWaitsForASlowerSubscriptionThenGoesOnline() async throws {
        let h = try await H(policy: .standard)
        h.engine.policies.set(ProvisioningPolicy(timing: .afterSeconds(5)), for: H.subscriptionType)
        await h.makeWorkspace()
        h.clock.advance(by: 1)
        let subscribed = h.clock.now()
        await h.subscribe()
        let created = await h.deploy()
        let status = try #require(created.header("Azure-AsyncOperation"))
        h.clock.advance(by: 2)  // the endpoint's own second has passed, its subscription's five have not
        #expect(await state(h, H.endpoint("proj", "llama-ep")) == ("Creating", "Creating"))
        #expect(await h.follow(status).body?["status"] == "InProgress")
        h.clock.advance(by: 3)
        #expect(await state(h, H.endpoint("proj", "llama-ep")) == ("Succeeded", "Online"))
        // It finished when its subscription did.
        #expect(await h.follow(status).body?["endTime"]?.stringValue == ARMTime.string(subscribed.addingTimeInterval(5)))
    }

    @Test func anEndpointWhoseSubscriptionFailsMeanwhileIsSuspended() async throws {
        let h = try await H(policy: .standard)
        h.engine.policies.set(ProvisioningPolicy(timing: .afterSeconds(3), outcome: .fail(code: "PurchaseFailed", message: "No.")),
                              for: H.subscriptionType)
        await h.makeWorkspace()
        h.clock.advance(by: 1)
        await h.subscribe()
        await h.deploy()
        h.clock.advance(by: 3)
        #expect(await state(h, H.subscription("proj", "llama-sub")).0 == "Failed")
        #expect(await state(h, H.endpoint("proj", "llama-ep")) == ("Succeeded", "Suspended"))
    }

    @Test func aSubscriptionDeletedWithoutPollingIsGoneAndCanBeMadeAgain() async throws {
        let h = try await H(policy: .standard)
        await h.makeWorkspace()
        h.clock.advance(by: 1)
        await h.subscribe()
        await h.deploy()
        h.clock.advance(by: 1)
        #expect(await h.call("DELETE", H.subscription("proj", "llama-sub")).status == 202)
        #expect(await state(h, H.endpoint("proj", "llama-ep")).1 == "Suspending")
        h.clock.advance(by: 10)
        #expect(await h.call("GET", H.subscription("proj", "llama-sub")).status == 404)
        #expect(await state(h, H.endpoint("proj", "llama-ep")).1 == "Suspended")
        let again = await h.subscribe()
        #expect(again.status == 201)
        #expect(await state(h, H.endpoint("proj", "llama-ep")).1 == "Reinstating")
        h.clock.advance(by: 1)
        #expect(await state(h, H.endpoint("proj", "llama-ep")) == ("Succeeded", "Online"))
    }

    @Test func aProjectWaitsForItsHubUnderAnObservationPolicy() async throws {
        let h = try await H(policy: ProvisioningPolicy(timing: .afterObservations(2)))
        let hub = await h.makeWorkspace("hub", kind: "Hub")
        let hubID = try #require(hub.body?["id"]?.stringValue)
        await h.makeWorkspace("proj", kind: "Project", hub: hubID)
        _ = await h.call("GET", H.workspace("proj"))
        // Its second look would finish it, but its hub is still being created.
        #expect(await h.call("GET", H.workspace("proj")).props?["provisioningState"] == "Creating")
        _ = await h.call("GET", H.workspace("hub"))
        #expect(await h.call("GET", H.workspace("hub")).props?["provisioningState"] == "Succeeded")
        // Waiting ended with its hub: the next request finds it done, with no look of its own.
        let listed = await h.call("GET", "\(H.group)/providers/Microsoft.MachineLearningServices/workspaces")
        #expect(listed.body?["value"]?.arrayValue?.compactMap { $0["properties"]?["provisioningState"]?.stringValue } == ["Succeeded", "Succeeded"])
    }

    @Test func operationsDueWhileTheServerWasDownFinishAtTheFirstRequest() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cerulean-due-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) } }
        let clock = ManualClock()
        let catalog = try ModelCatalog.standard()
        do {
            let store = try Store.open(path: file)
            let engine = ARMEngine(store: store, types: MachineLearningProvider(catalog: catalog).types, clock: clock)
            try await engine.bootstrap()
            let h = H(engine: engine, clock: clock, store: store)
            _ = await h.call("PUT", H.group, body: #"{"location":"eastus2"}"#)
            #expect(await h.makeWorkspace().props?["provisioningState"] == "Creating")
            try store.close()
        }
        clock.advance(by: 60)
        let store = try Store.open(path: file)
        #expect(store.earliestDueHint != nil)
        let engine = ARMEngine(store: store, types: MachineLearningProvider(catalog: catalog).types, clock: clock)
        let h = H(engine: engine, clock: clock, store: store)
        let got = await h.call("GET", "\(H.group)/providers/Microsoft.MachineLearningServices/workspaces")
        #expect(got.body?["value"]?[0]?["properties"]?["provisioningState"] == "Succeeded")
        #expect(store.earliestDueHint == nil)
        try store.close()
    }
}
