import CeruleanJSON
import Foundation

/// An error ARM reports: an HTTP status and the `{"error": {code, message, target, details, additionalInfo}}` envelope.
public struct ARMError: Error, Sendable, Equatable {
    public var status: Int
    public var code: String
    public var message: String
    public var target: String?
    public var details: [ARMError]
    /// Extra response headers (e.g. `WWW-Authenticate` on 401).
    public var headers: [(String, String)]
    /// `additionalInfo` entries (`{"type": "TemplateViolation", "info": {...}}`).
    public var additionalInfo: [JSON] = []

    public init(status: Int, code: String, message: String, target: String? = nil, details: [ARMError] = [],
                headers: [(String, String)] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.target = target
        self.details = details
        self.headers = headers
    }

    public static func == (lhs: ARMError, rhs: ARMError) -> Bool {
        lhs.status == rhs.status && lhs.code == rhs.code && lhs.message == rhs.message && lhs.target == rhs.target
            && lhs.details == rhs.details
    }

    /// The inner `ErrorDetail` object.
    public var detail: JSON {
        .object([
            "code": .string(code),
            "message": .string(message),
            "target": JSON(target),
            "details": .array(details.map(\.detail)),
            "additionalInfo": .array(additionalInfo),
        ])
    }

    /// The full response body.
    public var envelope: JSON { .object(["error": detail]) }

    /// Reads an `ErrorDetail` object back (its status is not part of it: 400).
    public init?(detail: JSON) {
        guard let code = detail["code"]?.stringValue else { return nil }
        self.init(status: 400, code: code, message: detail["message"]?.stringValue ?? code,
                  target: detail["target"]?.stringValue,
                  details: (detail["details"]?.arrayValue ?? []).compactMap(ARMError.init(detail:)))
    }
}

extension ARMError: CustomStringConvertible {
    public var description: String { "\(code): \(message)" }
}

// MARK: - The standard codes

extension ARMError {
    public static func authenticationMissing() -> ARMError {
        ARMError(
            status: 401, code: "AuthenticationFailed",
            message: "Authentication failed. The 'Authorization' header is missing.",
            headers: [bearerChallenge("The authentication failed because of missing 'Authorization' header.")])
    }

    public static func authenticationInvalidScheme() -> ARMError {
        ARMError(
            status: 401, code: "AuthenticationFailed",
            message: "Authentication failed. The 'Authorization' header is provided in an invalid format.")
    }

    public static func invalidToken() -> ARMError {
        ARMError(status: 401, code: "InvalidAuthenticationToken", message: "The access token is invalid.",
                 headers: [bearerChallenge("The access token is invalid.")])
    }

    public static func expiredToken(expiry: Date, now: Date) -> ARMError {
        ARMError(status: 401, code: "ExpiredAuthenticationToken",
                 message: "The access token expiry UTC time '\(ARMTime.string(expiry))' is earlier than current UTC time '\(ARMTime.string(now))'.",
                 headers: [bearerChallenge("The access token expiry UTC time is earlier than current UTC time.")])
    }

    public static func wrongAudience(_ audience: String, allowed: [String]) -> ARMError {
        ARMError(status: 401, code: "InvalidAuthenticationTokenAudience",
                 message: "The access token has been obtained from wrong audience or resource '\(audience)'. It should exactly match (including forward slash) with one of the allowed audiences \(allowed.map { "'\($0)'" }.joined(separator: ",")).",
                 headers: [bearerChallenge("The access token is from the wrong audience or resource.")])
    }

    /// A token whose `nbf` (not before) is still to come.
    public static func tokenNotYetValid(notBefore: Date, now: Date) -> ARMError {
        ARMError(status: 401, code: "InvalidAuthenticationToken",
                 message: "The access token is not valid yet: its 'nbf' UTC time '\(ARMTime.string(notBefore))' is later than current UTC time '\(ARMTime.string(now))'.",
                 headers: [bearerChallenge("The access token is not yet valid.")])
    }

    /// The `WWW-Authenticate` header ARM sends with a 401.
    static func bearerChallenge(_ description: String) -> (String, String) {
        ("WWW-Authenticate",
         "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", error=\"invalid_token\", error_description=\"\(description)\"")
    }

