import CeruleanJSON
import Foundation

/// Account deployments (Azure OpenAI, AI Services): the account is found by the request's host,
/// the caller by a key (`api-key` or `Authorization: Bearer <key>`) or an Entra token, then the
/// deployment by the path, the body's `model` or the model-mesh header.
extension InferenceService {
    /// Audiences the real service accepts on tokens (azure-ai-inference asks for ml.azure.com).
    static let accountAudiences = ["https://cognitiveservices.azure.com", "https://ml.azure.com", "https://ai.azure.com"]

    func resolveAccountDeployment(_ call: InferenceCall, _ body: JSONObject, host: AccountHost,
                                  choice: InferenceCall.DeploymentChoice) async throws -> InferenceEndpoint {
        let credentials = AccountCredentials(call)
        guard let account = try await source.account(host, keys: credentials.keys) else {
            if case .subdomain(let name) = host { throw InferenceError.accountNotFound(name) }
            throw InferenceError.unauthorized(.azureOpenAI)
        }
        try await authorize(credentials, account, call)
        guard account.publicNetworkAccess else { throw InferenceError.publicAccessDisabled() }
        switch choice {
        case .path(let name):
            guard let endpoint = account.deployment(name) else { throw InferenceError.deploymentNotFound() }
            return endpoint
        case .body:
            guard let name = body["model"]?.stringValue, !name.isEmpty else {
                throw InferenceError.badRequest("'model' must name the deployment.", param: "model")
            }
            guard let endpoint = account.deployment(name) else { throw InferenceError.deploymentNotFound() }
            return endpoint
        case .model:
            guard let name = body["model"]?.stringValue ?? call.headers["x-ms-model-mesh-model-name"], !name.isEmpty else {
                throw InferenceError.noModelName()
            }
            guard let endpoint = account.deployment(name) else { throw InferenceError.unknownModel(name) }
            return endpoint
        }
    }

    /// A valid token opens the account when strict mode's check (if any) finds the route's data
    /// action among the principal's roles at the account or above; keys open it unless
    /// `disableLocalAuth` is set, and do no permission work.
    func authorize(_ credentials: AccountCredentials, _ account: InferenceAccount, _ call: InferenceCall) async throws {
        if let token = credentials.token {
            if let principal = tokenVerifier?.principal(of: token, audiences: Self.accountAudiences) {
                try await checkDataAction(principal, .account(call), at: account.id)
                return
            }
            if credentials.keys.isEmpty { throw InferenceError.invalidToken() }
        }
        guard !credentials.keys.isEmpty else { throw InferenceError.unauthorized(.azureOpenAI) }
        if account.localAuthDisabled { throw InferenceError.localAuthDisabled() }
        guard credentials.keys.contains(where: account.accepts) else { throw InferenceError.unauthorized(.azureOpenAI) }
    }
}

/// The credentials a request carries: keys (`api-key`, a bearer value that is not a JWT) and a token.
struct AccountCredentials {
    var keys: [String] = []
    var token: String?

    init(_ call: InferenceCall) {
        if let key = call.headers["api-key"], !key.isEmpty { keys.append(key) }
        if let auth = call.headers["authorization"], auth.lowercased().hasPrefix("bearer ") {
            let value = String(auth.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
            if value.split(separator: ".", omittingEmptySubsequences: false).count == 3 { token = value } else if !value.isEmpty { keys.append(value) }
        }
    }
}

extension InferenceError {
    static func accountNotFound(_ subdomain: String) -> InferenceError {
        InferenceError(status: 404, code: "ResourceNotFound",
                       message: "No Cognitive Services account has the custom subdomain '\(subdomain)'.")
    }

    static func deploymentNotFound() -> InferenceError {
        InferenceError(status: 404, code: "DeploymentNotFound",
                       message: "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.")
    }

    static func noModelName() -> InferenceError {
        let message = "No model specified in request. Please provide a model name in the request body or as a x-ms-model-mesh-model-name header."
        return InferenceError(status: 400, code: "no_model_name", message: message, extra: ["details": .string(message)])
    }

    static func unknownModel(_ name: String) -> InferenceError {
        InferenceError(status: 404, code: "unknown_model", message: "Unknown model: \(name)", extra: ["details": .string("Unknown model: \(name)")])
    }

    static func invalidToken() -> InferenceError {
        InferenceError(status: 401, code: "401",
                       message: "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.")
    }

    static func localAuthDisabled() -> InferenceError {
        InferenceError(status: 403, code: "AuthenticationTypeDisabled", message: "Key based authentication is disabled for this resource.")
    }

    static func publicAccessDisabled() -> InferenceError {
        InferenceError(status: 403, code: "403", message: "Public access is disabled. Please configure private endpoint.")
    }

    static func operationNotSupported(_ operation: InferenceCall.Operation, _ endpoint: InferenceEndpoint) -> InferenceError {
        InferenceError(status: 400, code: "OperationNotSupported",
                       message: "The \(operation.rawValue.replacingOccurrences(of: "_Create", with: "").lowercased()) operation does not work with the specified model, \(endpoint.modelName). Please choose different model and try again. You can learn more about which models can be used with each operation here: https://go.microsoft.com/fwlink/?linkid=2197993.")
    }
}
