import CeruleanJSON
import Foundation

/// Secrets of resources (account keys, passwords, connection credentials) kept in the store apart
/// from their bodies, one document per resource in a collection of the type's own, so no GET or
/// list can show them: only the type's actions (`listKeys`, `listsecrets`) read them.
public struct ResourceSecrets: Sendable {
    public let collection: String

    public init(collection: String) {
        self.collection = collection
    }

    public func load(_ id: ResourceID, _ session: ResourceSession) throws -> JSONObject? {
        guard let data = try session.transaction.document(collection, key: id.key) else { return nil }
        return try JSONParser.parse(data).objectValue
    }

    public func save(_ secrets: JSONObject, for id: ResourceID, _ session: ResourceSession) throws {
        try session.transaction.saveDocument(collection, key: id.key, body: JSON.object(secrets).serialized(), at: session.now)
    }

    public func delete(_ id: ResourceID, _ session: ResourceSession) throws {
        try session.transaction.deleteDocument(collection, key: id.key)
    }

    /// The stored secrets, or `fresh()` saved now when there are none (or the store lost them).
    public func loadOrCreate(_ id: ResourceID, _ session: ResourceSession, fresh: () -> JSONObject) throws -> JSONObject {
        if let existing = try load(id, session) { return existing }
        let created = fresh()
        try save(created, for: id, session)
        return created
    }

    /// `bytes` random bytes from the system's cryptographic source, base64 (Azure's storage and
    /// Log Analytics keys are 64 bytes: 88 characters).
    public static func base64Key(bytes: Int = 64) -> String {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
    }
}
