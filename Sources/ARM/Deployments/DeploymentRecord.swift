import CeruleanJSON
import Foundation
import Store

/// What a deployment keeps besides its resource body: the template (for `exportTemplate`),
/// its operations, and the outcome its resources reached, which the deployment reports once
/// its own operation ends (under the deployments' provisioning policy).
struct DeploymentRecord {
    static let collection = "deployments"

    var template: JSON
    var operations: [JSON]
    /// Members merged into `properties` when the deployment finishes (outputs, outputResources...).
    var finalProperties: JSONObject
    /// Why it failed, if it did: `DeploymentFailed` with a detail per failed resource.
    var error: ARMError?

    static func load(_ id: ResourceID, from tx: StoreTransaction) throws -> DeploymentRecord? {
        guard let data = try tx.document(collection, key: id.key), let doc = try JSONParser.parse(data).objectValue else {
            return nil
        }
        return DeploymentRecord(
            template: doc["template"] ?? .object([:]), operations: doc["operations"]?.arrayValue ?? [],
            finalProperties: doc["finalProperties"]?.objectValue ?? [:], error: doc["error"].flatMap(ARMError.init(detail:)))
    }

    func save(_ id: ResourceID, to tx: StoreTransaction) throws {
        var doc: JSONObject = ["template": template, "operations": .array(operations), "finalProperties": .object(finalProperties)]
        if let error { doc["error"] = error.detail }
        try tx.saveDocument(Self.collection, key: id.key, body: JSON.object(doc).serialized())
    }

    static func delete(_ id: ResourceID, from tx: StoreTransaction) throws {
        try tx.deleteDocument(collection, key: id.key)
    }
}
