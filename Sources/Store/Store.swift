import Foundation
import GRDB
import Synchronization

/// The SQLite database behind Cerulean. Every mutation runs in one transaction (`write`);
/// a file store uses WAL mode so a process crash never loses an acknowledged write.
public final class Store: Sendable {
    private let writer: any DatabaseWriter
    /// Where the database lives, or `nil` in memory.
    public let path: String?
    private let writes = Atomic<Int>(0)
    private let dueHint = DueHint()
    private let wholesale = Atomic<Int>(0)

    /// Moves when the whole database is replaced or erased (restore, reset): caches of things
    /// that are otherwise never removed (subscriptions) start again.
    public var epoch: Int { wholesale.load(ordering: .acquiring) }

    /// Counts committed write transactions: caches built from the store compare it to know
    /// whether they are still current. It moves after the commit, before the writer returns.
    public var generation: Int { writes.load(ordering: .acquiring) }

    private func committed() {
        writes.add(1, ordering: .releasing)
    }

    private init(writer: any DatabaseWriter, path: String?) throws {
        self.writer = writer
        self.path = path
        try Schema.migrator.migrate(writer)
        try refreshDueHint()
    }

    /// No pending operation is due before this time (it may be earlier than the truth, never
    /// later): the engine settles due operations only once the clock has reached it, so a
    /// request with nothing due costs no query.
    public var earliestDueHint: Date? {
        let value = dueHint.value
        return value.isFinite ? Date(timeIntervalSince1970: value) : nil
    }

    private func refreshDueHint() throws {
        try writer.read { db in try StoreTransaction(db: db, dueHint: dueHint).refreshDueHint() }
    }

    /// Opens (creating if needed) the database file at `path`, readable by its owner only.
    public static func open(path: String) throws -> Store {
        try PrivateFiles.prepareDatabase(at: path)
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            // WAL + NORMAL: durable across process crashes (kill -9); only a power loss can
            // take back the last commits. FULL would add an fsync to every request.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Checkpoint every ~40 MB of WAL instead of ~4 MB: the pages a write touches (the
            // newest leaves of each index) are rewritten by nearly every commit, so a rarer
            // checkpoint copies each of them once instead of once per thousand pages.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 10000")
        }
        return try Store(writer: DatabasePool(path: path, configuration: config), path: path)
    }

    /// A private database that lives as long as this value.
    public static func inMemory() throws -> Store {
        try Store(writer: DatabaseQueue(), path: nil)
    }

    /// Runs `body` in one write transaction: all of it is stored, or (if it throws) none of it.
    public func write<T: Sendable>(_ body: @escaping @Sendable (StoreTransaction) throws -> T) async throws -> T {
        let result = try await writer.write { db in try body(StoreTransaction(db: db, dueHint: self.dueHint)) }
        committed()
        return result
    }

    /// A write that changes no resource and no document a cache is built from (metered usage):
    /// it leaves `generation` alone, so the data plane's caches stay current.
    public func writeOutsideResources<T: Sendable>(_ body: @escaping @Sendable (StoreTransaction) throws -> T) async throws -> T {
        try await writer.write { db in try body(StoreTransaction(db: db, dueHint: self.dueHint)) }
    }

    /// Runs `body` against a consistent snapshot, without blocking writers.
    public func read<T: Sendable>(_ body: @escaping @Sendable (StoreTransaction) throws -> T) async throws -> T {
        try await writer.read { db in try body(StoreTransaction(db: db, dueHint: self.dueHint)) }
    }

    /// Synchronous variants, for command-line tools and tests outside async contexts.
    public func writeNow<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        let result = try writer.write { db in try body(StoreTransaction(db: db, dueHint: self.dueHint)) }
        committed()
        return result
    }

    public func readNow<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try writer.read { db in try body(StoreTransaction(db: db, dueHint: self.dueHint)) }
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    public func integrityCheck() throws -> String {
        try writer.read { db in
            try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n")
        }
    }

    /// Deletes every resource and document (the schema stays).
    public func eraseAll() throws {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM resources; DELETE FROM resource_tags; DELETE FROM documents; DELETE FROM usage_records;")
        }
        dueHint.set(.infinity)
        wholesale.add(1, ordering: .releasing)
        committed()
    }

    /// Copies the whole database into a new file at `path` (SQLite's online backup: readers and
    /// writers carry on meanwhile).
    public func backup(to path: String) throws {
        try PrivateFiles.prepareDatabase(at: path)
        let target = try DatabaseQueue(path: path)
        try writer.backup(to: target)
        try target.close()
    }

    /// Replaces the whole database with the file at `path`, in one step.
    public func restore(from path: String) throws {
        let source = try DatabaseQueue(path: path)
        try source.backup(to: writer)
        try source.close()
        try refreshDueHint()
        wholesale.add(1, ordering: .releasing)
        committed()
    }

    /// Checkpoints the WAL and closes the file.
    public func close() throws {
        if path != nil {
            try writer.writeWithoutTransaction { db in
                _ = try db.checkpoint(.truncate)
            }
        }
        try writer.close()
    }
}
