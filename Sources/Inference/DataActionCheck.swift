/// Who a verified Entra token names, as strict mode's data-action check and its refusal need it.
public struct TokenPrincipal: Sendable, Equatable {
    /// The object id role assignments name.
    public var objectID: String
    /// How refusals name the caller: the sign-in name for users, the object id otherwise.
    public var displayName: String

    public init(objectID: String, displayName: String) {
        self.objectID = objectID
        self.displayName = displayName
    }
}

/// The permission one data-plane request needs: the action, whether roles grant it through their
/// `dataActions` (accounts) or their `actions` (online endpoints' `score/action`, which Owner,
/// Contributor and AzureML Data Scientist hold), and the operation as refusals spell it: the
/// route template (`POST /openai/deployments/{deployment-id}/chat/completions`), not the URL.
public struct DataPermission: Sendable, Equatable {
    public var action: String
    public var isDataAction: Bool
    public var operation: String

    public init(action: String, isDataAction: Bool, operation: String) {
        self.action = action
        self.isDataAction = isDataAction
        self.operation = operation
    }

    static let accounts = "Microsoft.CognitiveServices/accounts/"
    static let onlineScore = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/score/action"

    /// An account deployment's route: Azure OpenAI's deployment actions for the `openai/` routes
    /// (the `/openai/v1` form addresses the same deployments), the `MaaS` actions for the model
    /// inference routes (`models/...`), as the built-in roles and Azure's docs name them.
    static func account(_ call: InferenceCall) -> DataPermission {
        let verb: String, path: String
        switch call.operation {
        case .chatCompletions: (verb, path) = ("chat/completions/action", "chat/completions")
        case .completions: (verb, path) = ("completions/action", "completions")
        case .embeddings: (verb, path) = ("embeddings/action", "embeddings")
        default: (verb, path) = ("info/read", "info")
        }
        switch call.style {
        case .azureOpenAI:
            return DataPermission(action: accounts + "OpenAI/deployments/" + verb, isDataAction: true,
                                  operation: "POST /openai/deployments/{deployment-id}/\(path)")
        case .openAIv1:
            return DataPermission(action: accounts + "OpenAI/deployments/" + verb, isDataAction: true, operation: "POST /openai/v1/\(path)")
        case .modelInference:
            return DataPermission(action: accounts + "MaaS/" + verb, isDataAction: true,
                                  operation: "\(call.operation == .info ? "GET" : "POST") /models/\(path)")
        }
    }

    /// An online endpoint's route (every route scores, `swagger.json` included).
    static func online(_ call: InferenceCall) -> DataPermission {
        let path: String
        switch call.operation {
        case .chatCompletions: path = "POST /v1/chat/completions"
        case .completions: path = "POST /v1/completions"
        case .swagger: path = "GET /swagger.json"
        default: path = "POST /score"
        }
        return DataPermission(action: onlineScore, isDataAction: false, operation: path)
    }
}

/// Strict mode's check of Entra-authenticated data-plane requests (the server plugs the role
/// assignments in; without one, lenient mode, a valid token may call anything). Key-authenticated
/// requests never reach it.
public protocol DataActionCheck: Sendable {
    /// Whether `principal`'s roles at `scope` (the account's or endpoint's ARM id) or above grant `permission`.
    func allows(_ principal: TokenPrincipal, _ permission: DataPermission, at scope: String) async throws -> Bool
}

extension InferenceService {
    /// Asks the check, if there is one; a refusal is the data plane's 401 `PermissionDenied`.
    func checkDataAction(_ principal: TokenPrincipal, _ permission: DataPermission, at scope: String) async throws {
        guard let dataActions, !(try await dataActions.allows(principal, permission, at: scope)) else { return }
        throw InferenceError.permissionDenied(principal, permission)
    }
}

extension InferenceError {
    /// The body Azure OpenAI and AI Services send (reference §3.4): the principal, the action and
    /// the operation in backticks, and no `status` member. Online endpoints answer in the same
    /// shape (Azure's is not documented), saying "action" as `score/action` is not a data action.
    static func permissionDenied(_ principal: TokenPrincipal, _ permission: DataPermission) -> InferenceError {
        var error = InferenceError(status: 401, code: "PermissionDenied",
                                   message: "The principal `\(principal.displayName)` lacks the required \(permission.isDataAction ? "data action" : "action") `\(permission.action)` to perform `\(permission.operation)` operation.")
        error.includesStatus = false
        return error
    }
}
