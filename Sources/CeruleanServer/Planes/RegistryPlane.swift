import ARM
import Catalog
import CeruleanJSON
import Hummingbird
import MachineLearning

/// The Azure ML registry service routes azure-ai-ml calls before it deploys a registry model
/// (`cerulean env` points `REGISTRY_DISCOVERY_ENDPOINT_URL` here):
/// - `GET /registrymanagement/v1.0/registries/{registry}/discovery`;
/// - `GET /mferp/managementfrontend/subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.MachineLearningServices/registries/{r}/models/{m}/versions/{v}`.
struct RegistryPlane: Plane {
    let name = "registry"
    let catalog: ModelCatalog
    let subscriptionID: String
    static let discoveryPrefix = "/registrymanagement/"
    static let frontendPrefix = "/mferp/managementfrontend/"

    func owns(_ exchange: Exchange) -> Bool {
        exchange.path.hasPrefix(Self.discoveryPrefix) || exchange.path.hasPrefix(Self.frontendPrefix)
    }

    func respond(to exchange: Exchange) async -> Response {
        guard exchange.method == "GET" else { return error(ARMError.methodNotAllowed(exchange.method)) }
        guard exchange.header("authorization")?.lowercased().hasPrefix("bearer ") == true else {
            return error(ARMError.authenticationMissing())
        }
        let parts = exchange.path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        if parts.count == 5, parts[0] == "registrymanagement", parts[2] == "registries", parts[4] == "discovery" {
            return JSONResponse.make(status: 200, body: RegistryDocuments.discovery(
                registry: parts[3], baseURL: exchange.baseURL, subscriptionID: subscriptionID))
        }
        // mferp/managementfrontend/subscriptions/{s}/resourceGroups/{g}/providers/{ns}/registries/{r}/models/{m}/versions/{v}
        if parts.count == 14, parts[8].lowercased() == "registries", parts[10] == "models", parts[12] == "versions" {
            let id = "/" + parts.dropFirst(2).joined(separator: "/")
            if let body = RegistryDocuments.modelVersion(catalog, registry: parts[9], name: parts[11], version: parts[13], id: id) {
                return JSONResponse.make(status: 200, body: body)
            }
            return error(ARMError(status: 404, code: "ResourceNotFound",
                                  message: "The model version '\(parts[11]):\(parts[13])' was not found in registry '\(parts[9])'."))
        }
        return error(ARMError.pathNotFound(exchange.path))
    }

    private func error(_ error: ARMError) -> Response {
        JSONResponse.make(status: error.status, headers: error.headers, body: error.envelope)
    }
}
