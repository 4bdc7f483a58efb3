import ARM
import CeruleanJSON

/// The Azure-shaped errors of managed compute (online endpoints and deployments). Azure ML's
/// documented code for a bad deployment argument is `BadArgument`; the quota refusal is the
/// recorded synchronous 400. docs/behaviour.md lists the choices.
enum ComputeErrors {
    static func badArgument(_ message: String, target: String? = nil) -> ARMError {
        ARMError(status: 400, code: "BadArgument", message: message, target: target)
    }

    static func notEmulated(_ what: String, target: String) -> ARMError {
        ARMError(status: 400, code: "NotSupportedByEmulator",
                 message: "\(what) Cerulean emulates managed compute for catalog models from a registry (model 'azureml://registries/{registry}/models/{name}/versions/{version}'); it has no Azure Storage, container registry or Kubernetes.",
                 target: target)
    }

    static func nameNotAvailable(_ name: String, region: String) -> ARMError {
        ARMError(status: 409, code: "EndpointNameNotAvailable",
                 message: "Online endpoint name '\(name)' is already in use in region '\(region)'. Endpoint names need to be unique in a region; please select a different name.",
                 target: "name")
    }

    /// Azure's synchronous refusal when the family's quota cannot hold the deployment: a
    /// `BadRequest` whose detail embeds the inferencing service's ProblemDetails as text.
    static func outOfQuota(size: String, subscription: String, used: Int, limit: Int, needed: Int) -> ARMError {
        let sentence = "Not enough quota available for \(size) in SubscriptionId \(subscription). Current usage/limit: \(used)/\(limit). Additional needed: \(needed) Please see troubleshooting guide, available here: https://aka.ms/oe-tsg#error-outofquota"
        let problem: JSON = [
            "errors": ["VmSize": [.string(sentence)]],
            "type": "https://tools.ietf.org/html/rfc7231#section-6.5.1",
            "title": "One or more validation errors occurred.",
            "status": 400,
            "traceId": "00-cerulean-quota-00",
        ]
        return ARMError(status: 400, code: "BadRequest", message: "The request is invalid.", details: [
            ARMError(status: 400, code: "InferencingClientCreateDeploymentFailed",
                     message: "InferencingClient HttpRequest error, error detail: \(problem.compactString)"),
        ])
    }

    static func authModeHasNoKeys(_ name: String, mode: String) -> ARMError {
        ARMError(status: 400, code: "BadArgument",
                 message: "Endpoint '\(name)' uses authMode '\(mode)': keys exist only for endpoints whose authMode is 'Key'.")
    }

    static func authModeHasNoToken(_ name: String, mode: String) -> ARMError {
        ARMError(status: 400, code: "BadArgument",
                 message: "Endpoint '\(name)' uses authMode '\(mode)': tokens are issued only for endpoints whose authMode is 'AMLToken' (AADToken endpoints take Microsoft Entra tokens for https://ml.azure.com).")
    }
}
