import ARM
import CeruleanJSON
import Foundation

/// Checks and defaults shared by the workspace dependencies' types.
enum DependencyRules {
    /// The `name` of a `sku` object (at `path`), as one of `allowed`.
    static func skuName(_ holder: JSONObject, at path: String, allowed: [String], fallback: String? = nil) throws -> String {
        let sku = try BodyReader.optionalObject(holder, "sku", path: path)
        let name = try sku.flatMap { try BodyReader.optionalString($0, "name", path: path + ".name") }
        return try BodyReader.choice(name, from: allowed, path: path + ".name", fallback: fallback)
    }

    /// Sets each member that is absent or null.
    static func fill(_ object: inout JSONObject, _ defaults: KeyValuePairs<String, JSON>) {
        for (key, value) in defaults where object[key] == nil || object[key] == .null { object[key] = value }
    }

    /// Another resource of `type` named `name` anywhere in the emulated cloud: these names are DNS
    /// names (`{name}.vault.azure.net`), unique across Azure, not only in a resource group.
    static func claimant(of id: ResourceID, type: String, _ context: ResourceContext) throws -> StoredResource? {
        try context.session.all(type: type).first { $0.id != id && $0.id.name.lowercased() == id.name.lowercased() }
    }

    /// The time read-only stamps keep from the first write (`creationTime`, `CreationDate`).
    static func firstStamp(_ existing: StoredResource?, _ key: String, _ context: ResourceContext) -> JSON {
        existing?.properties[key] ?? .string(ARMTime.string(context.now))
    }

    /// A stable GUID made at the first write (`customerId`, `InstrumentationKey`).
    static func firstGUID(_ existing: StoredResource?, _ key: String) -> JSON {
        existing?.properties[key] ?? .string(UUID().uuidString.lowercased())
    }
}
