import ARM
import CeruleanJSON
import Foundation

/// A seed file: the state a test or a class starts from, declared in JSON (schema:
/// `Fixtures/seed.schema.json`, served at `GET /_cerulean/seed/schema`).
struct SeedFile {
    struct Group { var subscription: String?; var name: String; var location: String; var tags: JSONObject }
    struct Workspace { var subscription: String?; var group: String; var name: String; var location: String; var kind: String; var hub: String? }
    struct MarketplaceSubscription { var subscription: String?; var group: String; var workspace: String; var name: String; var modelID: String }
    struct Endpoint {
        var subscription: String?; var group: String; var workspace: String; var name: String; var modelID: String
        var location: String?; var contentSafety: String?; var primaryKey: String?; var secondaryKey: String?
        var tokensPerMinute: Int?; var requestsPerMinute: Int?
    }

    var subscriptions: [(id: String, displayName: String)] = []
    var groups: [Group] = []
    var workspaces: [Workspace] = []
    var marketplaceSubscriptions: [MarketplaceSubscription] = []
    var endpoints: [Endpoint] = []

    /// Reads and checks the whole file first, so a bad seed changes nothing; every problem is listed.
    init(_ data: Data) throws {
        let root = try BodyReader.object(data)
        var problems: [String] = []
        let known: Set<String> = ["$schema", "subscriptions", "resourceGroups", "workspaces", "marketplaceSubscriptions", "serverlessEndpoints"]
        for key in root.keys where !known.contains(key) { problems.append("'\(key)' is not a seed member") }

        func items(_ key: String) -> [(Int, JSONObject)] {
            guard let value = root[key] else { return [] }
            guard let array = value.arrayValue else { problems.append("'\(key)' must be an array"); return [] }
            return array.enumerated().compactMap { i, item in
                guard let object = item.objectValue else { problems.append("\(key)[\(i)] must be an object"); return nil }
                return (i, object)
            }
        }
        func string(_ o: JSONObject, _ key: String, _ at: String, required: Bool = true) -> String? {
            guard let value = o[key] else {
                if required { problems.append("\(at).\(key) is required") }
                return nil
            }
            guard let s = value.stringValue, !s.isEmpty else { problems.append("\(at).\(key) must be a non-empty string"); return nil }
            return s
        }
        func integer(_ o: JSONObject, _ key: String, _ at: String) -> Int? {
            guard let value = o[key] else { return nil }
            guard let n = value.intValue, n >= 1 else { problems.append("\(at).\(key) must be a positive integer"); return nil }
            return n
        }

        for (i, o) in items("subscriptions") {
            let at = "subscriptions[\(i)]"
            if let id = string(o, "id", at) {
                if UUID(uuidString: id) == nil { problems.append("\(at).id must be a GUID") }
                subscriptions.append((id, string(o, "displayName", at, required: false) ?? "Seeded subscription"))
            }
        }
        for (i, o) in items("resourceGroups") {
            let at = "resourceGroups[\(i)]"
            let tags = o["tags"]?.objectValue ?? [:]
            if let t = o["tags"], t.objectValue == nil { problems.append("\(at).tags must be an object") }
            if let name = string(o, "name", at), let location = string(o, "location", at) {
                groups.append(Group(subscription: string(o, "subscription", at, required: false), name: name, location: location, tags: tags))
            }
        }
        for (i, o) in items("workspaces") {
            let at = "workspaces[\(i)]"
            if let group = string(o, "resourceGroup", at), let name = string(o, "name", at), let location = string(o, "location", at) {
                workspaces.append(Workspace(subscription: string(o, "subscription", at, required: false), group: group, name: name,
                                            location: location, kind: string(o, "kind", at, required: false) ?? "Default",
                                            hub: string(o, "hub", at, required: false)))
            }
        }
        for (i, o) in items("marketplaceSubscriptions") {
            let at = "marketplaceSubscriptions[\(i)]"
            if let group = string(o, "resourceGroup", at), let ws = string(o, "workspace", at), let name = string(o, "name", at),
                let model = string(o, "modelId", at)
            {
                marketplaceSubscriptions.append(.init(subscription: string(o, "subscription", at, required: false), group: group,
                                                      workspace: ws, name: name, modelID: model))
            }
        }
        for (i, o) in items("serverlessEndpoints") {
            let at = "serverlessEndpoints[\(i)]"
            let keys = o["keys"]?.objectValue ?? [:]
            let limits = o["limits"]?.objectValue ?? [:]
            if let group = string(o, "resourceGroup", at), let ws = string(o, "workspace", at), let name = string(o, "name", at),
                let model = string(o, "modelId", at)
            {
                endpoints.append(.init(
                    subscription: string(o, "subscription", at, required: false), group: group, workspace: ws, name: name,
                    modelID: model, location: string(o, "location", at, required: false),
                    contentSafety: string(o, "contentSafety", at, required: false),
                    primaryKey: string(keys, "primary", at + ".keys", required: false),
                    secondaryKey: string(keys, "secondary", at + ".keys", required: false),
                    tokensPerMinute: integer(limits, "tokensPerMinute", at + ".limits"),
                    requestsPerMinute: integer(limits, "requestsPerMinute", at + ".limits")))
            }
        }
        guard problems.isEmpty else {
            throw ARMError(status: 400, code: "InvalidSeed", message: "The seed file is not valid: \(problems.joined(separator: "; ")).",
                           details: problems.map { ARMError(status: 400, code: "InvalidSeed", message: $0) })
        }
    }
}
