import ARM
import Catalog

/// Checks a model id against the catalog with the documented rules: a well-formed id, no
/// version, a model the catalog knows.
struct CatalogLookup {
    let catalog: ModelCatalog

    func model(for text: String, target: String) throws -> CatalogModel {
        guard let id = ModelID(text) else { throw MLErrors.malformedModelID(text, target: target) }
        guard id.version == nil else { throw MLErrors.versionedModelID(text, target: target) }
        guard let model = catalog.model(id.unversioned) else { throw MLErrors.modelNotFound(text, target: target) }
        return model
    }
}
