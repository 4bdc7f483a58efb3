import CeruleanJSON
import Foundation
import Store

/// Resource-level access to the store inside one write transaction: what resource types'
/// rules and effects use to look at and change other resources.
public struct ResourceSession {
    public let transaction: StoreTransaction
    public let now: Date

    public init(transaction: StoreTransaction, now: Date) {
        self.transaction = transaction
        self.now = now
    }

    public func get(_ id: ResourceID) throws -> StoredResource? {
        try transaction.resource(key: id.key).map(decode)
    }

    /// Direct children of `parent` of one full type.
    public func children(of parent: ResourceID, type: String) throws -> [StoredResource] {
        try transaction.resources(parentKey: parent.key, typeKey: type.lowercased()).map(decode)
    }

    /// Every resource of a full type, across all subscriptions.
    public func all(type: String) throws -> [StoredResource] {
        try transaction.resources(typeKey: type.lowercased()).map(decode)
    }

    /// Resources of a full type with this name (case-insensitive), across all subscriptions.
    public func all(type: String, named name: String) throws -> [StoredResource] {
        try transaction.resources(typeKey: type.lowercased(), named: name).map(decode)
    }

    /// Saves a changed body under a fresh etag and modification time (updating `resource.row`).
    public func save(_ resource: inout StoredResource) throws {
        resource.row.body = JSON.object(resource.body).serialized()
        resource.row.location = resource.body["location"]?.stringValue
        resource.row.etag = ResourceSession.newETag()
        resource.row.updatedAt = now
        try transaction.save(resource.row, tags: resource.tagsToIndex())
    }

    /// Creates the row for a new resource.
    public func insert(id: ResourceID, body: JSONObject, pendingOperation: String? = nil) throws -> StoredResource {
        var resource = created(id: id, body: body)
        resource.row.pendingOperation = pendingOperation
        resource.row.body = JSON.object(body).serialized()
        try transaction.save(resource.row, tags: resource.tagsToIndex())
        return resource
    }

    /// A new resource not yet written (`save` writes it, serialising its body).
    public func created(id: ResourceID, body: JSONObject) -> StoredResource {
        let row = ResourceRow(
            key: id.key, id: id.string, typeKey: id.fullType.lowercased(), name: id.name,
            subscriptionKey: id.subscriptionID.lowercased(), resourceGroupKey: id.resourceGroup?.lowercased(),
            parentKey: id.parent?.key, location: body["location"]?.stringValue, body: Data(),
            etag: ResourceSession.newETag(), createdAt: now, updatedAt: now)
        return StoredResource(row: row, body: body, id: id, indexedTags: nil)
    }

    public func delete(_ id: ResourceID) throws {
        try transaction.deleteResource(key: id.key)
    }

    public func decode(_ row: ResourceRow) throws -> StoredResource {
        try StoredResource(decoding: row)
    }

    static func newETag() -> String { "\"\(RandomID.uuid())\"" }
}
