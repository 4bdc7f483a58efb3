import ARM
import CeruleanJSON
import Foundation

/// A Cost Management query body (`QueryDefinition`), checked as Azure checks it.
struct CostQuery {
    enum Granularity: String { case none = "None", daily = "Daily", monthly = "Monthly" }

    struct Aggregation {
        var alias: String
        /// The source column, which also names the answer's column (`PreTaxCost`, `Cost`, ...).
        var column: String
        var isQuantity: Bool { column == "UsageQuantity" }
    }

    struct Grouping {
        var isTag: Bool
        /// The dimension's canonical name, or the tag key as given.
        var name: String
    }

    indirect enum Filter {
        case all([Filter])
        case any([Filter])
        case dimension(String, values: Set<String>)
        case tag(String, values: Set<String>)
    }

    static let types = ["Usage", "ActualCost", "AmortizedCost"]
    static let timeframes = ["MonthToDate", "BillingMonthToDate", "TheLastMonth", "TheLastBillingMonth", "WeekToDate", "Custom",
                             "TheCurrentMonth"]
    static let aggregationColumns = ["PreTaxCost", "PreTaxCostUSD", "Cost", "CostUSD", "UsageQuantity"]

    var type: String
    var timeframe: String
    /// Whole UTC days, both included.
    var fromDay: Int
    var toDay: Int
    var granularity: Granularity
    var aggregations: [Aggregation]
    var groupings: [Grouping]
    var filter: Filter?

