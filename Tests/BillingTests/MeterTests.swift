import ARM
import Billing
import Catalog
import Foundation
import Inference
import Store
import Testing

/// The meters: usage held in memory per target and hour, written by a flush with its price;
/// instance-hours accrued from deployments' timelines on the engine's clock.
@Suite struct MeterTests {
    typealias H = BillingHarness

    @Test func aFlushWritesExactQuantitiesAndCostsPerHour() async throws {
        let h = try await H()
        let saas = "\(H.group)/providers/Microsoft.SaaS/resources/Meta-Llama-3-8B-Instruct-x"
        for _ in 0..<3 { h.meter.record(llamaTarget(saas: saas), inputTokens: 1_000, outputTokens: 400) }
        h.clock.advance(by: 3600)
        h.meter.record(llamaTarget(saas: saas), inputTokens: 10, outputTokens: 0)
        #expect(h.meter.hasPending)
        #expect(try await h.store.read { tx in try tx.allUsage() }.isEmpty, "nothing is written before a flush")
        try await h.meter.flush()
        #expect(!h.meter.hasPending)
        let records = try await h.store.read { tx in try tx.allUsage() }
        let hour = Int(H.start.timeIntervalSince1970 / 3600)
        #expect(records.map(\.meter) == ["paygo-inference-input-tokens", "paygo-inference-output-tokens", "paygo-inference-input-tokens"])
        #expect(records.map(\.hour) == [hour, hour, hour + 1])
        #expect(records.map(\.quantity) == [3.0, 1.2, 0.01])
        #expect(abs(records[0].cost - 3 * 0.0003) < 1e-12 && abs(records[1].cost - 1.2 * 0.00061) < 1e-12)
        #expect(records.allSatisfy { $0.chargedKey == saas.lowercased() && $0.resourceGroupKey == "rg1" && $0.subscriptionKey == H.sub })
        // A second flush with nothing new writes nothing more.
        try await h.meter.flush()
        #expect(try await h.store.read { tx in try tx.allUsage() }.map(\.quantity) == [3.0, 1.2, 0.01])
    }

    /// Token quantities are whole thousandths however many flushes add to a row (0.001 + 0.008
    /// is not 0.009 in binary floating point).
    @Test func quantitiesAddedOverFlushesStayExact() async throws {
        let h = try await H()
        let saas = "\(H.group)/providers/Microsoft.SaaS/resources/Meta-Llama-3-8B-Instruct-x"
        h.meter.record(llamaTarget(saas: saas), inputTokens: 1, outputTokens: 0)
        try await h.meter.flush()
        h.meter.record(llamaTarget(saas: saas), inputTokens: 8, outputTokens: 0)
        try await h.meter.flush()
        #expect(try await h.store.read { tx in try tx.allUsage() }.map(\.quantity) == [0.009])
    }

    @Test func costSoFarCountsWhatIsStillInMemoryByChargedAndServingResource() async throws {
        let h = try await H()
        let saas = "\(H.group)/providers/Microsoft.SaaS/resources/s1"
        let target = llamaTarget(saas: saas)
        h.meter.record(target, inputTokens: 2_000, outputTokens: 1_000)
        let costs = try await h.meter.costSoFar()
        let expected = 2 * 0.0003 + 1 * 0.00061
        #expect(abs((costs[saas.lowercased()] ?? 0) - expected) < 1e-12)
        #expect(abs((costs[target.servingResourceID.lowercased()] ?? 0) - expected) < 1e-12)
        h.meter.record(target, inputTokens: 5, outputTokens: 5)
        h.meter.discardPending()
        #expect(!h.meter.hasPending)
    }

    @Test func accountDeploymentsArePricedByTheirSKU() async throws {
        let h = try await H()
        let account = "\(H.group)/providers/Microsoft.CognitiveServices/accounts/acct"
        h.meter.record(MeterTargets.accountDeployment(accountID: account, deploymentID: account + "/deployments/chat", model: "gpt-4o", sku: "Standard"),
                       inputTokens: 1_000, outputTokens: 1_000)
        h.meter.record(MeterTargets.accountDeployment(accountID: account, deploymentID: account + "/deployments/global", model: "gpt-4o",
                                                      sku: "GlobalStandard"), inputTokens: 1_000, outputTokens: 0)
        try await h.meter.flush()
        let records = try await h.store.read { tx in try tx.allUsage() }
        #expect(Set(records.map(\.meter)) == ["gpt-4o Inp regnl Tokens", "gpt-4o Outp regnl Tokens", "gpt-4o Inp glbl Tokens"])
        #expect(records.first { $0.meter == "gpt-4o Inp regnl Tokens" }?.cost == 0.00275)
        #expect(records.first { $0.meter == "gpt-4o Inp glbl Tokens" }?.cost == 0.0025)
        #expect(records.allSatisfy { $0.chargedKey == account.lowercased() })
    }

