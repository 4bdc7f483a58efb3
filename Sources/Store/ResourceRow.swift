import Foundation

/// One ARM resource as stored: the JSON body plus the columns the engine queries by.
/// Keys are the lower-cased ARM ids, so look-ups are case-insensitive while `id` keeps the
/// casing the resource was created with.
public struct ResourceRow: Sendable, Equatable {
    public var key: String
    public var id: String
    public var typeKey: String
    public var name: String
    public var subscriptionKey: String
    public var resourceGroupKey: String?
    public var parentKey: String?
    public var location: String?
    public var body: Data
    public var etag: String
    public var createdAt: Date
    public var updatedAt: Date
    /// The id of the long-running operation still working on this resource, if any.
    public var pendingOperation: String?
    /// When that operation is due to finish, if its policy is time-based (indexed: the engine
    /// finds due operations without scanning resources).
    public var dueAt: Date?
    /// The key of a resource whose pending operation must end before this one's can.
    public var waitingOn: String?

    public init(
        key: String, id: String, typeKey: String, name: String, subscriptionKey: String,
        resourceGroupKey: String?, parentKey: String?, location: String?, body: Data, etag: String,
        createdAt: Date, updatedAt: Date, pendingOperation: String? = nil, dueAt: Date? = nil, waitingOn: String? = nil
    ) {
        self.key = key
        self.id = id
        self.typeKey = typeKey
        self.name = name
        self.subscriptionKey = subscriptionKey
        self.resourceGroupKey = resourceGroupKey
        self.parentKey = parentKey
        self.location = location
        self.body = body
        self.etag = etag
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.pendingOperation = pendingOperation
        self.dueAt = dueAt
        self.waitingOn = waitingOn
    }
}