    init(_ body: JSONObject, now: Date) throws {
        type = try Self.choice(body, "type", Self.types, what: "query type")
        timeframe = try Self.choice(body, "timeframe", Self.timeframes, what: "timeframe")
        (fromDay, toDay) = try Self.period(timeframe, body["timePeriod"], now: now)
        guard let dataset = body["dataset"]?.objectValue else { throw BillingErrors.missingDataset }
        let granularity = dataset["granularity"]
        if let granularity, !granularity.isNull {
            guard let text = granularity.stringValue, let value = Granularity.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() })
            else { throw BillingErrors.choice("granularity", granularity.stringValue ?? granularity.compactString, Granularity.allCases.map(\.rawValue)) }
            self.granularity = value
        } else {
            self.granularity = .none
        }
        aggregations = try Self.aggregations(dataset["aggregation"])
        groupings = try Self.groupings(dataset["grouping"])
        filter = try dataset["filter"].flatMap { $0.isNull ? nil : try Self.filter($0) }
    }

    private static func choice(_ body: JSONObject, _ key: String, _ valid: [String], what: String) throws -> String {
        guard let value = body[key], !value.isNull else { throw BillingErrors.query("'\(key)' is required; valid values: \(BillingErrors.quoted(valid)).") }
        guard let text = value.stringValue, let found = valid.first(where: { $0.lowercased() == text.lowercased() }) else {
            throw BillingErrors.choice(what, value.stringValue ?? value.compactString, valid)
        }
        return found
    }

    /// The days a timeframe covers, on the engine's clock (UTC).
    static func period(_ timeframe: String, _ timePeriod: JSON?, now: Date) throws -> (Int, Int) {
        if let timePeriod, !timePeriod.isNull {
            guard let period = timePeriod.objectValue else { throw BillingErrors.query("'timePeriod' must be an object with 'from' and 'to'.") }
            for key in ["from", "to"] where period[key] != nil && period[key]?.stringValue == nil {
                throw BillingErrors.query("'timePeriod.\(key)' must be a date.")
            }
        }
        let today = BillingCalendar.day(now)
        let monthStart = BillingCalendar.monthStart(now)
        switch timeframe {
        case "MonthToDate", "BillingMonthToDate":
            return (BillingCalendar.day(monthStart), today)
        case "TheCurrentMonth":
            return (BillingCalendar.day(monthStart), BillingCalendar.day(BillingCalendar.adding(months: 1, to: monthStart)) - 1)
        case "TheLastMonth", "TheLastBillingMonth":
            let last = BillingCalendar.adding(months: -1, to: monthStart)
            return (BillingCalendar.day(last), BillingCalendar.day(monthStart) - 1)
        case "WeekToDate":
            // Weeks start on Monday (ISO 8601); 1970-01-01 was a Thursday.
            let weekday = (today + 3).floorDivided(by: 7) * 7 - 3
            return (weekday, today)
        default:
            guard let period = timePeriod?.objectValue else {
                throw BillingErrors.query("'timePeriod' is required when the timeframe is 'Custom'.")
            }
            func date(_ key: String) throws -> Date {
                guard let text = period[key]?.stringValue, !text.isEmpty else {
                    throw BillingErrors.query("'timePeriod.\(key)' is required when the timeframe is 'Custom'.")
                }
                guard let date = BillingCalendar.parse(text) else {
                    throw BillingErrors.query("'timePeriod.\(key)' is not a valid date: '\(text)'.")
                }
                return date
            }
            let from = try date("from"), to = try date("to")
            guard from <= to else {
                throw BillingErrors.query("The time period is invalid: 'from' (\(ARMTime.string(from))) is later than 'to' (\(ARMTime.string(to))).")
            }
            guard to <= BillingCalendar.adding(years: 1, to: from) else { throw BillingErrors.periodTooLong }
            return (BillingCalendar.day(from), BillingCalendar.day(to))
        }
    }

    static func aggregations(_ json: JSON?) throws -> [Aggregation] {
        guard let json, !json.isNull else { return [] }
        guard let object = json.objectValue else { throw BillingErrors.query("'dataset.aggregation' must be an object.") }
        guard object.count <= 2 else { throw BillingErrors.query("Query can have up to 2 aggregation clauses.") }
        return try object.entries.map { alias, value in
            guard let column = value["name"]?.stringValue else { throw BillingErrors.query("Aggregation '\(alias)' needs a 'name'.") }
            guard let canonical = aggregationColumns.first(where: { $0.lowercased() == column.lowercased() }) else {
                throw BillingErrors.choice("aggregation column", column, aggregationColumns)
            }
            let function = value["function"]?.stringValue ?? ""
            guard function.lowercased() == "sum" else { throw BillingErrors.choice("aggregation function", function, ["Sum"]) }
            return Aggregation(alias: alias, column: canonical)
        }
    }

    static func groupings(_ json: JSON?) throws -> [Grouping] {
        guard let json, !json.isNull else { return [] }
        guard let items = json.arrayValue else { throw BillingErrors.query("'dataset.grouping' must be an array.") }
        guard items.count <= 2 else { throw BillingErrors.query("Query can have up to 2 group by clauses.") }
        return try items.map { item in
            let type = item["type"]?.stringValue ?? ""
            guard let name = item["name"]?.stringValue, !name.isEmpty else { throw BillingErrors.query("A grouping needs a 'name'.") }
            switch type.lowercased() {
            case "dimension":
                guard let canonical = CostDimensions.canonical(name) else { throw BillingErrors.invalidGrouping(name) }
                return Grouping(isTag: false, name: canonical)
            case "tagkey":
                return Grouping(isTag: true, name: name)
            default:
                throw BillingErrors.choice("grouping type", type, ["Dimension", "TagKey"])
            }
        }
    }

    static func filter(_ json: JSON) throws -> Filter {
        guard let object = json.objectValue else { throw BillingErrors.filterShape }
        let set = ["and", "or", "not", "dimensions", "tags"].filter { object[$0] != nil && object[$0] != .null }
        guard set.count == 1, let key = set.first else { throw BillingErrors.filterShape }
        switch key {
        case "and", "or":
            guard let items = object[key]?.arrayValue else { throw BillingErrors.query("Invalid dataset filter; '\(key)' must be an array.") }
            guard items.count >= 2 else { throw BillingErrors.query("Invalid dataset filter; '\(key)' must have at least 2 items.") }
            let inner = try items.map(filter)
            return key == "and" ? .all(inner) : .any(inner)
        case "not":
            throw BillingErrors.query("Invalid dataset filter; 'not' is not supported, use 'In' with the values to keep.")
        default:
            guard let comparison = object[key]?.objectValue, let name = comparison["name"]?.stringValue else {
                throw BillingErrors.query("Invalid dataset filter; '\(key)' needs a 'name', an 'operator' and 'values'.")
            }
            let op = comparison["operator"]?.stringValue ?? ""
            guard op.lowercased() == "in" else { throw BillingErrors.choice("filter operator", op, ["In"]) }
            guard let values = comparison["values"]?.arrayValue?.compactMap(\.stringValue), !values.isEmpty else {
                throw BillingErrors.query("Invalid dataset filter; '\(key)' needs at least one value.")
            }
            let lowered = Set(values.map { $0.lowercased() })
            if key == "tags" { return .tag(name, values: lowered) }
            guard let canonical = CostDimensions.canonical(name) else { throw BillingErrors.invalidFilterDimension(name) }
            return .dimension(canonical, values: lowered)
        }
    }
}

extension CostQuery.Granularity: CaseIterable {}

extension CostQuery.Filter {
    func matches(_ line: UsageLine, subscriptionName: String) -> Bool {
        switch self {
        case .all(let items): return items.allSatisfy { $0.matches(line, subscriptionName: subscriptionName) }
        case .any(let items): return items.contains { $0.matches(line, subscriptionName: subscriptionName) }
        case .dimension(let name, let values):
            return values.contains(CostDimensions.value(name, of: line, subscriptionName: subscriptionName).lowercased())
        case .tag(let name, let values):
            let value = line.meter.tags.first { $0.key.lowercased() == name.lowercased() }?.value ?? ""
            return values.contains(value.lowercased())
        }
    }
}
