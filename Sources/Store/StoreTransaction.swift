import Foundation
import GRDB

/// The queries the engine needs, inside one transaction. Rows are ordered by creation
/// time, then key, so paging is stable.
public struct StoreTransaction {
    let db: Database

    // MARK: Resources

    public func resource(key: String) throws -> ResourceRow? {
        try Row.fetchOne(db, sql: "SELECT * FROM resources WHERE key = ?", arguments: [key]).map(Self.decode)
    }

    /// Direct children of `parentKey`, optionally of one type.
    public func resources(parentKey: String, typeKey: String? = nil) throws -> [ResourceRow] {
        if let typeKey {
            return try fetch("WHERE parent_key = ? AND type_key = ?", [parentKey, typeKey])
        }
        return try fetch("WHERE parent_key = ?", [parentKey])
    }

    /// Resources of one type in a subscription, optionally in one resource group.
    public func resources(typeKey: String, subscriptionKey: String, resourceGroupKey: String? = nil) throws
        -> [ResourceRow]
    {
        if let resourceGroupKey {
            return try fetch(
                "WHERE subscription_key = ? AND type_key = ? AND resource_group_key = ?",
                [subscriptionKey, typeKey, resourceGroupKey])
        }
        return try fetch("WHERE subscription_key = ? AND type_key = ?", [subscriptionKey, typeKey])
    }

    /// Every resource of a subscription, optionally only those in one resource group.
    public func resources(subscriptionKey: String, resourceGroupKey: String?) throws -> [ResourceRow] {
        if let resourceGroupKey {
            return try fetch("WHERE subscription_key = ? AND resource_group_key = ?", [subscriptionKey, resourceGroupKey])
        }
        return try fetch("WHERE subscription_key = ?", [subscriptionKey])
    }

    /// Every resource of a type across all subscriptions.
    public func resources(typeKey: String) throws -> [ResourceRow] {
        try fetch("WHERE type_key = ?", [typeKey])
    }

    /// Everything below `key` in the id hierarchy (children, grandchildren, ...).
    public func descendants(ofKey key: String) throws -> [ResourceRow] {
        // '/' is 0x2F and '0' is 0x30: the range covers exactly the keys that start with key + "/".
        try fetch("WHERE key > ? AND key < ?", [key + "/", key + "0"])
    }

    /// Inserts or replaces the row with the same key.
    public func save(_ row: ResourceRow) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO resources
                (key, id, type_key, name, subscription_key, resource_group_key, parent_key, location,
                 body, etag, created_at, updated_at, pending_operation)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                row.key, row.id, row.typeKey, row.name, row.subscriptionKey, row.resourceGroupKey, row.parentKey,
                row.location, String(decoding: row.body, as: UTF8.self), row.etag,
                row.createdAt.timeIntervalSince1970, row.updatedAt.timeIntervalSince1970, row.pendingOperation,
            ])
    }

    /// Deletes the row and everything below it; returns how many rows went.
    @discardableResult
    public func deleteResource(key: String) throws -> Int {
        try db.execute(sql: "DELETE FROM resources WHERE key = ? OR (key > ? AND key < ?)",
                       arguments: [key, key + "/", key + "0"])
        return db.changesCount
    }

    /// Deletes every resource of a subscription; returns how many rows went.
    @discardableResult
    public func deleteResources(subscriptionKey: String) throws -> Int {
        try db.execute(sql: "DELETE FROM resources WHERE subscription_key = ?", arguments: [subscriptionKey])
        return db.changesCount
    }

    public func resourceCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM resources") ?? 0
    }

    // MARK: Documents (small keyed JSON values: subscriptions, operations, registrations, ...)

    public func document(_ collection: String, key: String) throws -> Data? {
        try String.fetchOne(
            db, sql: "SELECT body FROM documents WHERE collection = ? AND key = ?", arguments: [collection, key]
        ).map { Data($0.utf8) }
    }

    public func documents(_ collection: String) throws -> [(key: String, body: Data)] {
        try Row.fetchAll(
            db, sql: "SELECT key, body FROM documents WHERE collection = ? ORDER BY rowid", arguments: [collection]
        ).map { (key: $0["key"], body: Data(($0["body"] as String).utf8)) }
    }

    public func saveDocument(_ collection: String, key: String, body: Data, at date: Date = Date()) throws {
        try db.execute(
            sql: """
                INSERT INTO documents (collection, key, body, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(collection, key) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
                """,
            arguments: [collection, key, String(decoding: body, as: UTF8.self), date.timeIntervalSince1970])
    }

    public func deleteDocument(_ collection: String, key: String) throws {
        try db.execute(sql: "DELETE FROM documents WHERE collection = ? AND key = ?", arguments: [collection, key])
    }

    // MARK: Helpers

    private func fetch(_ whereClause: String, _ arguments: StatementArguments) throws -> [ResourceRow] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM resources \(whereClause) ORDER BY created_at, key", arguments: arguments
        ).map(Self.decode)
    }

    private static func decode(_ row: Row) -> ResourceRow {
        ResourceRow(
            key: row["key"], id: row["id"], typeKey: row["type_key"], name: row["name"],
            subscriptionKey: row["subscription_key"], resourceGroupKey: row["resource_group_key"],
            parentKey: row["parent_key"], location: row["location"], body: Data((row["body"] as String).utf8),
            etag: row["etag"], createdAt: Date(timeIntervalSince1970: row["created_at"]),
            updatedAt: Date(timeIntervalSince1970: row["updated_at"]), pendingOperation: row["pending_operation"])
    }
}
