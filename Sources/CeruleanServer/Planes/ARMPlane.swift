import ARM
import Hummingbird

/// The Azure Resource Manager routes: `/subscriptions...`, `/tenants`, and the tenant-root
/// extension routes `/providers/Microsoft.Authorization/...`.
struct ARMPlane: Plane {
    let name = "arm"
    let engine: ARMEngine

    func owns(_ exchange: Exchange) -> Bool {
        let lower = exchange.path.lowercased()
        return lower == "/subscriptions" || lower.hasPrefix("/subscriptions/") || lower == "/tenants"
            || lower.hasPrefix("/subscriptions?") || lower.hasPrefix("/providers/microsoft.authorization/")
    }

    func respond(to exchange: Exchange) async -> Response {
        var request = ARMRequest(
            method: exchange.method, path: exchange.path, query: exchange.query, headers: exchange.headers,
            body: exchange.body.isEmpty ? nil : exchange.body, baseURL: exchange.baseURL)
        request.fromClient = true
        if case .provisioningFailure(let code, let message) = exchange.planeFault {
            request.provisioningOutcome = .fail(code: code, message: message)
        }
        let answer = await engine.handle(request)
        return JSONResponse.make(status: answer.status, headers: answer.headers, body: answer.body)
    }
}
