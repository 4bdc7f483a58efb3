import ARM
import Catalog

/// The `Microsoft.MachineLearningServices` provider: its resource types, built on a model catalog.
public struct MachineLearningProvider: Sendable {
    public static let namespace = "Microsoft.MachineLearningServices"
    public static let workspaceType = WorkspaceType.type
    public static let marketplaceSubscriptionType = MarketplaceSubscriptionType.type
    public static let serverlessEndpointType = ServerlessEndpointType.type
    public static let connectionType = ConnectionType.type
    static let apiVersions = ["2025-09-01", "2024-10-01", "2024-07-01-preview", "2024-04-01", "2024-01-01-preview"]

    public let catalog: ModelCatalog

    public init(catalog: ModelCatalog) {
        self.catalog = catalog
    }

    public var types: [ResourceType] {
        [
            WorkspaceType.make(),
            MarketplaceSubscriptionType.make(catalog),
            ServerlessEndpointType.make(catalog),
            ConnectionType.make(),
        ]
    }
}
