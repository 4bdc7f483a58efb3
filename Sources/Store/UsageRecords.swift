import Foundation
import GRDB

/// Metered usage as stored: what one charged resource used through one serving resource on one
/// meter in one hour. The store does not read `details` (the billing side's description of the
/// meter, as JSON); it adds quantities and costs of the same key together.
public struct UsageRecord: Sendable, Equatable {
    /// The lower-cased ARM id the cost sits on (a SaaS resource, an account, an endpoint).
    public var chargedKey: String
    /// The lower-cased ARM id of what served the usage (an endpoint, a deployment).
    public var servingKey: String
    public var meter: String
    /// Hours since 1970-01-01T00:00Z.
    public var hour: Int
    public var subscriptionKey: String
    /// `""` when the charged resource is in no resource group.
    public var resourceGroupKey: String
    public var chargedID: String
    public var servingID: String
    public var details: Data
    public var quantity: Double
    public var cost: Double

    public init(chargedKey: String, servingKey: String, meter: String, hour: Int, subscriptionKey: String,
                resourceGroupKey: String, chargedID: String, servingID: String, details: Data, quantity: Double, cost: Double) {
        self.chargedKey = chargedKey
        self.servingKey = servingKey
        self.meter = meter
        self.hour = hour
        self.subscriptionKey = subscriptionKey
        self.resourceGroupKey = resourceGroupKey
        self.chargedID = chargedID
        self.servingID = servingID
        self.details = details
        self.quantity = quantity
        self.cost = cost
    }
}

extension StoreTransaction {
    /// Adds each record to the stored one with the same key (quantity and cost summed, the
    /// newest details kept), or stores it. Quantities are kept to 9 decimals, so whole thousandths
    /// of tokens added over many flushes stay exact (0.001 + 0.008 is 0.009, not 0.009000000000000001).
    public func addUsage(_ records: [UsageRecord]) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO usage_records (charged_key, serving_key, meter, hour, subscription_key, resource_group_key,
                                       charged_id, serving_id, details, quantity, cost)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(charged_key, serving_key, meter, hour) DO UPDATE SET
              quantity = round(quantity + excluded.quantity, 9), cost = cost + excluded.cost, details = excluded.details,
              subscription_key = excluded.subscription_key, resource_group_key = excluded.resource_group_key
            """)
        for r in records {
            try statement.execute(arguments: [
                r.chargedKey, r.servingKey, r.meter, r.hour, r.subscriptionKey, r.resourceGroupKey, r.chargedID, r.servingID,
                String(decoding: r.details, as: UTF8.self), r.quantity, r.cost,
            ])
        }
    }

    /// Usage of a subscription (optionally of one resource group) in hours `from..<to`, in key order.
    public func usage(subscriptionKey: String, resourceGroupKey: String? = nil, fromHour: Int, toHour: Int) throws
        -> [UsageRecord]
    {
        if let resourceGroupKey {
            return try fetchUsage(
                "WHERE subscription_key = ? AND resource_group_key = ? AND hour >= ? AND hour < ?",
                [subscriptionKey, resourceGroupKey, fromHour, toHour])
        }
        return try fetchUsage("WHERE subscription_key = ? AND hour >= ? AND hour < ?", [subscriptionKey, fromHour, toHour])
    }

    /// Every stored usage record.
    public func allUsage() throws -> [UsageRecord] {
        try fetchUsage("", [])
    }

    /// Forgets a subscription's usage (a reset of that subscription); returns how many records went.
    @discardableResult
    public func deleteUsage(subscriptionKey: String) throws -> Int {
        try db.execute(sql: "DELETE FROM usage_records WHERE subscription_key = ?", arguments: [subscriptionKey])
        return db.changesCount
    }

    private func fetchUsage(_ whereClause: String, _ arguments: StatementArguments) throws -> [UsageRecord] {
        try Row.fetchAll(
            try db.cachedStatement(sql: """
                SELECT charged_key, serving_key, meter, hour, subscription_key, resource_group_key, charged_id, serving_id,
                       details, quantity, cost
                FROM usage_records \(whereClause) ORDER BY hour, charged_key, serving_key, meter
                """),
            arguments: arguments
        ).map { row in
            UsageRecord(chargedKey: row[0], servingKey: row[1], meter: row[2], hour: row[3], subscriptionKey: row[4],
                        resourceGroupKey: row[5], chargedID: row[6], servingID: row[7], details: row[8] as Data,
                        quantity: row[9], cost: row[10])
        }
    }
}
