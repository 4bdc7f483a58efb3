import ARM
import CeruleanJSON
import Testing

/// "Deleting a model subscription makes any associated endpoint become Unhealthy and unusable."
@Suite struct UnhealthyEndpointTests {
    typealias H = MLHarness

    func state(_ h: H, _ name: String = "llama-ep") async -> (String?, String?) {
        let r = await h.call("GET", H.endpoint("proj", name))
        return (r.props?["provisioningState"]?.stringValue, r.props?["endpointState"]?.stringValue)
    }

    @Test func deletingTheSubscriptionSuspendsAndResubscribingReinstates() async throws {
        let h = try await H()
        await h.makeWorkspace()
        await h.subscribe()
        await h.deploy()
        await h.deploy("proj", "phi-ep", model: H.phi)
        #expect(await state(h) == ("Succeeded", "Online"))
        #expect(await h.call("DELETE", H.subscription("proj", "llama-sub")).status == 204)
        #expect(await state(h) == ("Succeeded", "Suspended"))
        #expect(await state(h, "phi-ep") == ("Succeeded", "Online"))  // Microsoft models are unaffected
        // The endpoint still names the subscription it lost.
        let lost = await h.call("GET", H.endpoint("proj", "llama-ep"))
        #expect(lost.props?["marketplaceSubscriptionId"]?.stringValue?.hasSuffix("/marketplaceSubscriptions/llama-sub") == true)
        let renamed = await h.subscribe("proj", "llama-sub-2")
        #expect(renamed.status == 201)
        #expect(await state(h) == ("Succeeded", "Online"))
        let back = await h.call("GET", H.endpoint("proj", "llama-ep"))
        #expect(back.props?["marketplaceSubscriptionId"]?.stringValue == renamed.body?["id"]?.stringValue)
    }

    @Test func transitionsShowSuspendingAndReinstatingWhileOperationsRun() async throws {
        let h = try await H(policy: ProvisioningPolicy(timing: .afterSeconds(10)))
        await h.makeWorkspace()
        let sub = await h.subscribe()
        h.clock.advance(by: 10)
        _ = await h.follow(try #require(sub.header("Azure-AsyncOperation")))
        await h.deploy()
        h.clock.advance(by: 10)
        #expect(await state(h) == ("Succeeded", "Online"))

        let deleting = await h.call("DELETE", H.subscription("proj", "llama-sub"))
        #expect(deleting.status == 202)
        #expect(await state(h) == ("Succeeded", "Suspending"))
        h.clock.advance(by: 10)
        #expect(await h.follow(try #require(deleting.header("Azure-AsyncOperation"))).body?["status"]?.stringValue == "Succeeded")
        #expect(await state(h) == ("Succeeded", "Suspended"))

        let again = await h.subscribe()
        #expect(again.status == 201)
        #expect(await state(h) == ("Succeeded", "Reinstating"))
        h.clock.advance(by: 10)
        #expect(await h.call("GET", H.subscription("proj", "llama-sub")).props?["provisioningState"]?.stringValue == "Succeeded")
        #expect(await state(h) == ("Succeeded", "Online"))
    }

    @Test func anEndpointFinishingAfterItsSubscriptionWentIsSuspended() async throws {
        let h = try await H(policy: ProvisioningPolicy(timing: .afterSeconds(10)))
        h.engine.policies.set(.immediate, for: "Microsoft.MachineLearningServices/workspaces/marketplaceSubscriptions")
        await h.makeWorkspace()
        h.clock.advance(by: 10)
        await h.subscribe()
        await h.deploy()
        #expect(await h.call("DELETE", H.subscription("proj", "llama-sub")).status == 204)
        h.clock.advance(by: 10)
        #expect(await state(h) == ("Succeeded", "Suspended"))
    }
}
