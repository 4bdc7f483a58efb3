import ARM

/// The resources an Azure Machine Learning workspace is created with (azure-ai-ml's
/// `workspace_base.json` template deploys them beside it): control-plane records only, each type
/// in a folder named after its namespace.
public enum WorkspaceDependencies {
    public static let storageAccountType = StorageAccountType.type
    public static let vaultType = VaultType.type
    public static let componentType = ComponentType.type
    public static let logAnalyticsWorkspaceType = LogAnalyticsWorkspaceType.type
    public static let registryType = RegistryType.type

    public static var types: [ResourceType] {
        [
            StorageAccountType.make(),
            VaultType.make(),
            ComponentType.make(),
            LogAnalyticsWorkspaceType.make(),
            RegistryType.make(),
        ]
    }
}