    @Test func aMicrosoftModelIsBilledOnItsEndpoint() async throws {
        let endpoint = "\(BillingHarness.group)/providers/Microsoft.MachineLearningServices/workspaces/w/serverlessEndpoints/phi"
        let target = try #require(MeterTargets.serverless(endpointID: endpoint, model: "Phi-4", marketplaceSubscriptionID: nil, planID: nil,
                                                          saasByLinked: [:]))
        #expect(target.kind == .serverless && target.chargedResourceID == endpoint)
        // A marketplace endpoint whose subscription has no SaaS resource is not metered.
        #expect(MeterTargets.serverless(endpointID: endpoint, model: "x", marketplaceSubscriptionID: "/subscriptions/s/x", planID: "p",
                                        saasByLinked: [:]) == nil)
    }

    @Test func instanceHoursAccrueOnTheEnginesClock() async throws {
        let timelines = TestTimelines()
        let h = try await H(timelines: timelines)
        let deployment = "\(H.ml)/workspaces/proj/onlineEndpoints/ep/deployments/blue"
        // Two instances from 10:30, three from 11:00.
        let t0 = H.start.addingTimeInterval(1800)
        timelines.set([InstanceTimeline(deploymentID: deployment, instanceType: "Standard_NC24ads_A100_v4",
                                        changes: [.init(at: t0, instances: 2), .init(at: t0.addingTimeInterval(1800), instances: 3)])])
        h.clock.advance(by: 5400)  // 11:30
        try await h.meter.flush()
        var records = try await h.store.read { tx in try tx.allUsage() }
        #expect(records.map(\.quantity) == [1.0, 1.5], "2 × ½ h in the 10:00 hour, 3 × ½ h in the 11:00 hour")
        #expect(abs(records.map(\.cost).reduce(0, +) - 2.5 * 3.673) < 1e-9)
        #expect(records.allSatisfy { $0.meter == "NC24ads A100 v4" && $0.chargedKey == deployment.lowercased() })
        // The next flush bills only the time since the last one.
        h.clock.advance(by: 1800)  // 12:00
        try await h.meter.flush()
        records = try await h.store.read { tx in try tx.allUsage() }
        #expect(records.map(\.quantity) == [1.0, 3.0])
        // Stopped (0 instances from 12:00): nothing more, however long.
        timelines.set([InstanceTimeline(deploymentID: deployment, instanceType: "Standard_NC24ads_A100_v4",
                                        changes: [.init(at: t0, instances: 2), .init(at: t0.addingTimeInterval(1800), instances: 3),
                                                  .init(at: h.clock.now(), instances: 0)])])
        h.clock.advance(by: 86_400)
        try await h.meter.flush()
        #expect(try await h.store.read { tx in try tx.allUsage() }.map(\.quantity) == [1.0, 3.0])
        // A timeline that went away leaves its watermark behind no more.
        timelines.set([])
        try await h.meter.flush()
        #expect(try await h.store.read { tx in try tx.documents("billingAccruals") }.isEmpty)
    }
}

@Suite struct PriceListTests {
    @Test func everyCatalogModelBilledByTokensHasAPrice() throws {
        let prices = try PriceList.standard()
        // Token-billed: serverless (offered in some region) or account deployments; models only on
        // managed compute are billed by instance-hours.
        let models = try ModelCatalog.standard().models
        let unpriced = models.filter { (!$0.regions.isEmpty || $0.accountDeployment != nil) && !prices.lists(product: $0.name) }.map(\.name)
        #expect(unpriced.isEmpty)
        #expect(models.contains { $0.regions.isEmpty && $0.accountDeployment == nil && $0.managedCompute != nil })
        #expect(prices.tokenPrice(product: "Meta-Llama-3-8B-Instruct", sku: nil) == .init(inputPer1K: 0.0003, outputPer1K: 0.00061))
        #expect(prices.tokenPrice(product: "gpt-4o", sku: "standard").inputPer1K == 0.00275)
        #expect(prices.tokenPrice(product: "gpt-4o", sku: "GlobalStandard").inputPer1K == 0.0025)
        #expect(prices.tokenPrice(product: "unknown-model", sku: nil) == .init(inputPer1K: 0.001, outputPer1K: 0.002))
        #expect(prices.instanceHourPrice("standard_nc24ads_a100_v4") == 3.673)
        #expect(prices.instanceHourPrice("Standard_Unknown") == 1.0)
    }

    func file(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("prices-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test func aPriceFileReplacesTheEntriesItNames() throws {
        let url = try file(#"{"tokens":{"Meta-Llama-3-8B-Instruct":{"inputPer1K":1,"outputPer1K":2}},"instanceHours":{"Standard_DS3_v2":9},"defaults":{"instanceHour":0.5}}"#)
        defer { try? FileManager.default.removeItem(at: url) }
        let prices = try PriceList.standard(extraFiles: [url])
        #expect(prices.tokenPrice(product: "meta-llama-3-8b-instruct", sku: nil) == .init(inputPer1K: 1, outputPer1K: 2))
        #expect(prices.tokenPrice(product: "gpt-4o", sku: nil).inputPer1K == 0.0025)
        #expect(prices.instanceHourPrice("Standard_DS3_v2") == 9 && prices.instanceHourPrice("x") == 0.5)
    }

    @Test func aBadPriceFileIsRefusedAtStart() throws {
        for text in [#"{"currency":"EUR"}"#, #"{"tokens":{"m":{"inputPer1K":-1,"outputPer1K":0}}}"#, #"{"tokens":{"m":{"inputPer1K":1}}}"#,
                     #"{"instanceHours":{"x":-2}}"#, "not json"] {
            let url = try file(text)
            defer { try? FileManager.default.removeItem(at: url) }
            #expect(throws: PriceList.LoadError.self) { try PriceList.standard(extraFiles: [url]) }
        }
    }
}
