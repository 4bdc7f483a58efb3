import ARM
import CeruleanJSON
import Foundation

/// `Microsoft.CognitiveServices/accounts` of kind `OpenAI` (Azure OpenAI) or `AIServices`
/// (Azure AI Services / Foundry), SKU `S0`. Deleting one soft-deletes it (see `DeletedAccounts`).
enum AccountType {
    static let type = "Microsoft.CognitiveServices/accounts"
    static let openAI = "OpenAI"
    static let aiServices = "AIServices"
    static let kinds = [openAI, aiServices]
    static let skus = ["S0"]

    static func make() -> ResourceType {
        var t = ResourceType(type: type)
        t.nameRule = .pattern("[a-zA-Z0-9][a-zA-Z0-9_.-]{1,63}",
                              "Account names start with a letter or digit, then 1 to 63 letters, digits, '_', '.' or '-'.")
        t.apiVersions = CognitiveServicesProvider.apiVersions
        t.listableBySubscription = true
        t.patchableKeys = ["tags", "sku", "kind", "identity", "properties"]
        t.acceptedKeys = ["sku", "kind", "identity"]
        t.operationStatusSegment = "operationResults"
        t.operationResultSegment = "operationLocations"
        t.validate = { draft, context in try validate(&draft, context) }
        t.present = { body, presentation in AccountEndpoints.present(&body, baseURL: presentation.baseURL) }
        t.onDeleted = { account, context in
            let tx = context.session.transaction
            try DeletedAccounts(transaction: tx).save(account, keys: try AccountKeys.load(accountKey: account.id.key, from: tx),
                                                      now: context.now)
            try AccountKeys.delete(accountKey: account.id.key, from: tx)
        }
        t.actions["listkeys"] = ResourceAction { account, _, context in
            if account.properties["disableLocalAuth"]?.boolValue == true { throw CognitiveErrors.localAuthDisabled() }
            return ARMResponse(status: 200, body: try keys(of: account, context).json)
        }
        t.actions["regeneratekey"] = ResourceAction { account, argument, context in
            try regenerate(account, argument, context)
        }
        return t
    }

    static func kind(of account: StoredResource) -> String { account.body["kind"]?.stringValue ?? openAI }

