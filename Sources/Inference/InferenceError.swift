import CeruleanJSON

/// A data-plane error: `{"error": {"code", "message", "status", ...}}` plus `x-ms-error-code`.
public struct InferenceError: Error, Sendable {
    public var status: Int
    public var code: String
    public var message: String
    public var param: String?
    /// Members added to the error object (`detail`, `innererror`, `type`).
    public var extra: JSONObject
    public var headers: [(String, String)]
    /// Whether the error object carries `status` (Azure's `PermissionDenied` body does not).
    public var includesStatus = true

    public init(status: Int, code: String, message: String, param: String? = nil, extra: JSONObject = [:],
                headers: [(String, String)] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.param = param
        self.extra = extra
        self.headers = headers
    }

    public var response: InferenceResponse {
        var error: JSONObject = ["code": .string(code), "message": .string(message)]
        if includesStatus { error["status"] = JSON(status) }
        if let param { error["param"] = .string(param) }
        for (k, v) in extra { error[k] = v }
        return InferenceResponse(status: status, headers: headers + [("x-ms-error-code", code)],
                                 body: .json(.object(["error": .object(error)])))
    }

    // MARK: The cases

    static func unauthorized(_ style: InferenceCall.Style) -> InferenceError {
        if style == .azureOpenAI {
            return InferenceError(status: 401, code: "401",
                message: "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.")
        }
        return InferenceError(status: 401, code: "Unauthorized", message: "Access token is missing or invalid")
    }

    static func endpointNotFound(_ name: String, _ style: InferenceCall.Style) -> InferenceError {
        if style == .azureOpenAI {
            return InferenceError(status: 404, code: "DeploymentNotFound",
                message: "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again. (No serverless endpoint named '\(name)'.)")
        }
        return InferenceError(status: 404, code: "EndpointNotFound", message: "No serverless endpoint named '\(name)' exists here.")
    }

    static func notReady(_ name: String, state: String) -> InferenceError {
        InferenceError(status: 409, code: "EndpointNotReady",
                       message: "The serverless endpoint '\(name)' cannot take requests while it is \(state); try again when its provisioning has succeeded.")
    }

    static func deleting(_ name: String) -> InferenceError {
        InferenceError(status: 404, code: "EndpointNotFound", message: "The serverless endpoint '\(name)' is being deleted.")
    }

    static func unhealthy(_ endpoint: InferenceEndpoint, state: String) -> InferenceError {
        InferenceError(status: 403, code: "EndpointUnhealthy",
                       message: "The serverless endpoint '\(endpoint.name)' is Unhealthy (\(state)): the marketplace subscription for the model '\(endpoint.modelID)' was deleted. Re-create the subscription in the workspace to use the endpoint again.")
    }

    static func modality() -> InferenceError {
        InferenceError(status: 404, code: "NotFound", message: "Modality not supported by the model")
    }

    static func missingAPIVersion() -> InferenceError {
        InferenceError(status: 400, code: "MissingApiVersionParameter",
                       message: "The api-version query parameter (?api-version=) is required for all requests.", param: "api-version")
    }

    static func unsupportedAPIVersion(_ version: String) -> InferenceError {
        InferenceError(status: 400, code: "UnsupportedApiVersion",
                       message: "The api-version '\(version)' is not supported; use a dated version such as 2024-05-01-preview or later.", param: "api-version")
    }

    static func badRequest(_ message: String, param: String?) -> InferenceError {
        InferenceError(status: 400, code: "invalid_request", message: message, param: param,
                       extra: ["type": "invalid_request_error"])
    }

    /// 422 as documented: "One of the parameters contain invalid values." with the offending members.
    static func unprocessable(_ items: [(name: String, value: JSON)], code: String = "parameter_not_supported") -> InferenceError {
        InferenceError(status: 422, code: code, message: "One of the parameters contain invalid values.",
                       extra: ["detail": .array(items.map { ["loc": ["body", .string($0.name)], "input": $0.value] })])
    }

    static func methodNotAllowed(_ method: String) -> InferenceError {
        InferenceError(status: 405, code: "MethodNotAllowed", message: "The route does not support http method '\(method)'.")
    }
}
