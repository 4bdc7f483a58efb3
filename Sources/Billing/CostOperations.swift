import ARM
import CeruleanJSON
import Foundation

/// The cost APIs as provider operations, at subscription and resource-group scope: Cost
/// Management `query` and Consumption `usageDetails` (also below a billing period). Each first
/// flushes the meters, so it reads everything recorded before it.
enum CostOperations {
    static let costManagement = "Microsoft.CostManagement"
    static let consumption = "Microsoft.Consumption"
    /// Rows per page of a query answer unless `$top` asks for fewer (at most 5,000).
    static let queryPageSize = 1000

    static func all(meter: UsageMeter) -> [ProviderOperation] {
        let flush: @Sendable () async throws -> Void = { try await meter.flush() }
        return [ProviderOperation.Scope.subscription, .resourceGroup].flatMap { scope in
            [
                ProviderOperation("POST", namespace: costManagement, scope: scope, "query", prepare: flush) { call in try query(call) },
                ProviderOperation("GET", namespace: consumption, scope: scope, "usageDetails", prepare: flush) { call in
                    try usageDetails(call, period: nil)
                },
            ]
        } + [
            ProviderOperation("GET", namespace: "Microsoft.Billing", "billingPeriods/{period}/providers/Microsoft.Consumption/usageDetails",
                              prepare: flush) { call in
                guard let period = BillingCalendar.period(call.parameter("period")) else {
                    throw ARMError(status: 404, code: "NotFound",
                                   message: "The billing period '\(call.parameter("period"))' was not found; billing periods are named yyyyMM.")
                }
                return try usageDetails(call, period: period)
            },
        ]
    }

    static func subscriptionName(_ call: ProviderOperationCall) throws -> String {
        try SubscriptionDirectory(transaction: call.session.transaction).subscription(call.subscriptionID)?["displayName"]?.stringValue ?? ""
    }

    // MARK: Cost Management query

    static func query(_ call: ProviderOperationCall) throws -> ProviderOperation.Result {
        let body = try call.bodyObject()
        let query = try CostQuery(body, now: call.session.now)
        let pageSize = try top(call, limit: 5000) ?? queryPageSize
        let offset = try skipToken(call)
        let answer = CostQueryAnswer(query: query, subscriptionName: try subscriptionName(call))
        let lines = try UsageLine.read(subscription: call.subscriptionID, group: call.resourceGroup, fromDay: query.fromDay,
                                       toDay: query.toDay, call.session.transaction)
        let rows = answer.rows(lines)
        let page = Array(rows.dropFirst(offset).prefix(pageSize))
        let scope = "subscriptions/\(call.subscriptionID)" + (call.resourceGroup.map { "/resourceGroups/\($0)" } ?? "")
        var nextLink = JSON.null
        if offset + page.count < rows.count {
            let query = call.query.filter { !["$skiptoken"].contains($0.0.lowercased()) }
                + [("$skiptoken", Base64URL.encode(Data("cerulean:q:\(offset + page.count)".utf8)))]
            nextLink = .string("\(call.baseURL)/\(scope)/providers/\(costManagement)/query?"
                + query.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&"))
        }
        let name = UUID().uuidString.lowercased()
        return .body([
            "id": .string("\(scope)/providers/\(costManagement)/query/\(name)"), "name": .string(name),
            "type": "Microsoft.CostManagement/query", "location": .null, "sku": .null, "eTag": .null,
            "properties": ["nextLink": nextLink, "columns": .array(answer.columns), "rows": .array(page)],
        ])
    }

    /// `$top`: a positive whole number up to `limit`.
    static func top(_ call: ProviderOperationCall, limit: Int) throws -> Int? {
        guard let text = call.queryValue("$top") else { return nil }
        guard let n = Int(text), (1...limit).contains(n) else {
            throw BillingErrors.badRequest("The query parameter '$top' must be a whole number from 1 to \(limit), not '\(text)'.")
        }
        return n
    }

    static func skipToken(_ call: ProviderOperationCall) throws -> Int {
        guard let token = call.queryValue("$skiptoken") else { return 0 }
        guard let data = Base64URL.decode(token), let text = String(data: data, encoding: .utf8), text.hasPrefix("cerulean:q:"),
            let offset = Int(text.dropFirst("cerulean:q:".count)), offset >= 0
        else { throw BillingErrors.badRequest("The continuation token '\(token)' is not valid.") }
        return offset
    }

    static func escape(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~$")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    // MARK: Consumption usage details

    static func usageDetails(_ call: ProviderOperationCall, period: Date?) throws -> ProviderOperation.Result {
        if let metric = call.queryValue("metric"), !UsageDetails.metrics.contains(metric.lowercased()) {
            throw BillingErrors.badRequest("The metric '\(metric)' is not valid; valid values: \(BillingErrors.quoted(UsageDetails.metrics)).")
        }
        let filter = try UsageFilter(call.queryValue("$filter"))
        let top = try top(call, limit: 1000)
        let expand = (call.queryValue("$expand") ?? "").lowercased()
        // Without a date in the filter, the current billing period (or the one named in the path).
        let start = period ?? BillingCalendar.monthStart(call.session.now)
        let fromDay = filter.hasDate ? Int(Int32.min) : BillingCalendar.day(start)
        let toDay = filter.hasDate ? Int(Int32.max) : BillingCalendar.day(BillingCalendar.adding(months: 1, to: start)) - 1
        var lines = try UsageLine.read(subscription: call.subscriptionID, group: call.resourceGroup, fromDay: fromDay, toDay: toDay,
                                       call.session.transaction)
        if let period, filter.hasDate {
            let (first, last) = (BillingCalendar.day(period), BillingCalendar.day(BillingCalendar.adding(months: 1, to: period)) - 1)
            lines = lines.filter { (first...last).contains($0.day) }
        }
        let details = UsageDetails(subscriptionName: try subscriptionName(call),
                                   expandMeterDetails: expand.contains("meterdetails"),
                                   expandAdditionalInfo: expand.contains("additionalinfo") || expand.contains("additionalproperties"))
        var rows = UsageDetails.rows(lines).filter(filter.matches)
        // `$top` is the most recent N (rows come newest first).
        if let top { rows = Array(rows.prefix(top)) }
        return .list(rows.map(details.json))
    }
}
