import CeruleanJSON
import Foundation

/// A refused Microsoft Graph request, in Graph's JSON shape
/// `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`:
/// az reads `error.message` of every failure and crashes on a body that is not JSON.
public struct GraphError: Error, Sendable {
    public let status: Int
    public let code: String
    public let message: String

    public init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public func body(requestID: String, clientRequestID: String?, now: Date) -> JSON {
        var inner: JSONObject = ["date": .string(GraphTime.string(now)), "request-id": .string(requestID)]
        inner["client-request-id"] = .string(clientRequestID ?? requestID)
        return ["error": ["code": .string(code), "message": .string(message), "innerError": .object(inner)]]
    }

    static func notFound(_ id: String) -> GraphError {
        GraphError(status: 404, code: "Request_ResourceNotFound",
                   message: "Resource '\(id)' does not exist or one of its queried reference-property objects are not present.")
    }

    static func badRequest(_ message: String) -> GraphError {
        GraphError(status: 400, code: "Request_BadRequest", message: message)
    }

    static func unsupportedQuery(_ property: String, resource: String) -> GraphError {
        GraphError(status: 400, code: "Request_UnsupportedQuery",
                   message: "Unsupported or invalid query filter clause specified for property '\(property)' of resource '\(resource)'.")
    }

    public static func noRoute(_ method: String, _ path: String) -> GraphError {
        GraphError(status: 400, code: "BadRequest", message: "Resource not found for the segment '\(path.split(separator: "/").last.map(String.init) ?? path)'.")
    }

    public static let tokenMissing = GraphError(status: 401, code: "InvalidAuthenticationToken", message: "Access token is empty.")
    public static func tokenInvalid(_ why: String) -> GraphError {
        GraphError(status: 401, code: "InvalidAuthenticationToken", message: "Access token validation failure. \(why)")
    }
}

/// Graph's timestamps: ISO 8601, UTC, whole seconds (`2026-12-02T05:00:00Z`).
enum GraphTime {
    static func string(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
