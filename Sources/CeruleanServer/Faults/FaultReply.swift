import ARM
import CeruleanJSON
import Foundation
import Hummingbird
import Inference

/// The answer of a `status` fault, in the shape of the plane it stands in for: ARM's error
/// envelope, the data plane's `{"error": {code, message, status}}` (429 as the rate limiter
/// words it) or an OAuth error. 429 and 503 carry `Retry-After` (1 second unless the rule says).
enum FaultReply {
    static func response(status: Int, code: String?, message: String?, retryAfter: Int?, target: FaultTarget) -> Response {
        let seconds = retryAfter ?? ([429, 503].contains(status) ? 1 : nil)
        var headers: [(String, String)] = seconds.map { [("Retry-After", String($0))] } ?? []
        let note = "(fault injected by Cerulean)"
        switch target.plane {
        case .arm:
            let error = ARMError(status: status, code: code ?? armCode(status),
                                 message: message ?? "\(defaultMessage(status)) \(note)")
            headers += [("x-ms-failure-cause", "service"), ("Cache-Control", "no-cache")]
            return JSONResponse.make(status: status, headers: headers, body: error.envelope)
        case .inference:
            var message = message ?? "\(defaultMessage(status)) \(note)"
            if status == 429, let seconds {
                headers.append(("retry-after-ms", String(seconds * 1000)))
                if code == nil {
                    message = "Requests to the \(target.operation) Operation have exceeded call rate limit of your current pricing tier. Please retry after \(seconds) second\(seconds == 1 ? "" : "s"). \(note)"
                }
            }
            let error = InferenceError(status: status, code: code ?? (status == 429 ? "429" : armCode(status)), message: message,
                                       headers: headers)
            let answer = error.response
            guard case .json(let body) = answer.body else { return JSONResponse.make(status: status, body: nil) }
            return JSONResponse.make(status: status, headers: answer.headers, body: body)
        case .identity:
            let oauthCode = code ?? (status >= 500 || status == 429 ? "temporarily_unavailable" : "invalid_request")
            return JSONResponse.make(status: status, headers: headers, body: [
                "error": .string(oauthCode),
                "error_description": .string("AADSTS90033: \(message ?? defaultMessage(status)) \(note)"),
                "error_codes": [90033], "timestamp": .string(ARMTime.string(Date())),
            ])
        }
    }

    static func armCode(_ status: Int) -> String {
        switch status {
        case 400: "BadRequest"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "NotFound"
        case 408: "RequestTimeout"
        case 409: "Conflict"
        case 429: "TooManyRequests"
        case 500: "InternalServerError"
        case 502: "BadGateway"
        case 503: "ServiceUnavailable"
        case 504: "GatewayTimeout"
        default: status >= 500 ? "InternalServerError" : "BadRequest"
        }
    }

    static func defaultMessage(_ status: Int) -> String {
        switch status {
        case 429: "Too many requests; retry after the time given in Retry-After."
        case 503: "The service is temporarily unavailable; retry after the time given in Retry-After."
        case 500: "Encountered internal server error."
        case 502, 504: "The gateway did not get a timely answer from the service."
        default: "The request failed."
        }
    }
}
