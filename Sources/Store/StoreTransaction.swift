import Foundation
import GRDB

/// The queries the engine needs, inside one transaction. Rows are ordered by creation
/// time, then key, so paging is stable. Statements are prepared once per connection.
public struct StoreTransaction {
    let db: Database
    let dueHint: DueHint

    // MARK: Resources

    public func resource(key: String) throws -> ResourceRow? {
        try Row.fetchOne(try db.cachedStatement(sql: "SELECT \(Self.columns) FROM resources WHERE key = ?"), arguments: [key])
            .map(Self.decode)
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

    /// Resources of a type with this name (case-insensitive), across all subscriptions.
    public func resources(typeKey: String, named name: String) throws -> [ResourceRow] {
        try fetch("WHERE type_key = ? AND name = ? COLLATE NOCASE", [typeKey, name])
    }

    /// Everything below `key` in the id hierarchy (children, grandchildren, ...).
    public func descendants(ofKey key: String) throws -> [ResourceRow] {
        // '/' is 0x2F and '0' is 0x30: the range covers exactly the keys that start with key + "/".
        try fetch("WHERE key > ? AND key < ?", [key + "/", key + "0"])
    }

    /// One page of a list: at most `query.limit` rows after `query.after`, and where the next starts.
    public func page(_ query: ResourceQuery) throws -> ResourcePage {
        let (clause, args) = query.whereClause()
        let statement = try db.cachedStatement(
            sql: "SELECT \(Self.columns) FROM resources WHERE \(clause) ORDER BY created_at, key LIMIT ?")
        var rows: [ResourceRow] = []
        var next: PagePosition?
        // The position keeps the stored REAL as it is: a round trip through Date may move its last bit.
        var lastCreatedAt = 0.0
        let cursor = try Row.fetchCursor(statement, arguments: StatementArguments(args + [query.limit + 1]))
        while let row = try cursor.next() {
            if rows.count == query.limit {
                next = rows.last.map { PagePosition(createdAt: lastCreatedAt, key: $0.key) }
                break
            }
            rows.append(Self.decode(row))
            lastCreatedAt = row[10]
        }
        return ResourcePage(rows: rows, next: next)
    }

    /// Whether a resource exists, and the operation still working on it (without reading its body).
    public func pendingOperation(ofKey key: String) throws -> String?? {
        guard let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT pending_operation FROM resources WHERE key = ?"),
                                         arguments: [key])
        else { return nil }
        return .some(row[0])
    }

    /// Inserts the row, or updates the row with the same key. `tags`, when given, replace the
    /// tags indexed for it (`nil` leaves them as they are: pass them when they changed).
    public func save(_ row: ResourceRow, tags: [(name: String, value: String)]? = nil) throws {
        let body = String(decoding: row.body, as: UTF8.self)
        try db.cachedStatement(sql: """
            INSERT INTO resources
            (key, id, type_key, name, subscription_key, resource_group_key, parent_key, location,
             body, etag, created_at, updated_at, pending_operation, due_at, waiting_on)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(key) DO UPDATE SET
              id = excluded.id, type_key = excluded.type_key, name = excluded.name,
              subscription_key = excluded.subscription_key, resource_group_key = excluded.resource_group_key,
              parent_key = excluded.parent_key, location = excluded.location, body = excluded.body,
              etag = excluded.etag, created_at = excluded.created_at, updated_at = excluded.updated_at,
              pending_operation = excluded.pending_operation, due_at = excluded.due_at, waiting_on = excluded.waiting_on
            """).execute(arguments: [
                row.key, row.id, row.typeKey, row.name, row.subscriptionKey, row.resourceGroupKey, row.parentKey,
                row.location, body, row.etag,
                row.createdAt.timeIntervalSince1970, row.updatedAt.timeIntervalSince1970, row.pendingOperation,
                row.dueAt?.timeIntervalSince1970, row.waitingOn,
            ])
        if let dueAt = row.dueAt { dueHint.lower(to: dueAt.timeIntervalSince1970) }
        guard let tags else { return }
        try db.cachedStatement(sql: "DELETE FROM resource_tags WHERE resource_key = ?").execute(arguments: [row.key])
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO resource_tags (resource_key, name, value) VALUES (?, ?, ?)")
        for tag in tags { try insert.execute(arguments: [row.key, tag.name, tag.value]) }
    }

    /// Deletes the row and everything below it; returns how many rows went.
    @discardableResult
    public func deleteResource(key: String) throws -> Int {
        let range: StatementArguments = [key, key + "/", key + "0"]
        try db.cachedStatement(sql: "DELETE FROM resource_tags WHERE resource_key = ? OR (resource_key > ? AND resource_key < ?)")
            .execute(arguments: range)
        try db.cachedStatement(sql: "DELETE FROM resources WHERE key = ? OR (key > ? AND key < ?)").execute(arguments: range)
        return db.changesCount
    }

