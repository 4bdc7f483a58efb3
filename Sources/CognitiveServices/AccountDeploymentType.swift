import ARM
import Catalog
import CeruleanJSON
import Foundation

/// `accounts/{a}/deployments/{d}`: a catalog model deployed in an account, with a SKU and a
/// capacity that give its rate limits and count against the subscription's regional quota.
enum AccountDeploymentType {
    static let type = "Microsoft.CognitiveServices/accounts/deployments"
    static let upgradeOptions = ["OnceNewDefaultVersionAvailable", "OnceCurrentVersionExpired", "NoAutoUpgrade"]

    static func make(_ catalog: ModelCatalog) -> ResourceType {
        var t = ResourceType(type: type)
        t.shape = .proxy
        t.nameRule = .pattern("[a-zA-Z0-9][a-zA-Z0-9_.-]{1,63}",
                              "Deployment names start with a letter or digit, then 1 to 63 letters, digits, '_', '.' or '-'.")
        t.apiVersions = CognitiveServicesProvider.apiVersions
        t.patchableKeys = ["sku", "properties"]
        t.acceptedKeys = ["sku"]
        t.operationStatusSegment = "operationResults"
        t.operationResultSegment = "operationLocations"
        // Created while its account is still provisioning, it finishes after the account.
        t.waitsFor = { resource, _ in [resource.id.parent].compactMap { $0 } }
        t.validate = { draft, context in try validate(&draft, context, catalog) }
        return t
    }

    /// The model a deployment body names, checked against the catalog and the account.
    struct Choice {
        var model: CatalogModel
        var offer: AccountDeployment
        var version: AccountDeployment.Version
        var sku: AccountDeployment.Sku
        var capacity: Int
    }

    static func validate(_ draft: inout ResourceDraft, _ context: ResourceContext, _ catalog: ModelCatalog) throws {
        guard let accountID = draft.id.parent, let account = try context.session.get(accountID) else {
            throw ARMError.parentResourceNotFound(draft.id, parent: draft.id.parent ?? draft.id)
        }
        if let state = account.provisioningState, ["Deleting", "Failed"].contains(state) {
            throw CognitiveErrors.parentNotUsable(accountID, state: state)
        }
        var props = draft.properties
        let choice = try choose(draft, account: account, catalog)
        let region = account.location ?? ""
        try Quota(session: context.session).check(choice, subscription: draft.id.subscriptionID, region: region, excluding: draft.id)
        let upgrade = try BodyReader.optionalString(props, "versionUpgradeOption", path: "properties.versionUpgradeOption")
            ?? "OnceNewDefaultVersionAvailable"
        guard let option = upgradeOptions.first(where: { $0.lowercased() == upgrade.lowercased() }) else {
            throw CognitiveErrors.invalid("versionUpgradeOption must be one of \(upgradeOptions.joined(separator: ", ")), not '\(upgrade)'.",
                                          target: "properties.versionUpgradeOption")
        }
        if let rai = props["raiPolicyName"], !rai.isNull, rai.stringValue == nil {
            throw BodyReader.wrongType("properties.raiPolicyName", expected: "string", found: rai)
        }
        var model: JSONObject = ["format": .string(choice.offer.format), "name": .string(choice.model.name),
                                 "version": .string(choice.version.version)]
        if let source = props["model"]?["source"]?.stringValue { model["source"] = .string(source) }
        props["model"] = .object(model)
        props["versionUpgradeOption"] = .string(option)
        props["currentCapacity"] = JSON(choice.capacity)
        props["capabilities"] = .object(JSONObject((choice.offer.capabilities ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, JSON.string($0.value)) }))
        props["rateLimits"] = RateLimitRules.json(choice.sku, capacity: choice.capacity)
        props["provisioningState"] = nil
        draft.properties = props
        var sku: JSONObject = ["name": .string(choice.sku.name), "capacity": JSON(choice.capacity)]
        if let tier = draft.body["sku"]?["tier"] { sku["tier"] = tier }
        draft.body["sku"] = .object(sku)
    }

    static func choose(_ draft: ResourceDraft, account: StoredResource, _ catalog: ModelCatalog) throws -> Choice {
        let props = draft.properties
        guard let requested = try BodyReader.optionalObject(props, "model", path: "properties.model") else {
            throw CognitiveErrors.missing("properties.model")
        }
        guard let name = try BodyReader.optionalString(requested, "name", path: "properties.model.name"), !name.isEmpty else {
            throw CognitiveErrors.missing("properties.model.name")
        }
        let format = try BodyReader.optionalString(requested, "format", path: "properties.model.format") ?? ""
        let versionText = try BodyReader.optionalString(requested, "version", path: "properties.model.version")
        if let old = draft.existing?.properties["model"]?.objectValue,
            old["name"]?.stringValue?.lowercased() != name.lowercased()
                || old["format"]?.stringValue?.lowercased() != format.lowercased()
        {
            throw CognitiveErrors.modelImmutable()
        }
        let kind = AccountType.kind(of: account)
        guard let model = catalog.accountModel(format: format, name: name), let offer = model.accountDeployment,
            offer.offers(kind: kind)
        else {
            throw CognitiveErrors.modelNotSupported(format: format, name: name, version: versionText ?? "")
        }
        guard let version = versionText.map(offer.version) ?? offer.defaultVersion else {
            throw CognitiveErrors.modelNotSupported(format: format, name: name, version: versionText ?? "")
        }
        if version.lifecycleStatus == "Deprecating", draft.existing?.properties["model"]?["version"]?.stringValue != version.version {
            throw CognitiveErrors.modelDeprecating(format: offer.format, name: model.name, version: version.version)
        }
        guard let skuObject = try BodyReader.optionalObject(draft.body, "sku", path: "sku"),
            let skuName = try BodyReader.optionalString(skuObject, "name", path: "sku.name")
        else { throw CognitiveErrors.missing("sku.name") }
        guard let sku = offer.sku(skuName) else {
            throw CognitiveErrors.skuNotSupported(skuName, model: model.name, version: version.version)
        }
        let region = account.location ?? ""
        guard sku.regions.contains(region) else {
            throw CognitiveErrors.skuNotSupported(sku.name, model: model.name, version: version.version, region: region)
        }
        let capacity: Int
        switch skuObject["capacity"] {
        case nil, .null?: capacity = sku.defaultCapacity
        case let value?:
            // Azure's deserializer takes a numeric string too (az 2.91 sends `"capacity": "1"`).
            guard let number = value.numberValue ?? value.stringValue.flatMap({ Int($0) }).map(Double.init),
                number == number.rounded(), abs(number) < 1e9 else {
                throw BodyReader.wrongType("sku.capacity", expected: "integer", found: value)
            }
            capacity = Int(number)
        }
        guard capacity >= sku.minimum, capacity <= sku.maxCapacity, (capacity - sku.minimum) % sku.step == 0 else {
            throw CognitiveErrors.invalidCapacity(capacity, minimum: sku.minimum, maximum: sku.maxCapacity, step: sku.step)
        }
        return Choice(model: model, offer: offer, version: version, sku: sku, capacity: capacity)
    }
}

