import ARM
import CeruleanJSON
import Foundation
import Testing

/// The SaaS resource of a marketplace subscription, both ways: subscribing creates it,
/// unsubscribing removes it, deleting it ends the subscription (endpoints Unhealthy).
@Suite struct SaaSLifecycleTests {
    typealias H = BillingHarness

    func endpointState(_ h: H, _ name: String = "llama-ep") async -> String? {
        await h.call("GET", H.endpoint("proj", name)).props?["endpointState"]?.stringValue
    }

    @Test func subscribingCreatesTheSaaSResourceShapedAsAzureDoes() async throws {
        let h = try await H()
        await h.llamaFlow()
        let all = await h.saasResources()
        try #require(all.count == 1)
        let saas = all[0]
        let name = try #require(saas["name"]?.stringValue)
        #expect(name.hasPrefix("Meta-Llama-3-8B-Instruct-") && UUID(uuidString: String(name.dropFirst("Meta-Llama-3-8B-Instruct-".count))) != nil)
        #expect(saas["id"]?.stringValue == "\(H.group)/providers/Microsoft.SaaS/resources/\(name)")
        #expect(saas["type"]?.stringValue == "Microsoft.SaaS/resources")
        #expect(saas["location"]?.stringValue == "global")
        let p = try #require(saas["properties"])
        #expect(p["status"]?.stringValue == "Subscribed")
        #expect(p["publisherId"]?.stringValue == "metagenai" && p["offerId"]?.stringValue == "meta-llama-3-8b-chat-offer")
        #expect(p["skuId"]?.stringValue == "meta-llama-3-8b-chat-plan" && p["planName"]?.stringValue == "meta-llama-3-8b-chat-plan")
        #expect(p["saasResourceName"]?.stringValue == name)
        #expect(p["paymentChannelType"]?.stringValue == "SubscriptionDelegated")
        #expect(p["paymentChannelMetadata"]?["azureSubscriptionId"]?.stringValue == H.sub)
        #expect(p["term"]?["termUnit"]?.stringValue == "P1M")
        #expect(p["term"]?["startDate"]?.stringValue == "2026-10-05T00:00:00.000Z")
        #expect(p["term"]?["endDate"]?.stringValue == "2026-11-04T00:00:00.000Z")
        #expect(p["autoRenew"]?.boolValue == true && p["isFreeTrial"]?.boolValue == false)
        #expect(p["assetId"]?.stringValue == p["paymentChannelMetadata"]?["resourceId"]?.stringValue)
        // GET by id, the group's list, the generic lists.
        #expect(await h.call("GET", saas["id"]!.stringValue!, apiVersion: "2026-04-01").body?["name"]?.stringValue == name)
        let inGroup = await h.call("GET", "\(H.group)/providers/Microsoft.SaaS/resources", apiVersion: "2026-04-01")
        #expect(inGroup.body?["value"]?.arrayValue?.count == 1)
        let generic = await h.call("GET", "/subscriptions/\(H.sub)/resources", apiVersion: "2024-11-01").body?["value"]?.arrayValue ?? []
        #expect(generic.contains { $0["type"]?.stringValue == "Microsoft.SaaS/resources" && $0["location"]?.stringValue == "global" })
        // A second PUT of the same subscription keeps the same SaaS resource.
        _ = await h.call("PUT", H.subscription("proj", "llama-sub"), body: #"{"properties":{"modelId":"\#(H.llama)"}}"#)
        #expect(await h.saasResources().map { $0["name"]?.stringValue } == [name])
    }

    @Test func unsubscribingRemovesTheSaaSResource() async throws {
        let h = try await H()
        await h.llamaFlow()
        #expect(await h.saasResources().count == 1)
        #expect(await h.call("DELETE", H.subscription("proj", "llama-sub")).status == 204)
        #expect(await h.saasResources().isEmpty)
        #expect(await endpointState(h) == "Suspended")
    }

    @Test func deletingTheSaaSResourceEndsTheSubscriptionAndMakesTheEndpointUnhealthy() async throws {
        let h = try await H(policy: .standard)
        await h.llamaFlow()
        h.clock.advance(by: 2)
        #expect(await endpointState(h) == "Online")
        let saas = try #require(await h.saasResources().first?["id"]?.stringValue)
        let deleted = await h.call("DELETE", saas, apiVersion: "2026-04-01")
        #expect(deleted.status == 202)
        #expect(deleted.headers.contains { $0.0 == "Location" })
        #expect(await endpointState(h) == "Online", "the subscription lasts until the deletion has finished")
        h.clock.advance(by: 1)
        #expect(await h.call("GET", saas, apiVersion: "2026-04-01").status == 404)
        #expect(await h.call("GET", H.subscription("proj", "llama-sub")).status == 404)
        #expect(await endpointState(h) == "Suspended")
        // Subscribing again creates a new SaaS resource and brings the endpoint back.
        _ = await h.call("PUT", H.subscription("proj", "again"), body: #"{"properties":{"modelId":"\#(H.llama)"}}"#)
        h.clock.advance(by: 1)
        let renewed = await h.saasResources()
        #expect(renewed.count == 1 && renewed.first?["id"]?.stringValue != saas)
        #expect(await endpointState(h) == "Online")
    }

    @Test func theUnsubscribeActionKeepsTheResourceUnsubscribed() async throws {
        let h = try await H()
        await h.llamaFlow()
        let saas = try #require(await h.saasResources().first?["id"]?.stringValue)
        let answer = await h.call("POST", saas + "/unsubscribe", body: #"{"unsubscribeOnly":true,"reasonCode":0,"feedback":"done"}"#,
                                  apiVersion: "2018-03-01-beta")
        #expect(answer.status == 200)
        #expect(answer.props?["status"]?.stringValue == "Unsubscribed")
        #expect(await h.call("GET", saas).props?["status"]?.stringValue == "Unsubscribed")
        #expect(await h.call("GET", H.subscription("proj", "llama-sub")).status == 404)
        #expect(await endpointState(h) == "Suspended")
        // An unsubscribed SaaS subscription cannot be reactivated.
        let name = String(saas.split(separator: "/").last!)
        let again = await h.call("PUT", saas, body: #"{"location":"global","properties":{"publisherId":"metagenai","offerId":"meta-llama-3-8b-chat-offer","skuId":"p","saasResourceName":"\#(name)"}}"#)
        #expect(again.status == 409)
        #expect(await h.call("POST", saas + "/unsubscribe", body: "[1]").status == 400)
    }

    @Test func aStandAloneSaaSResourceByPUT() async throws {
        let h = try await H()
        let id = "\(H.group)/providers/Microsoft.SaaS/resources/MyContosoSubscription"
        let missing = await h.call("PUT", id, body: #"{"location":"global","properties":{"publisherId":"contoso","skuId":"free"}}"#)
        #expect(missing.status == 400 && missing.errorCode == "InvalidRequestContent")
        #expect(missing.body?["error"]?["target"]?.stringValue == "properties.offerId")
        let regional = await h.call("PUT", id, body: #"{"location":"eastus","properties":{"publisherId":"contoso","offerId":"o","skuId":"free"}}"#)
        #expect(regional.status == 400 && regional.errorCode == "LocationNotAvailableForResourceType")
        let made = await h.call("PUT", id, body: #"{"location":"global","tags":{"team":"a"},"properties":{"publisherId":"contoso","offerId":"contosoOffer","skuId":"free","autoRenew":false}}"#,
                                apiVersion: "2018-03-01-beta")
        #expect(made.status == 201)
        #expect(made.props?["status"]?.stringValue == "Subscribed" && made.props?["autoRenew"]?.boolValue == false)
        let moved = await h.call("PUT", id, body: #"{"location":"global","properties":{"publisherId":"contoso","offerId":"other","skuId":"free"}}"#)
        #expect(moved.status == 400)
        // Deleting a SaaS resource that pays for nothing just removes it.
        #expect(await h.call("DELETE", id).status == 204)
        #expect(await h.saasResources().isEmpty)
    }

    @Test func deletingTheWorkspaceOrTheGroupTakesTheSaaSResourceAlong() async throws {
        let h = try await H()
        await h.llamaFlow("one")
        await h.llamaFlow("two")
        #expect(await h.saasResources().count == 2)
        #expect(await h.call("DELETE", H.workspace("one")).status == 204)
        #expect(await h.saasResources().count == 1)
        #expect(await h.call("DELETE", H.group, apiVersion: "2022-09-01").status == 202)
        #expect(await h.saasResources().isEmpty)
        let count = try await h.store.read { tx in try tx.documents("saasLinks").count }
        #expect(count == 0)
    }
}
