import CeruleanJSON
import Foundation
import Store

/// A resource read from the store: its row and its decoded body.
public struct StoredResource: Sendable {
    public var row: ResourceRow
    public var body: JSONObject
    /// The row's id, parsed once (it never changes for a stored row).
    public let id: ResourceID
    /// The tags the store's tag index holds for this row (`nil` for a row not yet written), so a
    /// save rewrites the index only when they changed.
    var indexedTags: JSONObject?

    public init(row: ResourceRow, body: JSONObject) {
        self.init(row: row, body: body, id: ResourceID(row.id)!, indexedTags: body["tags"]?.objectValue ?? [:])
    }

    init(row: ResourceRow, body: JSONObject, id: ResourceID, indexedTags: JSONObject?) {
        self.row = row
        self.body = body
        self.id = id
        self.indexedTags = indexedTags
    }

    public init(decoding row: ResourceRow) throws {
        guard let body = try JSONParser.parse(row.body).objectValue else {
            throw ARMError.internalError("The stored body of '\(row.id)' is not a JSON object.")
        }
        self.init(row: row, body: body)
    }

    /// The tags to hand the store with a save: the body's, when they differ from what is indexed.
    mutating func tagsToIndex() -> [(name: String, value: String)]? {
        let tags = body["tags"]?.objectValue ?? [:]
        guard indexedTags.map({ $0 != tags }) ?? !tags.isEmpty else { return nil }
        indexedTags = tags
        return tags.map { (name: $0.key, value: $0.value.stringValue ?? $0.value.compactString) }
    }

    public var properties: JSONObject {
        get { body["properties"]?.objectValue ?? JSONObject() }
        set { body["properties"] = .object(newValue) }
    }

    public var provisioningState: String? {
        get { properties["provisioningState"]?.stringValue }
        set { properties["provisioningState"] = JSON(newValue) }
    }

    public var location: String? { body["location"]?.stringValue }

    /// Forgets the pending operation and its schedule (due time, what it waited for).
    public mutating func clearPendingOperation() {
        row.pendingOperation = nil
        row.dueAt = nil
        row.waitingOn = nil
    }
}
