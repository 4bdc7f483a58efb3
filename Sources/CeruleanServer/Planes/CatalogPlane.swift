import ARM
import Catalog
import CeruleanJSON
import Foundation
import Hummingbird

/// `GET /catalog/models`: the model catalog as the server loaded it (`Fixtures/catalog.json` plus
/// `--catalog` files), `{"value": [model, ...]}` with each model as the catalog file writes it.
/// Azure's studios read their catalog from an index service of their own; this is Cerulean's
/// public equivalent, so the portal and a script read the same thing. Like Azure's model catalog
/// pages, it needs no sign-in.
struct CatalogPlane: Plane {
    let name = "catalog"
    static let path = "/catalog/models"
    /// Rendered once: the catalog does not change while the server runs.
    let document: JSON

    init(catalog: ModelCatalog) {
        let models = catalog.models.compactMap { model -> JSON? in
            guard let data = try? JSONEncoder().encode(model) else { return nil }
            return try? JSONParser.parse(data)
        }
        document = ["value": .array(models)]
    }

    func owns(_ exchange: Exchange) -> Bool {
        exchange.path == Self.path || exchange.path.hasPrefix(Self.path + "/")
    }

    func respond(to exchange: Exchange) async -> Response {
        guard exchange.path == Self.path else {
            return JSONResponse.make(status: 404, body: ARMError.pathNotFound(exchange.path).envelope)
        }
        guard exchange.method == "GET" else {
            return JSONResponse.make(status: 405, headers: [("Allow", "GET")], body: ARMError.methodNotAllowed(exchange.method).envelope)
        }
        return JSONResponse.make(status: 200, body: document)
    }
}
