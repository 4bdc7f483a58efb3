import CeruleanJSON
import Foundation

/// Lays out a resource body the way ARM does: `id`, `name`, `type`, then the envelope
/// members, `properties`, and `systemData` last.
public enum ResourceDocument {
    static let envelopeOrder = ["kind", "location", "tags", "sku", "identity", "plan", "zones", "managedBy", "etag"]

    public static func build(id: ResourceID, type: String, members: JSONObject, systemData: JSON) -> JSONObject {
        var doc: JSONObject = ["id": .string(id.string), "name": .string(id.name), "type": .string(type)]
        for key in envelopeOrder { if let v = members[key] { doc[key] = v } }
        for (key, value) in members where doc[key] == nil && key != "properties" { doc[key] = value }
        doc["properties"] = members["properties"] ?? .object([:])
        doc["systemData"] = systemData
        return doc
    }

    /// `systemData` for a write by `caller` at `now`, keeping the creation fields of `previous`.
    public static func systemData(caller: Caller, now: Date, previous: JSON?) -> JSON {
        let stamp = JSON.string(ARMTime.string(now))
        var data: JSONObject = [
            "createdBy": previous?["createdBy"] ?? .string(caller.name),
            "createdByType": previous?["createdByType"] ?? .string(caller.kind.rawValue),
            "createdAt": previous?["createdAt"] ?? stamp,
        ]
        data["lastModifiedBy"] = .string(caller.name)
        data["lastModifiedByType"] = .string(caller.kind.rawValue)
        data["lastModifiedAt"] = stamp
        return .object(data)
    }

    /// ARM's region names: lower case without spaces ("East US 2" -> "eastus2").
    static func normalizeLocation(_ location: String) -> String {
        location.lowercased().replacingOccurrences(of: " ", with: "")
    }
}
