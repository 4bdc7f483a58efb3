import CeruleanJSON
import Foundation
import Store

/// A long-running operation: what it works on, the policy that decides when it ends, and
/// its status document. Stored as a document so the status survives restarts.
struct OperationRecord: Codable, Sendable {

    static let collection = "operations"

    var id: String
    var subscriptionID: String
    var namespace: String
    var location: String
    var resourceID: String
    var kind: OperationKind
    var status: String
    var startTime: Date
    var endTime: Date?
    var policy: String
    var observations: Int
    var errorCode: String?
    var errorMessage: String?
    var statusSegment: String
    var resultSegment: String
    var apiVersion: String
    /// Status URL path when it is not under the provider's location (deployments).
    var statusPath: String?
    /// The error's `details`, serialized, when it has some (a failed deployment's).
    var errorDetails: String?

    var isTerminal: Bool { status != "InProgress" }

    var parsedPolicy: ProvisioningPolicy { ProvisioningPolicy(parsing: policy) ?? .standard }

    func statusURL(baseURL: String) -> String {
        if let statusPath { return "\(baseURL)\(statusPath)?api-version=\(apiVersion)" }
        return "\(baseURL)/subscriptions/\(subscriptionID)/providers/\(namespace)/locations/\(location)/\(statusSegment)/\(id)?api-version=\(apiVersion)"
    }

    func resultURL(baseURL: String) -> String {
        "\(baseURL)/subscriptions/\(subscriptionID)/providers/\(namespace)/locations/\(location)/\(resultSegment)/\(id)?api-version=\(apiVersion)"
    }

    /// The operation status document (`Azure-AsyncOperation` target).
    func statusDocument() -> JSON {
        var doc: JSONObject = [
            "id": .string(statusPath ?? "/subscriptions/\(subscriptionID)/providers/\(namespace)/locations/\(location)/\(statusSegment)/\(id)"),
            "name": .string(id),
            "resourceId": .string(resourceID),
            "status": .string(status),
            "startTime": .string(ARMTime.string(startTime)),
        ]
        if let endTime {
            doc["endTime"] = .string(ARMTime.string(endTime))
            doc["percentComplete"] = 100
        } else {
            doc["percentComplete"] = 0
        }
        if let errorCode {
            var error = ARMError(status: 400, code: errorCode, message: errorMessage ?? errorCode).detail
            if let errorDetails, let details = try? JSONParser.parse(errorDetails), var object = error.objectValue {
                object["details"] = details
                error = .object(object)
            }
            doc["error"] = error
        }
        return .object(doc)
    }

    // MARK: Persistence

    static func load(_ id: String, from tx: StoreTransaction) throws -> OperationRecord? {
        guard let data = try tx.document(collection, key: id.lowercased()) else { return nil }
        return try JSONDecoder().decode(OperationRecord.self, from: data)
    }

    func save(to tx: StoreTransaction) throws {
        try tx.saveDocument(Self.collection, key: id.lowercased(), body: JSONEncoder().encode(self))
    }
}
