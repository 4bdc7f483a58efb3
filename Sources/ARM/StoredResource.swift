import CeruleanJSON
import Foundation
import Store

/// A resource read from the store: its row and its decoded body.
public struct StoredResource: Sendable {
    public var row: ResourceRow
    public var body: JSONObject
    /// The row's id, parsed once (it never changes for a stored row).
    public let id: ResourceID

    public init(row: ResourceRow, body: JSONObject) {
        self.row = row
        self.body = body
        self.id = ResourceID(row.id)!
    }

    public init(decoding row: ResourceRow) throws {
        guard let body = try JSONParser.parse(row.body).objectValue else {
            throw ARMError.internalError("The stored body of '\(row.id)' is not a JSON object.")
        }
        self.init(row: row, body: body)
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
