import Foundation
import Store

/// A stored usage record with its meter's description decoded: what the cost APIs read.
struct UsageLine: Sendable {
    let record: UsageRecord
    let meter: MeterDescription
    let charged: ResourceIDText

    init(_ record: UsageRecord) {
        self.record = record
        meter = (try? JSONDecoder().decode(MeterDescription.self, from: record.details))
            ?? MeterDescription(meterName: record.meter, meterID: "", meterCategory: "", meterSubCategory: "", serviceName: "",
                                serviceTier: "", consumedService: "", product: "", unitOfMeasure: "", unitPrice: 0,
                                resourceType: "", resourceLocation: "", publisherType: "", publisherName: "", planName: "", tags: [:])
        charged = ResourceIDText(text: record.chargedID)
    }

    var day: Int { record.hour.floorDivided(by: 24) }
    var date: Date { BillingCalendar.date(ofDay: day) }

    /// Usage of a scope between two dates (whole UTC days, both included).
    static func read(subscription: String, group: String?, fromDay: Int, toDay: Int, _ tx: StoreTransaction) throws -> [UsageLine] {
        try tx.usage(subscriptionKey: subscription.lowercased(), resourceGroupKey: group?.lowercased(),
                     fromHour: fromDay * 24, toHour: (toDay + 1) * 24).map(UsageLine.init)
    }
}

/// Quantities as billed: a sum of quantities to 9 decimals, so whole thousandths of tokens summed
/// over hours, days and flushes stay exact (binary floating point would make 0.001 + 0.008
/// 0.009000000000000001); instance-hours keep far more than Azure's 6 decimals.
enum UsageQuantity {
    static func rounded(_ quantity: Double) -> Double {
        (quantity * 1e9).rounded() / 1e9
    }

    static func sum(_ quantities: [Double]) -> Double {
        rounded(quantities.reduce(0, +))
    }
}

extension Int {
    func floorDivided(by d: Int) -> Int {
        let q = self / d
        return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
    }
}
