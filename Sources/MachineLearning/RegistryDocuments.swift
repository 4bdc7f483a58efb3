import Catalog
import CeruleanJSON

/// What azure-ai-ml reads from the Azure ML registry service before it deploys a registry model
/// (a best-effort look-up for a default deployment template): the registry's discovery document
/// and the model version. Cerulean answers both from the catalog, pointing the SDK back at itself.
public enum RegistryDocuments {
    /// `GET {discovery}/registrymanagement/v1.0/registries/{registry}/discovery`.
    public static func discovery(registry: String, baseURL: String, subscriptionID: String, region: String = "eastus") -> JSON {
        ["registryName": .string(registry), "primaryRegion": .string(region), "regions": [.string(region)],
         "primaryRegionResourceProviderUri": .string(baseURL + "/"),
         "subscriptionId": .string(subscriptionID), "resourceGroup": .string("registry-\(registry)"),
         "registryFqdns": .object(JSONObject([(region, JSON.object(["primary": .string(baseURL)]))]))]
    }

    /// `GET .../registries/{registry}/models/{name}/versions/{version}`: the catalog's version, or `nil`.
    public static func modelVersion(_ catalog: ModelCatalog, registry: String, name: String, version: String, id: String) -> JSON? {
        let wanted = ModelID("azureml://registries/\(registry)/models/\(name)")?.unversioned ?? ""
        guard let model = catalog.model(wanted), let offer = model.managedCompute, offer.offers(version: version) else { return nil }
        return ["id": .string(id), "name": .string(version), "type": "Microsoft.MachineLearningServices/registries/models/versions",
                "properties": ["description": .string("\(model.name) from \(model.publisher)"), "modelType": "custom_model",
                               "modelUri": .string("azureml://registries/\(registry)/models/\(model.name)/versions/\(version)"),
                               "tags": ["task": .string(model.task.rawValue)], "properties": [:], "flavors": [:]]]
    }
}
