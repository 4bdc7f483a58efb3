import ARM
import CeruleanJSON
import Hummingbird
import Store

/// `/_cerulean/...`: the emulator's own API (health now; more as the toolkit grows).
struct AdminPlane: Plane {
    let store: Store
    let version: String

    func owns(_ exchange: Exchange) -> Bool {
        exchange.path.hasPrefix("/_cerulean/") || exchange.path == "/_cerulean"
    }

    func respond(to exchange: Exchange) async -> Response {
        switch (exchange.method, exchange.path) {
        case ("GET", "/_cerulean/health"), ("HEAD", "/_cerulean/health"):
            return await health()
        case (_, "/_cerulean/health"):
            return JSONResponse.make(status: 405, body: ARMError.methodNotAllowed(exchange.method).envelope)
        default:
            return JSONResponse.make(status: 404, body: ARMError.pathNotFound(exchange.path).envelope)
        }
    }

    /// 200 while the database answers a query; 503 otherwise.
    private func health() async -> Response {
        do {
            let count = try await store.read { tx in try tx.resourceCount() }
            return JSONResponse.make(status: 200, body: [
                "status": "ok", "version": .string(version), "database": "ok", "resources": JSON(count),
            ])
        } catch {
            return JSONResponse.make(status: 503, body: [
                "status": "unavailable", "version": .string(version), "database": .string("\(error)"),
            ])
        }
    }
}