    static func validate(_ draft: inout ResourceDraft, _ context: ResourceContext) throws {
        var props = draft.properties
        let restore = try optionalBool(props, "restore")
        let deleted = DeletedAccounts(transaction: context.session.transaction)
        if draft.existing == nil, let entry = try deleted.entry(draft.id) {
            guard restore == true else { throw CognitiveErrors.mustRestore(draft.id) }
            try restoreAccount(&draft, from: entry, context)
            try deleted.remove(draft.id)
            return
        }
        let existing = draft.existing
        let requestedKind = try BodyReader.optionalString(draft.body, "kind") ?? existing.map(kind(of:))
        guard let requestedKind else { throw CognitiveErrors.missing("kind") }
        guard let kind = kinds.first(where: { $0.lowercased() == requestedKind.lowercased() }) else {
            throw CognitiveErrors.unknownKind(requestedKind)
        }
        // Both kinds served are the pair Azure lets an account move between (OpenAI <-> AIServices).
        draft.body["kind"] = .string(kind)
        guard let skuObject = draft.body["sku"]?.objectValue ?? existing?.body["sku"]?.objectValue else {
            throw CognitiveErrors.missing("sku")
        }
        guard let skuName = skuObject["name"]?.stringValue else { throw CognitiveErrors.missing("sku.name") }
        guard let sku = skus.first(where: { $0.lowercased() == skuName.lowercased() }) else { throw CognitiveErrors.unknownSku(skuName) }
        draft.body["sku"] = ["name": .string(sku)]

        let oldProps = existing?.properties ?? [:]
        let subdomain = try BodyReader.optionalString(props, "customSubDomainName", path: "properties.customSubDomainName")
            ?? oldProps["customSubDomainName"]?.stringValue
        if let old = oldProps["customSubDomainName"]?.stringValue, let subdomain, old.lowercased() != subdomain.lowercased() {
            throw CognitiveErrors.subdomainImmutable()
        }
        if let subdomain {
            guard AccountEndpoints.isValidSubdomain(subdomain) else { throw CognitiveErrors.badSubdomain(subdomain) }
            if try SubdomainRegistry(session: context.session).owner(of: subdomain).map({ $0.key != draft.id.key }) ?? false {
                throw CognitiveErrors.subdomainTaken(subdomain)
            }
            props["customSubDomainName"] = .string(subdomain)
        }
        let publicAccess = try BodyReader.optionalString(props, "publicNetworkAccess", path: "properties.publicNetworkAccess") ?? "Enabled"
        guard let access = ["Enabled", "Disabled"].first(where: { $0.lowercased() == publicAccess.lowercased() }) else {
            throw CognitiveErrors.invalid("publicNetworkAccess must be 'Enabled' or 'Disabled', not '\(publicAccess)'.", target: "properties.publicNetworkAccess")
        }
        props["publicNetworkAccess"] = .string(access)
        props["disableLocalAuth"] = .bool(try optionalBool(props, "disableLocalAuth") ?? false)
        let projects = try optionalBool(props, "allowProjectManagement") ?? false
        if projects && kind != aiServices {
            throw CognitiveErrors.invalid("allowProjectManagement can be true only for accounts of kind AIServices.", target: "properties.allowProjectManagement")
        }
        props["allowProjectManagement"] = .bool(projects)
        props["restore"] = nil
        let region = draft.location ?? existing?.location ?? "eastus"
        let addresses = AccountEndpoints.make(kind: kind, subdomain: subdomain, name: draft.id.name, region: region)
        props["endpoint"] = .string(addresses.endpoint)
        props["endpoints"] = .object(addresses.endpoints)
        props["internalId"] = oldProps["internalId"] ?? .string(RandomID.uuid().replacingOccurrences(of: "-", with: ""))
        props["dateCreated"] = oldProps["dateCreated"] ?? .string(ARMTime.string(context.now))
        props["apiProperties"] = props["apiProperties"] ?? oldProps["apiProperties"] ?? [:]
        props["callRateLimit"] = callRateLimit(kind: kind)
        props["capabilities"] = capabilities(kind: kind)
        props["isMigrated"] = false
        props["privateEndpointConnections"] = []
        for key in ["deletionDate", "scheduledPurgeDate", "provisioningState"] { props[key] = nil }
        draft.properties = props
        draft.body["identity"] = identity(draft.body["identity"], existing: existing?.body["identity"], tenant: context.tenantID)
        if existing == nil {
            try AccountKeys.generate().save(accountKey: draft.id.key, to: context.session.transaction)
        }
    }

    /// Brings a soft-deleted account back: its properties, internal id and keys as they were.
    static func restoreAccount(_ draft: inout ResourceDraft, from entry: DeletedAccounts.Entry, _ context: ResourceContext) throws {
        for key in ["kind", "sku", "identity", "tags"] where draft.body[key] == nil { draft.body[key] = entry.account[key] }
        if draft.body["location"] == nil { draft.body["location"] = entry.account["location"] }
        var props = entry.account["properties"]?.objectValue ?? [:]
        for key in ["deletionDate", "scheduledPurgeDate", "provisioningState", "restore"] { props[key] = nil }
        draft.properties = props
        try (entry.keys ?? .generate()).save(accountKey: draft.id.key, to: context.session.transaction)
    }

    static func optionalBool(_ props: JSONObject, _ key: String) throws -> Bool? {
        guard let value = props[key], !value.isNull else { return nil }
        guard let bool = value.boolValue else { throw BodyReader.wrongType("properties.\(key)", expected: "boolean", found: value) }
        return bool
    }

