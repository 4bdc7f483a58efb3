import ARM
import CeruleanJSON
import Foundation

/// `Microsoft.Storage/storageAccounts`: the control-plane record a workspace names as its storage,
/// with the endpoints and defaults the Storage API reports and two account keys (`listKeys`,
/// `regenerateKey`). No blob, queue, table or file service answers at the endpoints.
enum StorageAccountType {
    static let type = "Microsoft.Storage/storageAccounts"
    static let skus = ["Standard_LRS", "Standard_GRS", "Standard_RAGRS", "Standard_ZRS", "Premium_LRS", "Premium_ZRS",
                       "Standard_GZRS", "Standard_RAGZRS"]
    static let kinds = ["StorageV2", "Storage", "BlobStorage", "FileStorage", "BlockBlobStorage"]
    static let keyNames = ["key1", "key2"]
    static let keys = ResourceSecrets(collection: "storageAccountKeys")

    static func make() -> ResourceType {
        var t = ResourceType(type: type)
        t.nameRule = NameRule.pattern("[a-z0-9]{3,24}", "Storage account names have 3 to 24 lower-case letters and digits.")
            .refused { name in
                ARMError(status: 400, code: "AccountNameInvalid",
                         message: "'\(name)' is not a valid storage account name. Storage account name must be between 3 and 24 characters in length and use numbers and lower-case letters only.",
                         target: "name")
            }
        t.apiVersions = ["2023-05-01", "2023-04-01", "2023-01-01", "2022-09-01", "2021-09-01", "2021-04-01", "2019-06-01", "2019-04-01"]
        t.listableBySubscription = true
        t.patchableKeys = ["tags", "sku", "kind", "identity", "properties"]
        t.validate = { draft, context in try validate(&draft, context) }
        t.onDeleted = { account, context in try keys.delete(account.id, context.session) }
        t.actions["listkeys"] = ResourceAction { account, _, context in
            ARMResponse(status: 200, body: keyList(account, try accountKeys(account, context)))
        }
        t.actions["regeneratekey"] = ResourceAction { account, argument, context in
            try regenerate(&account, argument, context)
        }
        return t
    }

    static func validate(_ draft: inout ResourceDraft, _ context: ResourceContext) throws {
        let sku = try DependencyRules.skuName(draft.body, at: "sku", allowed: skus)
        let kind = try BodyReader.choice(try BodyReader.optionalString(draft.body, "kind"), from: kinds, path: "kind")
        if let other = try DependencyRules.claimant(of: draft.id, type: type, context) {
            throw other.id.subscriptionID.lowercased() == draft.id.subscriptionID.lowercased()
                ? ARMError.conflict("StorageAccountInAnotherResourceGroup",
                                    "The account \(draft.id.name) is already in another resource group in this subscription.")
                : ARMError.conflict("StorageAccountAlreadyTaken", "The storage account named \(draft.id.name) is already taken.")
        }
        draft.body["sku"] = ["name": .string(sku), "tier": .string(sku.hasPrefix("Premium") ? "Premium" : "Standard")]
        draft.body["kind"] = .string(kind)
        let existing = draft.existing
        let now = JSON.string(ARMTime.string(context.now))
        var props = draft.properties
        DependencyRules.fill(&props, [
            "minimumTlsVersion": "TLS1_0",
            "allowBlobPublicAccess": false,
            "supportsHttpsTrafficOnly": true,
            "networkAcls": ["bypass": "AzureServices", "virtualNetworkRules": [], "ipRules": [], "defaultAction": "Allow"],
            "encryption": ["services": ["blob": ["keyType": "Account", "enabled": true], "file": ["keyType": "Account", "enabled": true]],
                           "keySource": "Microsoft.Storage"],
            "publicNetworkAccess": "Enabled",
        ])
        if ["StorageV2", "BlobStorage"].contains(kind) { DependencyRules.fill(&props, ["accessTier": "Hot"]) }
        props["keyCreationTime"] = existing?.properties["keyCreationTime"] ?? ["key1": now, "key2": now]
        props["privateEndpointConnections"] = []
        props["creationTime"] = DependencyRules.firstStamp(existing, "creationTime", context)
        props["primaryEndpoints"] = .object(endpoints(name: draft.id.name, kind: kind))
        props["primaryLocation"] = .string(draft.location ?? "")
        props["statusOfPrimary"] = "available"
        draft.properties = props
    }

    /// The service URLs of an account of `kind` (`https://{name}.blob.core.windows.net/`, the
    /// cloud metadata's storage suffix).
    static func endpoints(name: String, kind: String) -> JSONObject {
        let services: [String] = switch kind {
        case "Storage": ["blob", "queue", "table", "file"]
        case "BlobStorage": ["dfs", "blob", "table"]
        case "FileStorage": ["file"]
        case "BlockBlobStorage": ["dfs", "web", "blob"]
        default: ["dfs", "web", "blob", "queue", "table", "file"]
        }
        var endpoints = JSONObject()
        for service in services {
            let host = service == "web" ? "\(name).z13.web" : "\(name).\(service)"
            endpoints[service] = .string("https://\(host).core.windows.net/")
        }
        return endpoints
    }

    static func accountKeys(_ account: StoredResource, _ context: ResourceContext) throws -> JSONObject {
        try keys.loadOrCreate(account.id, context.session) {
            JSONObject(keyNames.map { ($0, JSON.string(ResourceSecrets.base64Key())) })
        }
    }

    /// `{"keys": [{keyName, value, permissions, creationTime}]}`, as `listKeys` and `regenerateKey` answer.
    static func keyList(_ account: StoredResource, _ secrets: JSONObject) -> JSON {
        let created = account.properties["keyCreationTime"]
        return ["keys": .array(keyNames.map { name in
            ["keyName": .string(name), "value": secrets[name] ?? "", "permissions": "FULL", "creationTime": created?[name] ?? .null]
        })]
    }

    /// `{"keyName": "key1"}` replaces that key (and its creation time).
    static func regenerate(_ account: inout StoredResource, _ argument: JSON?, _ context: ResourceContext) throws -> ARMResponse {
        let requested = try argument?.objectValue.flatMap { try BodyReader.optionalString($0, "keyName") }
        let name = try BodyReader.choice(requested, from: keyNames, path: "keyName")
        var secrets = try accountKeys(account, context)
        secrets[name] = .string(ResourceSecrets.base64Key())
        try keys.save(secrets, for: account.id, context.session)
        var created = account.properties["keyCreationTime"]?.objectValue ?? [:]
        created[name] = .string(ARMTime.string(context.now))
        account.properties["keyCreationTime"] = .object(created)
        return ARMResponse(status: 200, body: keyList(account, secrets))
    }
}
