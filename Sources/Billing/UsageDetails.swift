import CeruleanJSON
import Foundation

/// `Microsoft.Consumption/usageDetails`: one legacy (pay-as-you-go) row per charged resource,
/// serving resource, meter and day. Each row carries the current legacy fields (`date`,
/// `quantity`, `cost`, `resourceId`, ...) and the pre-2019 ones `az consumption usage list`
/// still reads (`usageStart`, `usageEnd`, `usageQuantity`, `pretaxCost`, `instanceName`, ...).
struct UsageDetails {
    struct Row {
        var lines: [UsageLine]
        var first: UsageLine { lines[0] }
        var quantity: Double { UsageQuantity.sum(lines.map(\.record.quantity)) }
        var cost: Double { lines.reduce(0) { $0 + $1.record.cost } }
        var day: Int { first.day }
        var start: Date { BillingCalendar.date(ofDay: day) }
        var end: Date { start.addingTimeInterval(86_399) }
    }

    static let metrics = ["actualcost", "amortizedcost", "usage"]

    let subscriptionName: String
    let expandMeterDetails: Bool
    let expandAdditionalInfo: Bool

    /// Lines grouped into daily rows, newest first.
    static func rows(_ lines: [UsageLine]) -> [Row] {
        var groups: [String: [UsageLine]] = [:]
        for line in lines {
            let r = line.record
            groups["\(line.day)|\(r.chargedKey)|\(r.servingKey)|\(r.meter)", default: []].append(line)
        }
        return groups.values.map(Row.init).sorted { a, b in
            a.day != b.day ? a.day > b.day : (a.first.record.chargedKey, a.first.record.meter) < (b.first.record.chargedKey, b.first.record.meter)
        }
    }

    func json(_ row: Row) -> JSON {
        let line = row.first, m = line.meter, r = line.record
        let period = BillingCalendar.yyyymm(row.start)
        let periodStart = BillingCalendar.monthStart(row.start)
        let periodEnd = BillingCalendar.adding(months: 1, to: periodStart).addingTimeInterval(-86_400)
        let subscription = line.charged.subscription
        let name = Meters.stableID("usage", r.chargedKey, r.servingKey, r.meter, String(row.day))
        let periodID = "/subscriptions/\(subscription)/providers/Microsoft.Billing/billingPeriods/\(period)"
        let quantity = row.quantity, cost = row.cost
        var properties: JSONObject = [
            "billingAccountId": .string(subscription), "billingAccountName": .string(subscriptionName),
            "billingPeriodStartDate": .string(BillingCalendar.stamp(periodStart)),
            "billingPeriodEndDate": .string(BillingCalendar.stamp(periodEnd)),
            "billingProfileId": .string(subscription), "billingProfileName": .string(subscriptionName),
            "accountName": .string(subscriptionName), "subscriptionId": .string(subscription),
            "subscriptionName": .string(subscriptionName), "date": .string(BillingCalendar.stamp(row.start)),
            "product": .string(m.product), "partNumber": "", "meterId": .string(m.meterID),
            "meterDetails": expandMeterDetails ? meterDetails(m) : .null,
            "quantity": .number(quantity), "effectivePrice": .number(m.unitPrice), "cost": .number(cost),
            "unitPrice": .number(m.unitPrice), "billingCurrency": .string(PriceList.currency),
            "resourceLocation": .string(m.resourceLocation), "consumedService": .string(m.consumedService),
            "resourceId": .string(r.chargedID), "resourceName": .string(line.charged.name), "serviceInfo1": .string(r.servingID),
            "invoiceSection": "", "costCenter": "", "resourceGroup": .string(line.charged.resourceGroup ?? ""),
            "offerId": "MS-AZR-0003P", "isAzureCreditEligible": .bool(m.publisherType != "Marketplace"),
            "publisherName": .string(m.publisherName), "publisherType": .string(m.publisherType), "planName": .string(m.planName),
            "chargeType": "Usage", "frequency": "UsageBased", "payGPrice": .number(m.unitPrice), "pricingModel": "OnDemand",
            "term": m.publisherType == "Marketplace" ? "P1M" : .null,
            // The pre-2019 fields `az consumption usage list` reads.
            "billingPeriodId": .string(periodID), "usageStart": .string(BillingCalendar.stamp(row.start)),
            "usageEnd": .string(BillingCalendar.stamp(row.end)), "usageQuantity": .number(quantity),
            "billableQuantity": .number(quantity), "pretaxCost": .number(cost), "currency": .string(PriceList.currency),
            "instanceName": .string(line.charged.name), "instanceId": .string(r.chargedID),
            "instanceLocation": .string(m.resourceLocation), "isEstimated": .bool(false), "subscriptionGuid": .string(subscription),
        ]
        if expandAdditionalInfo {
            properties["additionalInfo"] = .string(JSON.object(["ServingResourceId": .string(r.servingID),
                                                                "UnitOfMeasure": .string(m.unitOfMeasure)]).compactString)
        }
        return [
            "id": .string("\(periodID)/providers/Microsoft.Consumption/usageDetails/\(name)"),
            "name": .string(name), "type": "Microsoft.Consumption/usageDetails", "kind": "legacy",
            "tags": .object(JSONObject(m.tags.sorted { $0.key < $1.key }.map { ($0.key, JSON.string($0.value)) })),
            "properties": .object(properties),
        ]
    }

    /// Both the current legacy names (`unitOfMeasure`, `serviceFamily`) and the old ones (`unit`,
    /// `pretaxStandardRate`, `totalIncludedQuantity`, `meterLocation`).
    private func meterDetails(_ m: MeterDescription) -> JSON {
        [
            "meterName": .string(m.meterName), "meterCategory": .string(m.meterCategory), "meterSubCategory": .string(m.meterSubCategory),
            "unitOfMeasure": .string(m.unitOfMeasure), "serviceFamily": .string(m.serviceName), "unit": .string(m.unitOfMeasure),
            "meterLocation": .string(m.resourceLocation), "totalIncludedQuantity": .number(0),
            "pretaxStandardRate": .number(m.unitPrice), "serviceName": .string(m.serviceName), "serviceTier": .string(m.serviceTier),
        ]
    }
}
