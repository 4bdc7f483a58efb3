import ARM
import CeruleanJSON
import Foundation
import Hummingbird
import Inference

/// `PUT|DELETE /_cerulean/endpoints/{name}/limits|latency`: run-time per-endpoint settings;
/// DELETE returns to the configured defaults. `POST|GET|DELETE .../replies`: canned replies.
struct EndpointSettingsAdmin {
    let inference: InferenceService
    static let maximumLimit = 1_000_000_000_000
    /// Ten minutes: more would only hang the caller.
    static let maximumLatencyMs = 600_000

    /// `{"replies": [{"content": "..."}, {"toolCall": {"name": "f", "arguments": {...}}}]}`
    func replies(method: String, name: String, body: Data) throws -> Response {
        switch method {
        case "POST":
            let object = try BodyReader.object(body)
            guard let items = object["replies"]?.arrayValue, !items.isEmpty else {
                throw ARMError.invalidRequestContent("'replies' must be a non-empty array")
            }
            let replies = try items.enumerated().map { i, item -> Reply in
                let problem = ARMError.invalidRequestContent(
                    "replies[\(i)] needs either 'content' (a string) or 'toolCall' {name: a non-empty string, arguments: an object}")
                switch (item["content"], item["toolCall"]) {
                case (.string(let text)?, nil):
                    return Reply(text: text)
                case (nil, .object(let call)?):
                    guard let fn = call["name"]?.stringValue, !fn.isEmpty else { throw problem }
                    let arguments = call["arguments"] ?? .null
                    guard arguments.isNull || arguments.objectValue != nil else { throw problem }
                    return Reply(text: nil, toolCalls: [ToolCall(id: "call_canned_\(i)", name: fn,
                                                                 arguments: (arguments.isNull ? [:] : arguments).compactString)])
                default:
                    throw problem
                }
            }
            inference.canned.enqueue(replies, forEndpoint: name)
        case "DELETE":
            inference.canned.clear(endpoint: name)
            return JSONResponse.make(status: 204, body: nil)
        case "GET":
            break
        default:
            throw ARMError.methodNotAllowed(method)
        }
        return JSONResponse.make(status: 200, body: ["endpoint": .string(name), "pending": JSON(inference.canned.pending(endpoint: name))])
    }

    func respond(method: String, name: String, setting: String, body: Data) throws -> Response {
        switch method {
        case "DELETE":
            if setting == "limits" { inference.setLimits(nil, forEndpoint: name) } else { inference.setLatency(nil, forEndpoint: name) }
            return JSONResponse.make(status: 204, body: nil)
        case "PUT":
            let object = try BodyReader.object(body)
            func integer(_ key: String, minimum: Int, maximum: Int) throws -> Int {
                guard let n = object[key]?.intValue, n >= minimum, n <= maximum else {
                    throw ARMError.invalidRequestContent("'\(key)' must be an integer from \(minimum) to \(maximum)")
                }
                return n
            }
            if setting == "limits" {
                let limits = RateLimiter.Limits(tokensPerMinute: try integer("tokensPerMinute", minimum: 1, maximum: Self.maximumLimit),
                                                requestsPerMinute: try integer("requestsPerMinute", minimum: 1, maximum: Self.maximumLimit))
                inference.setLimits(limits, forEndpoint: name)
                return JSONResponse.make(status: 200, body: [
                    "endpoint": .string(name), "tokensPerMinute": JSON(limits.tokensPerMinute),
                    "requestsPerMinute": JSON(limits.requestsPerMinute),
                ])
            }
            let first = try integer("firstTokenMs", minimum: 0, maximum: Self.maximumLatencyMs)
            let perToken = try integer("perTokenMs", minimum: 0, maximum: Self.maximumLatencyMs)
            inference.setLatency(.init(firstToken: .milliseconds(first), perToken: .milliseconds(perToken)), forEndpoint: name)
            return JSONResponse.make(status: 200, body: ["endpoint": .string(name), "firstTokenMs": JSON(first), "perTokenMs": JSON(perToken)])
        default:
            throw ARMError.methodNotAllowed(method)
        }
    }
}
