import Catalog
import CeruleanJSON

/// Catalog models as `accounts/{a}/models` and `locations/{l}/models` list them (AccountModel:
/// one entry per version; capability values are strings, as Azure sends them).
enum ModelListing {
    static func accountModels(_ catalog: ModelCatalog, kind: String, region: String) -> [JSON] {
        var items: [JSON] = []
        for model in catalog.accountModels {
            guard let offer = model.accountDeployment, offer.offers(kind: kind) else { continue }
            let skus = offer.skus.filter { $0.regions.contains(region) }
            guard !skus.isEmpty else { continue }
            for version in offer.versions {
                items.append(entry(model, offer, version, skus))
            }
        }
        return items
    }

    /// `{"kind", "skuName", "model"}` per account kind, as the location-level list answers.
    static func locationModels(_ catalog: ModelCatalog, region: String) -> [JSON] {
        AccountType.kinds.flatMap { kind in
            accountModels(catalog, kind: kind, region: region).map { model -> JSON in
                ["kind": .string(kind), "skuName": "S0", "model": model]
            }
        }
    }

    static func entry(_ model: CatalogModel, _ offer: AccountDeployment, _ version: AccountDeployment.Version,
                      _ skus: [AccountDeployment.Sku]) -> JSON {
        var capabilities = JSONObject((offer.capabilities ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, JSON.string($0.value)) })
        capabilities["inference"] = "true"
        var entry: JSONObject = [
            "format": .string(offer.format), "name": .string(model.name), "version": .string(version.version),
            "publisher": .string(model.publisher),
            "isDefaultVersion": .bool(offer.defaultVersion?.version == version.version),
            "maxCapacity": JSON(skus.map(\.maxCapacity).max() ?? 0),
            "capabilities": .object(capabilities),
            "skus": .array(skus.map { sku in
                [
                    "name": .string(sku.name), "usageName": .string(Quota.usageName(model, sku)),
                    "capacity": ["minimum": JSON(sku.minimum), "maximum": JSON(sku.maxCapacity), "step": JSON(sku.step),
                                 "default": JSON(sku.defaultCapacity)],
                    "rateLimits": RateLimitRules.json(sku, capacity: 1),
                ]
            }),
            "modelCatalogAssetId": .string("\(model.id)/versions/\(version.version)"),
            "lifecycleStatus": .string(version.lifecycleStatus ?? "GenerallyAvailable"),
            "systemData": ["createdBy": "Microsoft", "createdByType": "Application", "createdAt": "2024-01-01T00:00:00Z",
                           "lastModifiedBy": "Microsoft", "lastModifiedByType": "Application", "lastModifiedAt": "2024-01-01T00:00:00Z"],
        ]
        if let window = model.contextWindow { entry["maxContextToken"] = JSON(window) }
        if let output = version.maxOutputToken { entry["maxOutputToken"] = JSON(output) }
        return .object(entry)
    }
}