    /// Deletes every resource of a subscription; returns how many rows went.
    @discardableResult
    public func deleteResources(subscriptionKey: String) throws -> Int {
        try db.execute(sql: "DELETE FROM resource_tags WHERE resource_key IN (SELECT key FROM resources WHERE subscription_key = ?)",
                       arguments: [subscriptionKey])
        try db.execute(sql: "DELETE FROM resources WHERE subscription_key = ?", arguments: [subscriptionKey])
        return db.changesCount
    }

    public func resourceCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM resources") ?? 0
    }

    // MARK: Due operations

    /// Resources whose pending operation is due at or before `time`, earliest first.
    public func dueResources(atOrBefore time: Date, limit: Int) throws -> [ResourceRow] {
        try Row.fetchAll(
            try db.cachedStatement(sql: "SELECT \(Self.columns) FROM resources WHERE due_at <= ? ORDER BY due_at, key LIMIT ?"),
            arguments: [time.timeIntervalSince1970, limit]
        ).map(Self.decode)
    }

    /// The earliest due time of any pending operation, or `nil`.
    public func earliestDue() throws -> Date? {
        try Double.fetchOne(try db.cachedStatement(sql: "SELECT MIN(due_at) FROM resources WHERE due_at IS NOT NULL"))
            .map(Date.init(timeIntervalSince1970:))
    }

    /// Makes every resource waiting on `key` due at `time` again; returns how many.
    @discardableResult
    public func wakeResources(waitingOn key: String, at time: Date) throws -> Int {
        try db.cachedStatement(sql: "UPDATE resources SET due_at = ?, waiting_on = NULL WHERE waiting_on = ?")
            .execute(arguments: [time.timeIntervalSince1970, key])
        let woken = db.changesCount
        if woken > 0 { dueHint.lower(to: time.timeIntervalSince1970) }
        return woken
    }

    /// Sets the store's hint of the earliest due time from the table (after a settling pass).
    public func refreshDueHint() throws {
        dueHint.set(try earliestDue()?.timeIntervalSince1970 ?? .infinity)
    }

    /// Runs `body` in a savepoint: if it throws, what it wrote is undone and the error passes on,
    /// while the rest of the transaction stays.
    public func inSavepoint(_ body: () throws -> Void) throws {
        try db.inSavepoint {
            try body()
            return .commit
        }
    }

    // MARK: Documents (small keyed JSON values: subscriptions, operations, registrations, ...)

    public func document(_ collection: String, key: String) throws -> Data? {
        try String.fetchOne(
            try db.cachedStatement(sql: "SELECT body FROM documents WHERE collection = ? AND key = ?"),
            arguments: [collection, key]
        ).map { Data($0.utf8) }
    }

    public func documents(_ collection: String) throws -> [(key: String, body: Data)] {
        try Row.fetchAll(
            db, sql: "SELECT key, body FROM documents WHERE collection = ? ORDER BY rowid", arguments: [collection]
        ).map { (key: $0["key"], body: Data(($0["body"] as String).utf8)) }
    }

    public func saveDocument(_ collection: String, key: String, body: Data, at date: Date = Date()) throws {
        try db.cachedStatement(sql: """
            INSERT INTO documents (collection, key, body, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT(collection, key) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
            """).execute(arguments: [collection, key, String(decoding: body, as: UTF8.self), date.timeIntervalSince1970])
    }

    public func deleteDocument(_ collection: String, key: String) throws {
        try db.cachedStatement(sql: "DELETE FROM documents WHERE collection = ? AND key = ?")
            .execute(arguments: [collection, key])
    }

    /// Deletes the documents of a collection whose key is `key` or lies below it (`key/...`).
    public func deleteDocuments(_ collection: String, atOrBelow key: String) throws {
        try db.cachedStatement(sql: "DELETE FROM documents WHERE collection = ? AND (key = ? OR (key > ? AND key < ?))")
            .execute(arguments: [collection, key, key + "/", key + "0"])
    }

    // MARK: Helpers

    private func fetch(_ whereClause: String, _ arguments: StatementArguments) throws -> [ResourceRow] {
        try Row.fetchAll(
            try db.cachedStatement(sql: "SELECT \(Self.columns) FROM resources \(whereClause) ORDER BY created_at, key"), arguments: arguments
        ).map(Self.decode)
    }

    /// The columns every resource query selects, in the order `decode` reads them by index
    /// (reading by name costs a case-insensitive look-up per column and row).
    static let columns = "key, id, type_key, name, subscription_key, resource_group_key, parent_key, location, body, etag, "
        + "created_at, updated_at, pending_operation, due_at, waiting_on"

    private static func decode(_ row: Row) -> ResourceRow {
        ResourceRow(
            key: row[0], id: row[1], typeKey: row[2], name: row[3], subscriptionKey: row[4], resourceGroupKey: row[5],
            parentKey: row[6], location: row[7], body: row[8] as Data, etag: row[9],
            createdAt: Date(timeIntervalSince1970: row[10]), updatedAt: Date(timeIntervalSince1970: row[11]),
            pendingOperation: row[12], dueAt: (row[13] as Double?).map(Date.init(timeIntervalSince1970:)), waitingOn: row[14])
    }
}
