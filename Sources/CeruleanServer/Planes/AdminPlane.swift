import ARM
import CeruleanJSON
import Hummingbird
import Inference
import Store

/// `/_cerulean/...`: the emulator's own API. No Azure token is needed: it is served only on
/// Cerulean's own listener (see docs/admin.md).
/// - `GET /_cerulean/health`
/// - `PUT|DELETE /_cerulean/endpoints/{name}/limits` `{"tokensPerMinute":N,"requestsPerMinute":N}`
/// - `PUT|DELETE /_cerulean/endpoints/{name}/latency` `{"firstTokenMs":N,"perTokenMs":N}`
struct AdminPlane: Plane {
    let store: Store
    let inference: InferenceService
    let version: String
    let databaseCheck: DatabaseCheck

    func owns(_ exchange: Exchange) -> Bool {
        exchange.path.hasPrefix("/_cerulean/") || exchange.path == "/_cerulean"
    }

    func respond(to exchange: Exchange) async -> Response {
        let parts = exchange.path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        do {
            switch (exchange.method, parts.dropFirst().first) {
            case ("GET", "health"?), ("HEAD", "health"?) where parts.count == 2:
                return await health()
            case (_, "endpoints"?) where parts.count == 4 && ["limits", "latency"].contains(parts[3]):
                return try endpointSetting(exchange, name: parts[2], setting: parts[3])
            case (_, "health"?) where parts.count == 2:
                throw ARMError.methodNotAllowed(exchange.method)
            default:
                throw ARMError.pathNotFound(exchange.path)
            }
        } catch let error as ARMError {
            return JSONResponse.make(status: error.status, body: error.envelope)
        } catch {
            return JSONResponse.make(status: 500, body: ARMError.internalError("\(error)").envelope)
        }
    }

    /// 200 while the database answers a query (checked at most once a second); 503 otherwise.
    private func health() async -> Response {
        switch await databaseCheck.result() {
        case .success(let count):
            return JSONResponse.make(status: 200, body: [
                "status": "ok", "version": .string(version), "database": "ok", "resources": JSON(count),
            ])
        case .failure(let error):
            return JSONResponse.make(status: 503, body: [
                "status": "unavailable", "version": .string(version), "database": .string("\(error)"),
            ])
        }
    }

    /// Run-time per-endpoint limits and latency (by endpoint name); DELETE returns to the defaults.
    private func endpointSetting(_ exchange: Exchange, name: String, setting: String) throws -> Response {
        switch exchange.method {
        case "DELETE":
            if setting == "limits" { inference.setLimits(nil, forEndpoint: name) } else { inference.setLatency(nil, forEndpoint: name) }
            return JSONResponse.make(status: 204, body: nil)
        case "PUT":
            let body = try BodyReader.object(exchange.body)
            func positive(_ key: String, minimum: Int) throws -> Int {
                guard let n = body[key]?.intValue, n >= minimum else {
                    throw ARMError.invalidRequestContent("'\(key)' must be an integer of at least \(minimum)")
                }
                return n
            }
            if setting == "limits" {
                let limits = RateLimiter.Limits(tokensPerMinute: try positive("tokensPerMinute", minimum: 1),
                                                requestsPerMinute: try positive("requestsPerMinute", minimum: 1))
                inference.setLimits(limits, forEndpoint: name)
                return JSONResponse.make(status: 200, body: [
                    "endpoint": .string(name), "tokensPerMinute": JSON(limits.tokensPerMinute),
                    "requestsPerMinute": JSON(limits.requestsPerMinute),
                ])
            }
            let first = try positive("firstTokenMs", minimum: 0), perToken = try positive("perTokenMs", minimum: 0)
            inference.setLatency(.init(firstToken: .milliseconds(first), perToken: .milliseconds(perToken)), forEndpoint: name)
            return JSONResponse.make(status: 200, body: ["endpoint": .string(name), "firstTokenMs": JSON(first), "perTokenMs": JSON(perToken)])
        default:
            throw ARMError.methodNotAllowed(exchange.method)
        }
    }
}
