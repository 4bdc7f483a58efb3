/// A catalog model id: `azureml://registries/{registry}/models/{name}[/versions/{version}]`.
public struct ModelID: Sendable, Equatable {
    public var registry: String
    public var name: String
    public var version: String?

    public init?(_ text: String) {
        let prefix = "azureml://registries/"
        guard text.lowercased().hasPrefix(prefix) else { return nil }
        let parts = text.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 || parts.count == 5, parts[1].lowercased() == "models", !parts[0].isEmpty, !parts[2].isEmpty
        else { return nil }
        registry = parts[0]
        name = parts[2]
        if parts.count == 5 {
            guard parts[3].lowercased() == "versions", !parts[4].isEmpty else { return nil }
            version = parts[4]
        }
    }

    /// The id without a version, as the catalog lists it.
    public var unversioned: String { "azureml://registries/\(registry)/models/\(name)" }
}
