import CeruleanJSON
import Foundation
import Store

/// The two keys of a serverless endpoint, kept in the store apart from the resource body
/// (so no GET or list can leak them) and never logged.
public struct EndpointKeys: Sendable, Equatable {
    public var primary: String
    public var secondary: String

    static let collection = "endpointKeys"

    public init(primary: String, secondary: String) {
        self.primary = primary
        self.secondary = secondary
    }

    /// Two fresh keys from the system's cryptographic random source.
    public static func generate() -> EndpointKeys {
        EndpointKeys(primary: newKey(), secondary: newKey())
    }

    /// 32 characters of [A-Za-z0-9] (about 190 bits), drawn without modulo bias.
    public static func newKey() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<32).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    public var json: JSON { ["primaryKey": .string(primary), "secondaryKey": .string(secondary)] }

    public static func load(endpointKey: String, from tx: StoreTransaction) throws -> EndpointKeys? {
        guard let data = try tx.document(collection, key: endpointKey),
            let doc = try JSONParser.parse(data).objectValue,
            let p = doc["primaryKey"]?.stringValue, let s = doc["secondaryKey"]?.stringValue
        else { return nil }
        return EndpointKeys(primary: p, secondary: s)
    }

    public func save(endpointKey: String, to tx: StoreTransaction) throws {
        try tx.saveDocument(Self.collection, key: endpointKey, body: json.serialized())
    }

    public static func delete(endpointKey: String, from tx: StoreTransaction) throws {
        try tx.deleteDocument(collection, key: endpointKey)
    }

    /// Every endpoint's keys, by endpoint key (for the data plane's look-up table).
    public static func all(from tx: StoreTransaction) throws -> [String: EndpointKeys] {
        var result: [String: EndpointKeys] = [:]
        for (key, _) in try tx.documents(collection) {
            if let keys = try load(endpointKey: key, from: tx) { result[key] = keys }
        }
        return result
    }
}
