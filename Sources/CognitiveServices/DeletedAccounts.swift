import ARM
import CeruleanJSON
import Foundation
import Store

/// Soft-deleted accounts: a deleted account's body and keys are kept (as Azure keeps them for 48
/// hours) until it is restored (`properties.restore: true`) or purged.
struct DeletedAccounts {
    static let collection = "deletedCognitiveAccounts"
    static let retention: TimeInterval = 48 * 3600

    let transaction: StoreTransaction

    struct Entry {
        var account: JSONObject
        var keys: AccountKeys?
        var deletionDate: Date

        var id: ResourceID? { account["id"]?.stringValue.flatMap(ResourceID.init) }
        var location: String { account["location"]?.stringValue ?? "global" }
        var subdomain: String? { account["properties"]?["customSubDomainName"]?.stringValue }
    }

    func save(_ account: StoredResource, keys: AccountKeys?, now: Date) throws {
        var doc: JSONObject = ["account": .object(account.body), "deletionDate": .string(ARMTime.string(now))]
        if let keys { doc["keys"] = keys.json }
        try transaction.saveDocument(Self.collection, key: account.id.key, body: JSON.object(doc).serialized(), at: now)
    }

    func entry(_ id: ResourceID) throws -> Entry? {
        try transaction.document(Self.collection, key: id.key).flatMap { try Self.decode($0) }
    }

    func remove(_ id: ResourceID) throws {
        try transaction.deleteDocument(Self.collection, key: id.key)
    }

    func all() throws -> [Entry] {
        try transaction.documents(Self.collection).compactMap { try Self.decode($0.body) }
    }

    static func decode(_ data: Data) throws -> Entry? {
        guard let doc = try JSONParser.parse(data).objectValue, let account = doc["account"]?.objectValue,
            let date = doc["deletionDate"]?.stringValue.flatMap(ARMTime.date)
        else { return nil }
        return Entry(account: account, keys: AccountKeys(json: doc["keys"]), deletionDate: date)
    }

    /// The body `deletedAccounts` answers: the account under its deleted path, with the dates.
    static func present(_ entry: Entry, baseURL: String) -> JSON {
        var body = entry.account
        if let id = entry.id {
            body["id"] = .string("/subscriptions/\(id.subscriptionID)/providers/\(CognitiveServicesProvider.namespace)/locations/\(entry.location)/resourceGroups/\(id.resourceGroup ?? "")/deletedAccounts/\(id.name)")
        }
        var props = body["properties"]?.objectValue ?? [:]
        props["deletionDate"] = .string(ARMTime.string(entry.deletionDate))
        props["scheduledPurgeDate"] = .string(ARMTime.string(entry.deletionDate.addingTimeInterval(retention)))
        body["properties"] = .object(props)
        AccountEndpoints.present(&body, baseURL: baseURL)
        return .object(body)
    }
}
