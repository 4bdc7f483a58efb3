import ARM
import Billing
import CeruleanJSON
import Foundation
import Testing

/// Consumption `usageDetails`: legacy rows per resource, meter and day, with the fields both
/// the SDK and `az consumption usage list` read, and the documented `$filter`.
@Suite struct UsageDetailsTests {
    typealias H = BillingHarness
    static let saas = "\(H.group)/providers/Microsoft.SaaS/resources/Meta-Llama-3-8B-Instruct-a"

    func billed() async throws -> H {
        let h = try await H()
        h.meter.record(llamaTarget(saas: Self.saas), inputTokens: 2_000, outputTokens: 500)
        h.clock.advance(by: 86_400)
        h.meter.record(llamaTarget(saas: Self.saas), inputTokens: 1_000, outputTokens: 0)
        return h
    }

    func items(_ r: ARMResponse) -> [JSON] { r.body?["value"]?.arrayValue ?? [] }

    @Test func rowsCarryTheLegacyAndThePre2019Fields() async throws {
        let h = try await billed()
        let r = await h.usageDetails(query: [("$expand", "properties/meterDetails,properties/additionalInfo"), ("metric", "actualcost")])
        #expect(r.status == 200)
        let rows = items(r)
        #expect(rows.count == 3)
        let newest = rows[0]
        #expect(newest["kind"]?.stringValue == "legacy" && newest["type"]?.stringValue == "Microsoft.Consumption/usageDetails")
        #expect(newest["id"]?.stringValue?.hasPrefix("/subscriptions/\(H.sub)/providers/Microsoft.Billing/billingPeriods/202610/providers/Microsoft.Consumption/usageDetails/") == true)
        let p = try #require(newest["properties"])
        #expect(p["date"]?.stringValue == "2026-10-06T00:00:00Z" && p["usageStart"]?.stringValue == "2026-10-06T00:00:00Z")
        #expect(p["usageEnd"]?.stringValue == "2026-10-06T23:59:59Z")
        #expect(p["quantity"]?.numberValue == 1 && p["usageQuantity"]?.numberValue == 1)
        #expect(p["cost"]?.numberValue == 0.0003 && p["pretaxCost"]?.numberValue == 0.0003 && p["unitPrice"]?.numberValue == 0.0003)
        #expect(p["resourceId"]?.stringValue == Self.saas && p["instanceId"]?.stringValue == Self.saas)
        #expect(p["resourceGroup"]?.stringValue == "rg1" && p["instanceName"]?.stringValue == "Meta-Llama-3-8B-Instruct-a")
        #expect(p["consumedService"]?.stringValue == "Microsoft.SaaS" && p["publisherType"]?.stringValue == "Marketplace")
        #expect(p["billingCurrency"]?.stringValue == "USD" && p["currency"]?.stringValue == "USD")
        #expect(p["meterDetails"]?["meterName"]?.stringValue == "paygo-inference-input-tokens")
        #expect(p["meterDetails"]?["meterCategory"]?.stringValue == "SaaS" && p["meterDetails"]?["unit"]?.stringValue == "1K")
        #expect(p["additionalInfo"]?.stringValue?.contains("ServingResourceId") == true)
        // Without $expand there are no meter details.
        #expect(items(await h.usageDetails())[0]["properties"]?["meterDetails"] == .null)
    }

    @Test func filtersOnDatesGroupsAndTags() async throws {
        let h = try await billed()
        // What `az consumption usage list --start-date 2026-10-06 --end-date 2026-10-31` sends.
        let az = "properties/usageEnd ge '2026-10-06T00:00:00Z' and properties/usageEnd le '2026-10-31T00:00:00Z'"
        #expect(items(await h.usageDetails(query: [("$filter", az)])).count == 1)
        #expect(items(await h.usageDetails(query: [("$filter", "properties/resourceGroup eq 'RG1'")])).count == 3)
        #expect(items(await h.usageDetails(query: [("$filter", "properties/resourceGroup eq 'other'")])).isEmpty)
        #expect(items(await h.usageDetails(query: [("$filter", "properties/publisherType eq 'marketplace' and properties/date lt '2026-10-06'")])).count == 2)
        #expect(items(await h.usageDetails(query: [("$filter", "tags eq 'team:x'")])).isEmpty)
        // The resource-group scope and $top (the most recent N).
        #expect(items(await h.usageDetails(scope: H.group, query: [("$top", "1")])).map { $0["properties"]?["date"]?.stringValue } == ["2026-10-06T00:00:00Z"])
        #expect(items(await h.usageDetails(scope: "/subscriptions/\(H.sub)/resourceGroups/rg1")).count == 3)
    }

    @Test func billingPeriodsSelectTheirMonth() async throws {
        let h = try await billed()
        let period = "/subscriptions/\(H.sub)/providers/Microsoft.Billing/billingPeriods"
        #expect(items(await h.call("GET", "\(period)/202610/providers/Microsoft.Consumption/usageDetails", apiVersion: "2023-05-01")).count == 3)
        #expect(items(await h.call("GET", "\(period)/202609/providers/Microsoft.Consumption/usageDetails", apiVersion: "2023-05-01")).isEmpty)
        let bad = await h.call("GET", "\(period)/2026-10/providers/Microsoft.Consumption/usageDetails", apiVersion: "2023-05-01")
        #expect(bad.status == 404)
        // Last month's usage is not in this billing period.
        h.clock.advance(by: 31 * 86_400)
        #expect(items(await h.usageDetails()).isEmpty)
        #expect(items(await h.usageDetails(query: [("$filter", "properties/usageStart ge '2026-10-01'")])).count == 3)
    }

    @Test func badFiltersAndParametersAreRefused() async throws {
        let h = try await billed()
        for filter in ["properties/resourceGroup ne 'rg1'", "properties/resourceGroup eq 'a' or properties/resourceGroup eq 'b'",
                       "not properties/resourceGroup eq 'a'", "properties/price eq '1'", "properties/usageEnd ge 'soon'",
                       "properties/resourceGroup eq rg1", "properties/resourceGroup eq 'rg1", "properties/resourceGroup", "tags eq 'nocolon'",
                       "properties/resourceGroup eq 'a' and"] {
            let r = await h.usageDetails(query: [("$filter", filter)])
            #expect(r.status == 400 && r.errorCode == "BadRequest", "\(filter)")
        }
        #expect(await h.usageDetails(query: [("metric", "profit")]).status == 400)
        #expect(await h.usageDetails(query: [("$top", "-1")]).status == 400)
        #expect(await h.usageDetails(scope: "/subscriptions/\(H.sub)/resourceGroups/missing").status == 404)
    }
}