    public static func missingAPIVersion() -> ARMError {
        ARMError(
            status: 400, code: "MissingApiVersionParameter",
            message: "The api-version query parameter (?api-version=) is required for all requests.")
    }

    public static func subscriptionNotFound(_ id: String) -> ARMError {
        ARMError(status: 404, code: "SubscriptionNotFound", message: "The subscription '\(id)' could not be found.")
    }

    public static func resourceGroupNotFound(_ name: String) -> ARMError {
        ARMError(status: 404, code: "ResourceGroupNotFound", message: "Resource group '\(name)' could not be found.")
    }

    public static func resourceNotFound(_ id: ResourceID) -> ARMError {
        let typeAndName = ([id.namespace ?? ""] + id.segments.map(\.type)).joined(separator: "/") + "/"
            + id.segments.map(\.name).joined(separator: "/")
        let group = id.resourceGroup.map { " under resource group '\($0)'" } ?? ""
        return ARMError(
            status: 404, code: "ResourceNotFound",
            message: "The Resource '\(typeAndName)'\(group) was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix")
    }

    public static func parentResourceNotFound(_ child: ResourceID, parent: ResourceID) -> ARMError {
        let parentTypeAndName = ([parent.namespace ?? ""] + parent.segments.map(\.type)).joined(separator: "/") + "/"
            + parent.segments.map(\.name).joined(separator: "/")
        return ARMError(
            status: 404, code: "ParentResourceNotFound",
            message: "Can not perform requested operation on nested resource. Parent resource '\(parent.segments.map(\.name).joined(separator: "/"))' not found.",
            target: parentTypeAndName)
    }

    public static func noRegisteredProvider(type: String, apiVersion: String, location: String? = nil) -> ARMError {
        ARMError(
            status: 400, code: "NoRegisteredProviderFound",
            message: "No registered resource provider found for location '\(location ?? "global")' and API version '\(apiVersion)' for type '\(type)'.")
    }

    public static func invalidResourceName(_ name: String, type: String, rule: String) -> ARMError {
        ARMError(
            status: 400, code: "InvalidResourceName",
            message: "The resource name '\(name)' is invalid for type '\(type)'. \(rule)", target: "name")
    }

    public static func invalidRequestContent(_ reason: String) -> ARMError {
        ARMError(
            status: 400, code: "InvalidRequestContent",
            message: "The request content was invalid and could not be deserialized: '\(reason)'.")
    }

    /// A required body member is absent (or null).
    public static func missingProperty(_ path: String) -> ARMError {
        ARMError(status: 400, code: "InvalidRequestContent",
                 message: "The request content was invalid and could not be deserialized: 'Required property '\(path)' is missing'.",
                 target: path)
    }

    public static func invalidParameter(_ message: String, target: String? = nil) -> ARMError {
        ARMError(status: 400, code: "InvalidParameter", message: message, target: target)
    }

    public static func locationRequired() -> ARMError {
        ARMError(
            status: 400, code: "LocationRequired",
            message: "The location property is required for this definition.", target: "location")
    }

    public static func methodNotAllowed(_ method: String) -> ARMError {
        ARMError(
            status: 405, code: "MethodNotAllowed",
            message: "The requested resource does not support http method '\(method)'.")
    }

    public static func payloadTooLarge(limitBytes: Int) -> ARMError {
        ARMError(
            status: 413, code: "RequestEntityTooLarge",
            message: "The request content size exceeds the maximum size of \(limitBytes / 1_048_576) MB.")
    }

    public static func pathNotFound(_ path: String) -> ARMError {
        ARMError(status: 404, code: "NotFound", message: "The requested path '\(path)' was not found.")
    }

    public static func preconditionFailed(_ id: ResourceID) -> ARMError {
        ARMError(
            status: 412, code: "PreconditionFailed",
            message: "The condition specified using HTTP conditional header(s) is not met for resource '\(id.string)'.")
    }

    public static func conflict(_ code: String = "Conflict", _ message: String) -> ARMError {
        ARMError(status: 409, code: code, message: message)
    }

    public static func internalError(_ message: String) -> ARMError {
        ARMError(status: 500, code: "InternalServerError", message: message)
    }
}
