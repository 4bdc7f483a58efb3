import CeruleanJSON
import Foundation
import Store

/// An account's two keys (`key1`, `key2`), kept in the store apart from the resource body so no
/// GET or list shows them.
public struct AccountKeys: Sendable, Equatable {
    public var key1: String
    public var key2: String

    static let collection = "accountKeys"

    public init(key1: String, key2: String) {
        self.key1 = key1
        self.key2 = key2
    }

    /// Two fresh keys: 32 hex characters each, as older Azure accounts have.
    public static func generate() -> AccountKeys { AccountKeys(key1: newKey(), key2: newKey()) }

    public static func newKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    public var json: JSON { ["key1": .string(key1), "key2": .string(key2)] }

    init?(json: JSON?) {
        guard let k1 = json?["key1"]?.stringValue, let k2 = json?["key2"]?.stringValue else { return nil }
        self.init(key1: k1, key2: k2)
    }

    public static func load(accountKey: String, from tx: StoreTransaction) throws -> AccountKeys? {
        guard let data = try tx.document(collection, key: accountKey) else { return nil }
        return AccountKeys(json: try JSONParser.parse(data))
    }

    public func save(accountKey: String, to tx: StoreTransaction) throws {
        try tx.saveDocument(Self.collection, key: accountKey, body: json.serialized())
    }

    public static func delete(accountKey: String, from tx: StoreTransaction) throws {
        try tx.deleteDocument(collection, key: accountKey)
    }

    /// Every account's keys by account key (for the data plane's look-up table).
    public static func all(from tx: StoreTransaction) throws -> [String: AccountKeys] {
        var result: [String: AccountKeys] = [:]
        for (key, body) in try tx.documents(collection) {
            if let keys = AccountKeys(json: try JSONParser.parse(body)) { result[key] = keys }
        }
        return result
    }
}