/// A deployment's `rateLimits` from its capacity: tokens per minute, and requests per 10-second
/// window where the per-minute figure divides evenly (Azure's recorded shape), else per minute.
public enum RateLimitRules {
    static func json(_ sku: AccountDeployment.Sku, capacity: Int) -> JSON {
        let limits = limits(sku, capacity: capacity)
        let requestRule: JSON = limits.requestsPerMinute % 6 == 0
            ? ["key": "request", "renewalPeriod": 10, "count": JSON(limits.requestsPerMinute / 6)]
            : ["key": "request", "renewalPeriod": 60, "count": JSON(limits.requestsPerMinute)]
        return [requestRule, ["key": "token", "renewalPeriod": 60, "count": JSON(limits.tokensPerMinute)]]
    }

    static func limits(_ sku: AccountDeployment.Sku, capacity: Int) -> (tokensPerMinute: Int, requestsPerMinute: Int) {
        (capacity * sku.tokensPerMinutePerUnit, max(1, capacity * sku.requestsPerUnit))
    }

    /// Tokens and requests per minute from a stored `rateLimits` array (`nil` if it has neither).
    public static func perMinute(_ rules: JSON?) -> (tokens: Int, requests: Int)? {
        guard let items = rules?.arrayValue else { return nil }
        var tokens: Int?, requests: Int?
        for rule in items {
            guard let count = rule["count"]?.numberValue, let period = rule["renewalPeriod"]?.numberValue, period > 0 else { continue }
            let perMinute = Int((count * 60 / period).rounded())
            switch rule["key"]?.stringValue {
            case "token": tokens = perMinute
            case "request": requests = perMinute
            default: break
            }
        }
        guard let tokens, let requests else { return nil }
        return (tokens, requests)
    }
}
