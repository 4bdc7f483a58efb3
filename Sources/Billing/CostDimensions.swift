import Foundation

/// The dimensions Cost Management groups and filters by, and each one's value on a usage line.
/// The valid names are the ones Azure lists in its own refusal; Cerulean answers every one,
/// with an empty value where it has nothing to say (as Azure does for a charge without one).
enum CostDimensions {
    /// In the order Azure's "Invalid dataset grouping" message lists them.
    static let validNames = [
        "ResourceGroup", "ResourceGroupName", "ResourceLocation", "ConsumedService", "ResourceType", "ResourceId", "MeterId",
        "BillingMonth", "MeterCategory", "MeterSubcategory", "Meter", "AccountName", "DepartmentName", "SubscriptionId",
        "SubscriptionName", "ServiceName", "ServiceTier", "EnrollmentAccountName", "BillingAccountId", "ResourceGuid",
        "BillingPeriod", "InvoiceNumber", "ChargeType", "PublisherType", "ReservationId", "ReservationName", "Frequency",
        "PartNumber", "CostAllocationRuleName", "MarkupRuleName", "PricingModel", "BenefitId", "BenefitName",
    ]
    /// Also accepted (other API versions and the reference list them).
    static let otherNames = ["Provider"]

    /// The canonical spelling of a dimension name (case-insensitive; `MeterSubCategory` too), or `nil`.
    static func canonical(_ name: String) -> String? {
        let lower = name.lowercased()
        return (validNames + otherNames).first { $0.lowercased() == lower }
    }

    /// The value of a dimension on a line (`subscriptionName` is the subscription's display name).
    static func value(_ dimension: String, of line: UsageLine, subscriptionName: String) -> String {
        let m = line.meter
        switch dimension {
        case "ResourceGroup", "ResourceGroupName": return (line.charged.resourceGroup ?? "").lowercased()
        case "ResourceLocation": return m.resourceLocation.lowercased()
        case "ConsumedService": return m.consumedService
        case "ResourceType": return m.resourceType
        case "ResourceId": return line.charged.key
        case "MeterId": return m.meterID
        case "BillingMonth": return BillingCalendar.localStamp(BillingCalendar.monthStart(line.date))
        case "MeterCategory": return m.meterCategory
        case "MeterSubcategory": return m.meterSubCategory
        case "Meter": return m.meterName
        case "SubscriptionId": return line.charged.subscription
        case "SubscriptionName": return subscriptionName
        case "ServiceName": return m.serviceName
        case "ServiceTier": return m.serviceTier
        case "ResourceGuid": return Meters.stableID("resource", line.charged.key)
        case "BillingPeriod": return BillingCalendar.yyyymm(line.date)
        case "ChargeType": return "Usage"
        case "PublisherType": return m.publisherType
        case "Frequency": return "UsageBased"
        case "PricingModel": return "OnDemand"
        case "Provider": return m.publisherType == "Marketplace" ? "Marketplace" : "Azure"
        default: return ""
        }
    }
}
