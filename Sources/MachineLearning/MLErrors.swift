import ARM
import Catalog

/// The Azure-shaped errors of the Machine Learning rules. Where Azure's own code is unknown the
/// code names the rule (docs/behaviour.md lists them).
enum MLErrors {
    static func missing(_ path: String) -> ARMError { .missingProperty(path) }

    static func invalid(_ message: String, target: String) -> ARMError {
        ARMError(status: 400, code: "InvalidParameter", message: message, target: target)
    }

    static func malformedModelID(_ id: String, target: String) -> ARMError {
        invalid("'\(id)' is not a model id. Model ids look like 'azureml://registries/{registry}/models/{name}'.", target: target)
    }

    static func versionedModelID(_ id: String, target: String) -> ARMError {
        ARMError(status: 400, code: "ModelVersionNotSupported",
                 message: "Serverless API endpoints always deploy the model's latest version; remove the version from the model id '\(id)'.",
                 target: target)
    }

    static func modelNotFound(_ id: String, target: String) -> ARMError {
        ARMError(status: 400, code: "ModelNotFound",
                 message: "Model mapping properties not found for modelId: '\(id)'. The model is not in the catalog or cannot be deployed as a serverless API.",
                 target: target)
    }

    static func subscriptionNotNeeded(_ id: String) -> ARMError {
        ARMError(status: 400, code: "MarketplaceSubscriptionNotSupported",
                 message: "The model '\(id)' is offered by Microsoft and needs no marketplace subscription; create the serverless endpoint directly.",
                 target: "properties.modelId")
    }

    static func subscriptionRequired(_ id: String, workspace: String) -> ARMError {
        ARMError(status: 400, code: "MarketplaceSubscriptionRequired",
                 message: "The model '\(id)' is offered through Azure Marketplace: workspace '\(workspace)' needs a marketplace subscription for it before a serverless endpoint can be created.",
                 target: "properties.modelSettings.modelId")
    }

    static func subscriptionExists(_ id: String, workspace: String, name: String) -> ARMError {
        ARMError(status: 409, code: "MarketplaceSubscriptionAlreadyExists",
                 message: "Workspace '\(workspace)' already has the marketplace subscription '\(name)' for the model '\(id)'.")
    }

    static func modelAlreadyDeployed(_ id: String, workspace: String, endpoint: String) -> ARMError {
        ARMError(status: 409, code: "ModelAlreadyDeployed",
                 message: "The model '\(id)' is already deployed in workspace '\(workspace)' by the serverless endpoint '\(endpoint)'; only one deployment per model per workspace is allowed.")
    }

    static func nameNotAvailable(_ name: String, region: String) -> ARMError {
        ARMError(status: 409, code: "EndpointNameNotAvailable",
                 message: "Serverless endpoint name '\(name)' is not available in region '\(region)'. Please select a different name.",
                 target: "name")
    }

    static func regionNotOffered(_ id: String, region: String, regions: [String]) -> ARMError {
        ARMError(status: 400, code: "ModelNotAvailableInRegion",
                 message: "The model '\(id)' cannot be deployed as a serverless API in region '\(region)'. Supported regions: \(regions.joined(separator: ", ")).",
                 target: "location")
    }

    static func immutable(_ what: String, target: String) -> ARMError {
        invalid("The \(what) of an existing resource cannot be changed.", target: target)
    }
}