    static func identity(_ requested: JSON?, existing: JSON?, tenant: String) -> JSON? {
        guard var identity = (requested ?? existing)?.objectValue else { return nil }
        let type = identity["type"]?.stringValue ?? "None"
        if type.lowercased().contains("systemassigned") {
            identity["principalId"] = existing?["principalId"] ?? .string(RandomID.uuid())
            identity["tenantId"] = .string(tenant)
        }
        return .object(identity)
    }

    static func callRateLimit(kind: String) -> JSON {
        func rule(_ key: String, _ count: Int, _ paths: [String]) -> JSON {
            ["key": .string(key), "renewalPeriod": 1, "count": JSON(count),
             "matchPatterns": .array(paths.map { ["path": .string($0), "method": "*"] })]
        }
        var rules: [JSON] = [
            rule("openai.responses.default", 100_000, ["openai/responses", "openai/responses/*"]),
            rule("openai", 30, ["openai/*"]),
        ]
        if kind == aiServices {
            rules.append(rule("models", 30_000, ["/models"]))
            rules.append(rule("api.projects.default", 30_000, ["api/projects/*"]))
        }
        rules.append(rule("default", 30, ["*"]))
        return ["rules": .array(rules)]
    }

    static func capabilities(kind: String) -> JSON {
        var items: [JSON] = [
            ["name": "VirtualNetworks"], ["name": "CustomerManagedKey"],
            ["name": "MaxFineTuneCount", "value": "500"], ["name": "MaxRunningFineTuneCount", "value": "3"],
            ["name": "MaxUserFileCount", "value": "100"], ["name": "MaxTrainingFileSize", "value": "512000000"],
            ["name": "TrustedServices", "value": "Microsoft.CognitiveServices,Microsoft.MachineLearningServices,Microsoft.Search"],
            ["name": "RaiMonitor"],
        ]
        if kind == aiServices { items.append(["name": "ProjectManagement"]) }
        return .array(items)
    }

    static func keys(of account: StoredResource, _ context: ResourceContext) throws -> AccountKeys {
        let tx = context.session.transaction
        if let keys = try AccountKeys.load(accountKey: account.id.key, from: tx) { return keys }
        let keys = AccountKeys.generate()
        try keys.save(accountKey: account.id.key, to: tx)
        return keys
    }

    /// `{"keyName": "Key1" | "Key2"}`; answers both keys.
    static func regenerate(_ account: StoredResource, _ argument: JSON?, _ context: ResourceContext) throws -> ARMResponse {
        guard let request = argument?.objectValue, let name = try BodyReader.optionalString(request, "keyName") else {
            throw CognitiveErrors.missing("keyName")
        }
        var keys = try keys(of: account, context)
        switch name.lowercased() {
        case "key1": keys.key1 = AccountKeys.newKey()
        case "key2": keys.key2 = AccountKeys.newKey()
        default: throw CognitiveErrors.invalid("keyName must be 'Key1' or 'Key2', not '\(name)'.", target: "keyName")
        }
        try keys.save(accountKey: account.id.key, to: context.session.transaction)
        return ARMResponse(status: 200, body: keys.json)
    }
}

/// Custom subdomains are unique across the emulator, soft-deleted accounts included (Azure keeps
/// a deleted account's subdomain until it is purged).
struct SubdomainRegistry {
    let session: ResourceSession

    /// The account (live or soft-deleted) that holds `subdomain`.
    func owner(of subdomain: String) throws -> ResourceID? {
        let wanted = subdomain.lowercased()
        for account in try session.all(type: AccountType.type)
        where account.properties["customSubDomainName"]?.stringValue?.lowercased() == wanted {
            return account.id
        }
        for entry in try DeletedAccounts(transaction: session.transaction).all() where entry.subdomain?.lowercased() == wanted {
            return entry.id
        }
        return nil
    }
}
