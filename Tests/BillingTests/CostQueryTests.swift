import ARM
import Billing
import CeruleanJSON
import Foundation
import Inference
import Testing

/// Cost Management `query` at subscription and resource-group scope, through the engine.
@Suite struct CostQueryTests {
    typealias H = BillingHarness
    static let saasA = "\(H.group)/providers/Microsoft.SaaS/resources/Meta-Llama-3-8B-Instruct-a"
    static let saasB = "/subscriptions/\(H.sub)/resourceGroups/rg2/providers/Microsoft.SaaS/resources/Meta-Llama-3-8B-Instruct-b"

    /// Llama usage on two SaaS resources in two groups over two days, and an Azure OpenAI deployment.
    func billed() async throws -> H {
        let h = try await H()
        _ = await h.call("PUT", "/subscriptions/\(H.sub)/resourceGroups/rg2", body: #"{"location":"eastus2"}"#)
        h.meter.record(llamaTarget(saas: Self.saasA), inputTokens: 12_345, outputTokens: 4_000)
        h.meter.record(llamaTarget(saas: Self.saasB), inputTokens: 1_000, outputTokens: 1_000)
        h.clock.advance(by: 86_400)
        h.meter.record(llamaTarget(saas: Self.saasA), inputTokens: 1_000, outputTokens: 0)
        let account = "\(H.group)/providers/Microsoft.CognitiveServices/accounts/acct"
        h.meter.record(MeterTargets.accountDeployment(accountID: account, deploymentID: account + "/deployments/chat", model: "gpt-4o",
                                                      sku: "GlobalStandard"), inputTokens: 2_000, outputTokens: 1_000)
        return h
    }

    static let byResourceAndMeter = #"""
        {"type":"ActualCost","timeframe":"Custom","timePeriod":{"from":"2026-10-01T00:00:00Z","to":"2026-10-31T23:59:59Z"},
         "dataset":{"granularity":"Daily","aggregation":{"totalCost":{"name":"Cost","function":"Sum"}},
                    "grouping":[{"type":"Dimension","name":"ResourceId"},{"type":"Dimension","name":"Meter"}],
                    "filter":{"dimensions":{"name":"ResourceType","operator":"In","values":["microsoft.saas/resources"]}}}}
        """#

    func rows(_ r: ARMResponse) -> [[JSON]] { r.props?["rows"]?.arrayValue?.compactMap(\.arrayValue) ?? [] }
    func columns(_ r: ARMResponse) -> [String] { r.props?["columns"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? [] }

    /// Quantities summed over hours (and usage details' days) are whole thousandths, not float sums.
    @Test func quantitiesSummedOverHoursStayExact() async throws {
        let h = try await H()
        h.meter.record(llamaTarget(saas: Self.saasA), inputTokens: 1, outputTokens: 0)
        h.clock.advance(by: 3600)
        h.meter.record(llamaTarget(saas: Self.saasA), inputTokens: 8, outputTokens: 0)
        let r = await h.query(#"{"type":"Usage","timeframe":"MonthToDate","dataset":{"aggregation":{"q":{"name":"UsageQuantity","function":"Sum"}}}}"#)
        #expect(rows(r).map { $0[0].numberValue } == [0.009])
        let details = await h.usageDetails()
        #expect(details.body?["value"]?[0]?["properties"]?["quantity"]?.numberValue == 0.009)
    }

    @Test func dailyCostByResourceAndMeterIsTokensTimesUnitPrice() async throws {
        let h = try await billed()
        let r = await h.query(Self.byResourceAndMeter)
        #expect(r.status == 200)
        #expect(columns(r) == ["Cost", "UsageDate", "ResourceId", "Meter", "Currency"])
        #expect(r.props?["columns"]?[1]?["type"]?.stringValue == "Number")
        #expect(r.body?["type"]?.stringValue == "Microsoft.CostManagement/query")
        #expect(r.body?["id"]?.stringValue?.hasPrefix("subscriptions/\(H.sub)/providers/Microsoft.CostManagement/query/") == true)
        #expect(r.props?["nextLink"] == .null)
        let a = Self.saasA.lowercased(), b = Self.saasB.lowercased()
        let expected: [(Double, Int, String, String)] = [
            (12.345 * 0.0003, 20261005, a, "paygo-inference-input-tokens"), (4 * 0.00061, 20261005, a, "paygo-inference-output-tokens"),
            (1 * 0.0003, 20261005, b, "paygo-inference-input-tokens"), (1 * 0.00061, 20261005, b, "paygo-inference-output-tokens"),
            (1 * 0.0003, 20261006, a, "paygo-inference-input-tokens"),
        ]
        let got = rows(r)
        #expect(got.count == expected.count)
        for (row, want) in zip(got, expected) {
            #expect(abs((row[0].numberValue ?? -1) - want.0) < 1e-12)
            #expect(row[1].intValue == want.1 && row[2].stringValue == want.2 && row[3].stringValue == want.3)
            #expect(row[4].stringValue == "USD")
        }
    }

    @Test func aResourceGroupScopeShowsOnlyItsCharges() async throws {
        let h = try await billed()
        let r = await h.query(#"{"type":"Usage","timeframe":"MonthToDate","dataset":{"granularity":"None","aggregation":{"c":{"name":"PreTaxCost","function":"Sum"}},"grouping":[{"type":"Dimension","name":"ServiceName"}]}}"#,
                              scope: "/subscriptions/\(H.sub)/resourceGroups/RG2")
        #expect(r.status == 200)
        #expect(columns(r) == ["PreTaxCost", "ServiceName", "Currency"])
        #expect(rows(r).count == 1 && rows(r).first?[1].stringValue == "SaaS")
        #expect(abs((rows(r).first?[0].numberValue ?? 0) - (0.0003 + 0.00061)) < 1e-12)
        #expect(r.body?["id"]?.stringValue?.hasPrefix("subscriptions/\(H.sub)/resourceGroups/RG2/providers/") == true)
    }

    @Test func groupingsGranularitiesAndAggregations() async throws {
        let h = try await billed()
        // Monthly, by resource type and service, two aggregations (cost and quantity).
        var r = await h.query(#"{"type":"ActualCost","timeframe":"TheCurrentMonth","dataset":{"granularity":"Monthly","aggregation":{"cost":{"name":"CostUSD","function":"Sum"},"q":{"name":"UsageQuantity","function":"Sum"}},"grouping":[{"type":"Dimension","name":"resourcetype"},{"type":"Dimension","name":"MeterCategory"}]}}"#)
        #expect(columns(r) == ["CostUSD", "UsageQuantity", "BillingMonth", "ResourceType", "MeterCategory", "Currency"])
        #expect(rows(r).map { $0[2].stringValue } == ["2026-10-01T00:00:00", "2026-10-01T00:00:00"])
        #expect(rows(r).map { $0[3].stringValue } == ["microsoft.cognitiveservices/accounts", "microsoft.saas/resources"])
        #expect(rows(r).map { $0[1].numberValue } == [3.0, 12.345 + 4 + 1 + 1 + 1])
        // Resource groups (lower-cased) and a tag grouping (the deployment tag of Azure OpenAI rows).
        r = await h.query(#"{"type":"ActualCost","timeframe":"MonthToDate","dataset":{"aggregation":{"c":{"name":"Cost","function":"Sum"}},"grouping":[{"type":"Dimension","name":"ResourceGroupName"},{"type":"TagKey","name":"deployment"}]}}"#)
        #expect(columns(r) == ["Cost", "ResourceGroupName", "deployment", "Currency"])
        #expect(rows(r).map { [$0[1].stringValue ?? "", $0[2].stringValue ?? ""] } == [["rg1", ""], ["rg1", "chat"], ["rg2", ""]])
        // No aggregation: the dates alone. No grouping, Daily: one row per day.
        r = await h.query(#"{"type":"Usage","timeframe":"MonthToDate","dataset":{"granularity":"Daily"}}"#)
        #expect(columns(r) == ["UsageDate", "Currency"])
        #expect(rows(r).map { $0[0].intValue } == [20261005, 20261006])
        // Filters: or of dimensions, and with a tag.
        r = await h.query(#"{"type":"Usage","timeframe":"MonthToDate","dataset":{"aggregation":{"c":{"name":"Cost","function":"Sum"}},"filter":{"or":[{"dimensions":{"name":"Meter","operator":"In","values":["PAYGO-INFERENCE-OUTPUT-TOKENS"]}},{"tags":{"name":"deployment","operator":"In","values":["chat"]}}]}}}"#)
        #expect(abs((rows(r).first?[0].numberValue ?? 0) - (4 * 0.00061 + 0.00061 + 2 * 0.0025 + 0.01)) < 1e-12)
        // Last month, last week: nothing.
        r = await h.query(#"{"type":"Usage","timeframe":"TheLastMonth","dataset":{"aggregation":{"c":{"name":"Cost","function":"Sum"}}}}"#)
        #expect(r.status == 200 && rows(r).isEmpty)
        r = await h.query(#"{"type":"Usage","timeframe":"WeekToDate","dataset":{"granularity":"Daily","aggregation":{"c":{"name":"Cost","function":"Sum"}}}}"#)
        #expect(rows(r).map { $0[1].intValue } == [20261005, 20261006])
    }

    @Test func longAnswersPageWithANextLinkTheClientPostsTo() async throws {
        let h = try await billed()
        let first = await h.query(Self.byResourceAndMeter, query: [("$top", "2")])
        #expect(rows(first).count == 2)
        let next = try #require(first.props?["nextLink"]?.stringValue)
        #expect(next.hasPrefix("\(H.base)/subscriptions/\(H.sub)/providers/Microsoft.CostManagement/query?"))
        let items = try #require(URLComponents(string: next)?.queryItems)
        #expect(items.contains { $0.name == "api-version" && $0.value == "2025-03-01" })
        let token = try #require(items.first { $0.name == "$skiptoken" }?.value)
        let second = await h.call("POST", "/subscriptions/\(H.sub)/providers/Microsoft.CostManagement/query", body: Self.byResourceAndMeter,
                                  query: [("$top", "2"), ("$skiptoken", token)], apiVersion: "2025-03-01")
        let third = await h.call("POST", "/subscriptions/\(H.sub)/providers/Microsoft.CostManagement/query", body: Self.byResourceAndMeter,
                                 query: [("$top", "2"), ("$skiptoken", URLComponents(string: second.props?["nextLink"]?.stringValue ?? "")?.queryItems?.first { $0.name == "$skiptoken" }?.value ?? "")],
                                 apiVersion: "2025-03-01")
        #expect(rows(second).count == 2 && rows(third).count == 1 && third.props?["nextLink"] == .null)
        #expect(rows(first) + rows(second) + rows(third) == rows(await h.query(Self.byResourceAndMeter)))
    }

    @Test func badQueriesAreRefusedInCostManagementsWords() async throws {
        let h = try await billed()
        func refused(_ body: String, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) async {
            let r = await h.query(body)
            #expect(r.status == 400, "\(body)", sourceLocation: sourceLocation)
            #expect(r.errorCode == "BadRequest", "\(body)", sourceLocation: sourceLocation)
            #expect(r.errorMessage?.contains(fragment) == true, "\(r.errorMessage ?? "no message") lacks \(fragment)", sourceLocation: sourceLocation)
        }
        let ds = #""dataset":{"aggregation":{"c":{"name":"Cost","function":"Sum"}}}"#
        await refused(#"{"timeframe":"MonthToDate",\#(ds)}"#, "'type' is required")
        await refused(#"{"type":"Forecast","timeframe":"MonthToDate",\#(ds)}"#, "Invalid query type 'Forecast'; valid values: 'Usage','ActualCost','AmortizedCost'")
        await refused(#"{"type":"Usage","timeframe":"Yesterday",\#(ds)}"#, "Invalid timeframe 'Yesterday'")
        await refused(#"{"type":"Usage","timeframe":"Custom",\#(ds)}"#, "'timePeriod' is required")
        await refused(#"{"type":"Usage","timeframe":"Custom","timePeriod":{"from":"2026-10-01"},\#(ds)}"#, "'timePeriod.to' is required")
        await refused(#"{"type":"Usage","timeframe":"Custom","timePeriod":"last week",\#(ds)}"#, "'timePeriod' must be an object")
        await refused(#"{"type":"Usage","timeframe":"Custom","timePeriod":{"from":1,"to":"2026-10-01"},\#(ds)}"#, "'timePeriod.from' must be a date")
        await refused(#"{"type":"Usage","timeframe":"Custom","timePeriod":{"from":"yesterday","to":"2026-10-01"},\#(ds)}"#, "not a valid date")
        await refused(#"{"type":"Usage","timeframe":"Custom","timePeriod":{"from":"2026-10-31","to":"2026-10-01"},\#(ds)}"#, "'from'")
        await refused(#"{"type":"Usage","timeframe":"Custom","timePeriod":{"from":"2025-01-01T00:00:00Z","to":"2026-01-01T00:00:01Z"},\#(ds)}"#,
                      "Invalid query definition: The time period for pulling the data cannot exceed 1 year(s).")
        await refused(#"{"type":"Usage","timeframe":"MonthToDate"}"#, "Invalid query definition, Dataset is invalid or not supplied.")
        await refused(#"{"type":"Usage","timeframe":"MonthToDate","dataset":{"granularity":"Hourly"}}"#, "Invalid granularity 'Hourly'")
        await refused(#"{"type":"Usage","timeframe":"MonthToDate","dataset":{"grouping":[{"type":"Dimension","name":"Resource"}]}}"#,
                      "Invalid query definition: Invalid dataset grouping: 'Resource'; valid values: 'ResourceGroup','ResourceGroupName',")
        await refused(#"{"type":"Usage","timeframe":"MonthToDate","dataset":{"grouping":[{"type":"Dimension","name":"Meter"},{"type":"Dimension","name":"ResourceId"},{"type":"Dimension","name":"ServiceName"}]}}"#,
                      "up to 2 group by clauses")
        await refused(#"{"type":"Usage","timeframe":"MonthToDate","dataset":{"grouping":[{"type":"Column","name":"Meter"}]}}"#, "Invalid grouping type 'Column'")
        await refused(#"{"type":"Usage","timeframe":"MonthToDate","dataset":{"aggregation":{"c":{"name":"Cost","function":"Avg"}}}}"#, "Invalid aggregation function 'Avg'")
        await refused(#"{"type":"Usage","timeframe":"MonthToDate","dataset":{"aggregation":{"c":{"name":"Price","function":"Sum"}}}}"#, "Invalid aggregation column 'Price'")
        await refused(#"{"type":"Usage","timeframe":"MonthToDate","dataset":{"aggregation":{"a":{"name":"Cost","function":"Sum"},"b":{"name":"CostUSD","function":"Sum"},"c":{"name":"PreTaxCost","function":"Sum"}}}}"#,
                      "up to 2 aggregation clauses")
        await refused(#"{"type":"Usage","timeframe":"MonthToDate","dataset":{"filter":{"dimensions":{"name":"Meter","operator":"In","values":["x"]},"tags":{"name":"a","operator":"In","values":["b"]}}}}"#,
                      "one and only one of and/or/not/dimension/tag can be set")
        await refused(#"{"type":"Usage","timeframe":"MonthToDate","dataset":{"filter":{"dimensions":{"name":"Meter","operator":"Contains","values":["x"]}}}}"#,
                      "Invalid filter operator 'Contains'; valid values: 'In'")
        await refused(#"{"type":"Usage","timeframe":"MonthToDate","dataset":{"filter":{"dimensions":{"name":"PublisherName","operator":"In","values":["x"]}}}}"#,
                      "Invalid dataset filter dimension: 'PublisherName'")
        await refused(#"{"type":"Usage","timeframe":"MonthToDate","dataset":{"filter":{"and":[{"dimensions":{"name":"Meter","operator":"In","values":["x"]}}]}}}"#,
                      "at least 2 items")
        await refused(#"{"type":"Usage","timeframe":"MonthToDate","dataset":{"filter":{"dimensions":{"name":"Meter","operator":"In","values":[]}}}}"#,
                      "at least one value")
        #expect(await h.query(#"{"type":"#).status == 400)
        #expect(await h.query("[1,2]").status == 400)
        #expect(await h.query(Self.byResourceAndMeter, query: [("$top", "0")]).status == 400)
        #expect(await h.query(Self.byResourceAndMeter, query: [("$skiptoken", "nonsense")]).status == 400)
    }

    @Test func unknownScopesAndMethods() async throws {
        let h = try await billed()
        let noSubscription = await h.query(Self.byResourceAndMeter, scope: "/subscriptions/99999999-9999-9999-9999-999999999999")
        #expect(noSubscription.status == 404 && noSubscription.errorCode == "SubscriptionNotFound")
        let noGroup = await h.query(Self.byResourceAndMeter, scope: "/subscriptions/\(H.sub)/resourceGroups/missing")
        #expect(noGroup.status == 404 && noGroup.errorCode == "ResourceGroupNotFound")
        let get = await h.call("GET", "/subscriptions/\(H.sub)/providers/Microsoft.CostManagement/query", apiVersion: "2025-03-01")
        #expect(get.status == 405)
        let resourceScope = await h.query(Self.byResourceAndMeter, scope: H.workspace("proj"))
        #expect((400..<500).contains(resourceScope.status))
    }

    @Test func usageRecordedJustBeforeAQueryIsInIt() async throws {
        let h = try await H()
        h.meter.record(llamaTarget(saas: Self.saasA), inputTokens: 1_000, outputTokens: 1_000)
        #expect(h.meter.hasPending)
        let r = await h.query(#"{"type":"Usage","timeframe":"MonthToDate","dataset":{"aggregation":{"c":{"name":"Cost","function":"Sum"}}}}"#)
        #expect(abs((rows(r).first?[0].numberValue ?? 0) - (0.0003 + 0.00061)) < 1e-12)
        #expect(!h.meter.hasPending)
    }
}
