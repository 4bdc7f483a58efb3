import ARM

/// The Azure-shaped errors of the Cognitive Services rules. Codes and messages follow what the
/// service answers (reference/cognitiveservices-shapes.md); where Azure's code is unknown the
/// code names the rule (docs/behaviour.md lists them).
enum CognitiveErrors {
    static func invalid(_ message: String, target: String) -> ARMError {
        ARMError(status: 400, code: "InvalidParameter", message: message, target: target)
    }

    static func missing(_ path: String) -> ARMError {
        ARMError(status: 400, code: "InvalidRequestContent",
                 message: "The request content was invalid and could not be deserialized: 'Required property '\(path)' is missing'.",
                 target: path)
    }

    static func unknownKind(_ kind: String) -> ARMError {
        ARMError(status: 400, code: "InvalidApiSetId",
                 message: "The account type '\(kind)' is either invalid or unavailable in given region.", target: "kind")
    }

    static func unknownSku(_ sku: String) -> ARMError {
        ARMError(status: 400, code: "InvalidSkuId", message: "The given SKU '\(sku)' is invalid.", target: "sku.name")
    }

    static func badSubdomain(_ name: String) -> ARMError {
        ARMError(status: 400, code: "InvalidSubDomainName",
                 message: "Sub domain name '\(name)' is not valid: use 2 to 64 lower-case letters, digits or '-', starting and ending with a letter or digit.",
                 target: "properties.customSubDomainName")
    }

    static func subdomainTaken(_ name: String) -> ARMError {
        ARMError(status: 409, code: "CustomDomainInUse",
                 message: "Custom domain name '\(name)' is already in use. Please select a different name.",
                 target: "properties.customSubDomainName")
    }

    static func subdomainImmutable() -> ARMError {
        ARMError(status: 400, code: "CustomSubDomainNameCannotBeChanged",
                 message: "The custom sub domain name of an account cannot be changed once it is set.",
                 target: "properties.customSubDomainName")
    }

    static func mustRestore(_ id: ResourceID) -> ARMError {
        ARMError(status: 409, code: "FlagMustBeSetForRestore",
                 message: "An existing resource with ID '\(id.string)' has been soft-deleted. To restore the resource, you must specify 'restore' to be 'true' in the property. If you don't want to restore existing resource, please purge it first.")
    }

    static func deletedAccountNotFound(_ name: String) -> ARMError {
        ARMError(status: 404, code: "ResourceNotFound",
                 message: "The deleted account '\(name)' was not found (it was never deleted, was restored, or was purged).")
    }

    static func localAuthDisabled() -> ARMError {
        ARMError(status: 400, code: "BadRequest",
                 message: "Failed to list key. disableLocalAuth is set to be true")
    }

    static func projectsNotAllowed(_ account: String) -> ARMError {
        ARMError(status: 400, code: "ProjectManagementDisabled",
                 message: "Projects can be created only under an AIServices account with 'allowProjectManagement' set to true; account '\(account)' does not allow them.")
    }

    static func parentNotUsable(_ account: ResourceID, state: String) -> ARMError {
        ARMError(status: 409, code: "ParentResourceNotReady",
                 message: "The account '\(account.name)' is in state '\(state)' and cannot take new deployments.")
    }

    static func modelNotSupported(format: String, name: String, version: String) -> ARMError {
        ARMError(status: 400, code: "DeploymentModelNotSupported",
                 message: "The model 'Format:\(format),Name:\(name),Version:\(version)' of account deployment is not supported.",
                 target: "properties.model")
    }

    static func modelDeprecating(format: String, name: String, version: String) -> ARMError {
        ARMError(status: 400, code: "ServiceModelDeprecating",
                 message: "The model 'Format:\(format),Name:\(name),Version:\(version)' is in deprecating state and cannot be used for new deployments.",
                 target: "properties.model")
    }

    static func skuNotSupported(_ sku: String, model: String, version: String, region: String? = nil) -> ARMError {
        let place = region.map { " in region '\($0)'" } ?? ""
        return ARMError(status: 400, code: "InvalidResourceProperties",
                        message: "The specified SKU '\(sku)' of account deployment is not supported by the model '\(model)' version: '\(version)'\(place).",
                        target: "sku.name")
    }

    static func invalidCapacity(_ capacity: Int, minimum: Int, maximum: Int, step: Int) -> ARMError {
        ARMError(status: 400, code: "InvalidCapacity",
                 message: "The capacity '\(capacity)' of account deployment is not valid: it must be between \(minimum) and \(maximum)\(step > 1 ? " in steps of \(step)" : "").",
                 target: "sku.capacity")
    }

    static func insufficientQuota(needed: Int, available: Int, used: Int, limit: Int, quotaName: String) -> ARMError {
        ARMError(status: 400, code: "InsufficientQuota",
                 message: "This operation require \(needed) new capacity in quota \(quotaName), which is bigger than the current available capacity \(available). The current quota usage is \(used) and the quota limit is \(limit) for quota \(quotaName).")
    }

    static func modelImmutable() -> ARMError {
        ARMError(status: 400, code: "InvalidResourceProperties",
                 message: "The model format and name of an existing deployment cannot be changed; only its version can.",
                 target: "properties.model")
    }
}
