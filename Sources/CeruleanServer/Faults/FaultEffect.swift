import ARM
import CeruleanJSON

/// What a fault rule does to a request it fires on (docs/admin.md#faults).
enum FaultEffect: Sendable, Equatable {
    /// Answer at once with this status and the plane's error shape; nothing else happens.
    case status(Int, code: String?, message: String?, retryAfterSeconds: Int?)
    /// Wait this long, then handle the request as usual.
    case latency(milliseconds: Int)
    /// Close the connection without sending a byte of the response.
    case dropConnection
    /// Send the head and this many server-sent events of a streamed chat answer, then close the
    /// connection (no `data: [DONE]`, no end of the chunked body).
    case cutStream(afterEvents: Int)
    /// The ARM operation the request starts (a PUT of a provider resource) ends `Failed` with this error.
    case provisioningFailure(code: String, message: String)

    static let kinds = ["status", "latency", "dropConnection", "cutStream", "provisioningFailure"]

    /// Parses `{"kind": ..., ...}`; `at` names the member in error messages.
    init(parsing json: JSON?, at path: String) throws {
        guard let object = json?.objectValue else {
            throw ARMError.invalidRequestContent("'\(path)' must be an object with a 'kind'")
        }
        func integer(_ key: String, in range: ClosedRange<Int>, default value: Int? = nil) throws -> Int? {
            guard let member = object[key], !member.isNull else { return value }
            guard let n = member.intValue, range.contains(n) else {
                throw ARMError.invalidRequestContent("'\(path).\(key)' must be an integer from \(range.lowerBound) to \(range.upperBound)")
            }
            return n
        }
        func text(_ key: String) throws -> String? {
            guard let member = object[key], !member.isNull else { return nil }
            guard let s = member.stringValue, !s.isEmpty, s.count <= 1000 else {
                throw ARMError.invalidRequestContent("'\(path).\(key)' must be a non-empty string of at most 1000 characters")
            }
            return s
        }
        switch object["kind"]?.stringValue {
        case "status":
            guard let status = try integer("status", in: 400...599) else {
                throw ARMError.invalidRequestContent("'\(path).status' is required: an HTTP status from 400 to 599")
            }
            let code = try text("code")
            if let code, !Self.isCode(code) {
                throw ARMError.invalidRequestContent("'\(path).code' must be letters, digits, '.' or '_'")
            }
            self = .status(status, code: code, message: try text("message"), retryAfterSeconds: try integer("retryAfter", in: 0...3600))
        case "latency":
            guard let ms = try integer("ms", in: 0...60_000) else {
                throw ARMError.invalidRequestContent("'\(path).ms' is required: milliseconds from 0 to 60000")
            }
            self = .latency(milliseconds: ms)
        case "dropConnection":
            self = .dropConnection
        case "cutStream":
            self = .cutStream(afterEvents: try integer("afterEvents", in: 0...100_000, default: 1) ?? 1)
        case "provisioningFailure":
            guard let code = try text("code"), Self.isCode(code) else {
                throw ARMError.invalidRequestContent("'\(path).code' is required: an error code of letters, digits, '.' or '_'")
            }
            self = .provisioningFailure(code: code, message: try text("message") ?? "The operation failed (fault injected by Cerulean).")
        default:
            throw ARMError.invalidRequestContent("'\(path).kind' must be one of \(Self.kinds.joined(separator: ", "))")
        }
    }

    private static func isCode(_ s: String) -> Bool {
        s.count <= 100 && s.first?.isLetter == true && s.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "." || $0 == "_" }
    }

    var json: JSON {
        switch self {
        case .status(let status, let code, let message, let retryAfter):
            var o: JSONObject = ["kind": "status", "status": JSON(status)]
            if let code { o["code"] = .string(code) }
            if let message { o["message"] = .string(message) }
            if let retryAfter { o["retryAfter"] = JSON(retryAfter) }
            return .object(o)
        case .latency(let ms): return ["kind": "latency", "ms": JSON(ms)]
        case .dropConnection: return ["kind": "dropConnection"]
        case .cutStream(let n): return ["kind": "cutStream", "afterEvents": JSON(n)]
        case .provisioningFailure(let code, let message):
            return ["kind": "provisioningFailure", "code": .string(code), "message": .string(message)]
        }
    }
}
