import BundledFixtures
import CeruleanJSON
import Foundation

/// The models Cerulean can deploy, read from JSON files: the bundled `Fixtures/catalog.json`
/// plus any the user adds (`--catalog`), later files replacing models with the same id.
public struct ModelCatalog: Sendable {
    public private(set) var models: [CatalogModel]

    public init(models: [CatalogModel]) {
        self.models = []
        for model in models { add(model) }
    }

    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    private struct File: Codable {
        var models: [CatalogModel]
    }

    /// Reads a catalog file, checking every model so mistakes are reported at start.
    public static func load(_ url: URL) throws -> ModelCatalog {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw LoadError(description: "Cannot read the catalog \(url.path): \(error.localizedDescription)")
        }
        return try load(data, source: url.path)
    }

    /// Reads a catalog's bytes; `source` names it in errors.
    public static func load(_ data: Data, source: String) throws -> ModelCatalog {
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch {
            throw LoadError(description: "The catalog \(source) is not valid: \(error)")
        }
        for model in file.models {
            guard let id = ModelID(model.id), id.version == nil else {
                throw LoadError(description: "Catalog \(source): '\(model.id)' is not an unversioned azureml://registries/{registry}/models/{name} id.")
            }
            guard !model.regions.isEmpty || model.accountDeployment != nil || model.managedCompute != nil else {
                throw LoadError(description: "Catalog \(source): model '\(model.id)' lists no regions, no accountDeployment and no managedCompute.")
            }
            if let compute = model.managedCompute, compute.versions.isEmpty || (compute.instanceTypes?.isEmpty ?? false) {
                throw LoadError(description: "Catalog \(source): model '\(model.id)' needs managedCompute versions (and instanceTypes, when listed, not empty).")
            }
            if let offer = model.accountDeployment {
                guard !offer.versions.isEmpty, !offer.skus.isEmpty, !offer.accountKinds.isEmpty,
                    offer.skus.allSatisfy({ !$0.regions.isEmpty && $0.maxCapacity >= $0.minimum && $0.defaultCapacity >= $0.minimum })
                else {
                    throw LoadError(description: "Catalog \(source): model '\(model.id)' needs accountDeployment versions, accountKinds and skus (each with regions and capacities).")
                }
            }
            if model.task == .embeddings && model.embeddingDimensions == nil {
                throw LoadError(description: "Catalog \(source): embeddings model '\(model.id)' needs embeddingDimensions.")
            }
        }
        return ModelCatalog(models: file.models)
    }

    /// The bundled catalog (`Fixtures/catalog.json`, embedded in the binary) plus `extraFiles`.
    public static func standard(extraFiles: [URL] = []) throws -> ModelCatalog {
        var catalog = try load(try FixtureFiles.data("catalog.json"), source: "catalog.json (bundled)")
        for file in extraFiles { catalog.merge(try load(file)) }
        return catalog
    }

    public mutating func add(_ model: CatalogModel) {
        models.removeAll { $0.id.lowercased() == model.id.lowercased() }
        models.append(model)
    }

    public mutating func merge(_ other: ModelCatalog) {
        for model in other.models { add(model) }
    }

    /// The model an account deployment names by `format` and `name` (case-insensitive).
    public func accountModel(format: String, name: String) -> CatalogModel? {
        let f = format.lowercased(), n = name.lowercased()
        return models.first { model in
            guard let offer = model.accountDeployment else { return false }
            return offer.format.lowercased() == f && model.name.lowercased() == n
        }
    }

    /// Every model deployable in an account.
    public var accountModels: [CatalogModel] { models.filter { $0.accountDeployment != nil } }

    /// The model with this unversioned id (case-insensitive).
    public func model(_ id: String) -> CatalogModel? {
        let lower = id.lowercased()
        return models.first { $0.id.lowercased() == lower }
    }
}
