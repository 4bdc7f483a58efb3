import ARM
import Catalog

/// The `Microsoft.MachineLearningServices` provider: its resource types, built on a model catalog
/// (and, for managed compute, the VM-size catalog).
public struct MachineLearningProvider: Sendable {
    public static let namespace = "Microsoft.MachineLearningServices"
    public static let workspaceType = WorkspaceType.type
    public static let marketplaceSubscriptionType = MarketplaceSubscriptionType.type
    public static let serverlessEndpointType = ServerlessEndpointType.type
    public static let onlineEndpointType = OnlineEndpointType.type
    public static let onlineDeploymentType = OnlineDeploymentType.type
    public static let connectionType = ConnectionType.type
    static let apiVersions = ["2025-09-01", "2024-10-01", "2024-07-01-preview", "2024-04-01", "2024-01-01-preview"]
    /// azure-ai-ml sends 2022-02-01-preview for endpoints and 2023-04-01-preview for deployments.
    static let computeAPIVersions = ["2025-12-01", "2025-09-01", "2024-10-01", "2024-04-01", "2023-04-01-preview", "2022-02-01-preview"]

    public let catalog: ModelCatalog
    public let vmSizes: VMSizeCatalog

    public init(catalog: ModelCatalog, vmSizes: VMSizeCatalog? = nil) {
        self.catalog = catalog
        self.vmSizes = vmSizes ?? (try? VMSizeCatalog.standard()) ?? VMSizeCatalog(sizes: [], families: [])
    }

    public var types: [ResourceType] {
        [
            WorkspaceType.make(),
            MarketplaceSubscriptionType.make(catalog),
            ServerlessEndpointType.make(catalog),
            ConnectionType.make(),
            OnlineEndpointType.make(),
            OnlineDeploymentType.make(catalog, vmSizes),
        ]
    }

    /// Routes that are not resources: VM quota, usages and sizes, deployment SKUs, and the asset
    /// routes that need storage (refused, naming what is not emulated).
    public var operations: [ProviderOperation] { ComputeOperations.all(vmSizes) }
}
