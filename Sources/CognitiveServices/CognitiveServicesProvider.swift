import ARM
import Catalog

/// The `Microsoft.CognitiveServices` provider (Azure OpenAI and Azure AI Services accounts, their
/// deployments and Foundry projects), built on the shared model catalog.
public struct CognitiveServicesProvider: Sendable {
    public static let namespace = "Microsoft.CognitiveServices"
    public static let accountType = AccountType.type
    public static let deploymentType = AccountDeploymentType.type
    public static let projectType = ProjectType.type
    /// Every api-version real clients send is accepted (the engine does not pin versions); these are listed.
    static let apiVersions = ["2026-09-01", "2026-05-15-preview", "2026-03-01", "2025-12-01", "2025-09-01", "2025-06-01",
                              "2024-10-01", "2023-05-01"]
    static let locations = ["East US", "East US 2", "North Central US", "South Central US", "West US", "West US 3",
                            "Sweden Central", "France Central", "UK South", "West Europe", "Japan East", "Australia East"]

    public let catalog: ModelCatalog

    public init(catalog: ModelCatalog) {
        self.catalog = catalog
    }

    public var types: [ResourceType] {
        [AccountType.make(), AccountDeploymentType.make(catalog), ProjectType.make()].map { type in
            var t = type
            t.locations = Self.locations
            return t
        }
    }

    public var operations: [ProviderOperation] { CognitiveOperations.all(catalog) }
}
