import CeruleanJSON
import Foundation

/// The answer to a cost query: columns (aggregates, then `UsageDate` or `BillingMonth`, then
/// the groupings, then `Currency`, as real answers order them) and one row per date and group.
struct CostQueryAnswer {
    let query: CostQuery
    let subscriptionName: String

    var columns: [JSON] {
        var columns: [JSON] = query.aggregations.map { column($0.column, "Number") }
        switch query.granularity {
        case .daily: columns.append(column("UsageDate", "Number"))
        case .monthly: columns.append(column("BillingMonth", "Datetime"))
        case .none: break
        }
        columns += query.groupings.map { column($0.name, "String") }
        columns.append(column("Currency", "String"))
        return columns
    }

    private func column(_ name: String, _ type: String) -> JSON { ["name": .string(name), "type": .string(type)] }

    /// Sums per (date, group values), in date then group order.
    func rows(_ lines: [UsageLine]) -> [JSON] {
        struct Group: Hashable, Comparable {
            var date: Int
            var values: [String]
            static func < (a: Group, b: Group) -> Bool { a.date != b.date ? a.date < b.date : a.values.lexicographicallyPrecedes(b.values) }
        }
        var sums: [Group: (cost: Double, quantity: Double)] = [:]
        for line in lines where query.filter?.matches(line, subscriptionName: subscriptionName) ?? true {
            let date: Int
            switch query.granularity {
            case .daily: date = BillingCalendar.yyyymmdd(line.date)
            case .monthly: date = BillingCalendar.day(BillingCalendar.monthStart(line.date))
            case .none: date = 0
            }
            let values = query.groupings.map { grouping in
                grouping.isTag
                    ? line.meter.tags.first { $0.key.lowercased() == grouping.name.lowercased() }?.value ?? ""
                    : CostDimensions.value(grouping.name, of: line, subscriptionName: subscriptionName)
            }
            let key = Group(date: date, values: values)
            let sum = sums[key] ?? (0, 0)
            sums[key] = (sum.cost + line.record.cost, sum.quantity + line.record.quantity)
        }
        return sums.keys.sorted().map { group in
            let sum = sums[group]!
            var row: [JSON] = query.aggregations.map { .number($0.isQuantity ? UsageQuantity.rounded(sum.quantity) : sum.cost) }
            switch query.granularity {
            case .daily: row.append(JSON(group.date))
            case .monthly: row.append(.string(BillingCalendar.localStamp(BillingCalendar.date(ofDay: group.date))))
            case .none: break
            }
            row += group.values.map(JSON.string)
            row.append(.string(PriceList.currency))
            return .array(row)
        }
    }
}
