import ARM
import CeruleanJSON
import Store

/// Which SaaS resource pays for which resource (a marketplace subscription), kept as two
/// documents, one per direction, so either side finds the other in one look-up.
enum SaaSLinks {
    static let collection = "saasLinks"

    static func save(saas: ResourceID, linked: ResourceID, _ tx: StoreTransaction) throws {
        try tx.saveDocument(collection, key: "saas:\(saas.key)", body: JSON.string(linked.string).serialized())
        try tx.saveDocument(collection, key: "linked:\(linked.key)", body: JSON.string(saas.string).serialized())
    }

    /// The resource a SaaS resource pays for.
    static func linked(toSaaS saas: ResourceID, _ tx: StoreTransaction) throws -> ResourceID? {
        try read("saas:\(saas.key)", tx)
    }

    /// The SaaS resource that pays for `linked`.
    static func saas(paying linked: ResourceID, _ tx: StoreTransaction) throws -> ResourceID? {
        try read("linked:\(linked.key)", tx)
    }

    static func remove(saas: ResourceID, linked: ResourceID, _ tx: StoreTransaction) throws {
        try tx.deleteDocument(collection, key: "saas:\(saas.key)")
        try tx.deleteDocument(collection, key: "linked:\(linked.key)")
    }

    /// Every link, as the SaaS resource's id by the paid-for resource's key.
    static func all(_ tx: StoreTransaction) throws -> [String: String] {
        var result: [String: String] = [:]
        for (key, body) in try tx.documents(collection) where key.hasPrefix("linked:") {
            if let id = try JSONParser.parse(body).stringValue { result[String(key.dropFirst("linked:".count))] = id }
        }
        return result
    }

    private static func read(_ key: String, _ tx: StoreTransaction) throws -> ResourceID? {
        guard let data = try tx.document(collection, key: key) else { return nil }
        return try JSONParser.parse(data).stringValue.flatMap(ResourceID.init)
    }
}
