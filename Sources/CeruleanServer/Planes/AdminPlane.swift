import ARM
import BundledFixtures
import Catalog
import CeruleanJSON
import Foundation
import HTTPTypes
import Hummingbird
import MachineLearning
import NIOCore

/// `/_cerulean/...`: the emulator's own API (docs/admin.md). No Azure token is needed: it is
/// served on Cerulean's own listener, which binds to localhost by default.
struct AdminPlane: Plane {
    let name = "admin"
    let health: HealthAdmin
    let state: StateAdmin
    let endpoints: EndpointSettingsAdmin
    let provisioning: ProvisioningAdmin
    let clock: ClockAdmin
    let snapshots: SnapshotAdmin
    let faults: FaultsAdmin
    let dashboard: DashboardAdmin
    /// Applies a seed file; returns how many items it applied.
    let seed: @Sendable (Data) async throws -> Int
    let journal: RequestJournal
    let metrics: Metrics
    /// The CA certificate clients must trust, served as `GET /_cerulean/ca.pem` (for CI service containers).
    var caCertificate: URL? = nil

    func owns(_ exchange: Exchange) -> Bool {
        exchange.path.hasPrefix("/_cerulean/") || exchange.path == "/_cerulean"
    }

    func respond(to exchange: Exchange) async -> Response {
        let parts = Array(exchange.segments.dropFirst())
        let method = exchange.method
        do {
            switch (method, parts) {
            case ("GET", []), ("GET", ["dashboard"]): return try await dashboard.respond()
            case ("GET", ["health"]), ("HEAD", ["health"]): return await health.respond()
            case ("GET", ["info"]): return try await state.info()
            case ("GET", ["metrics"]):
                var fields = HTTPFields()
                fields[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
                return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.text)))
            case ("POST", ["reset"]):
                let subscription = exchange.queryValue("subscription")
                if subscription?.isEmpty == true {
                    throw ARMError.invalidParameter("'subscription' must name a subscription (leave it out to reset everything).", target: "subscription")
                }
                return try await state.reset(subscription: subscription)
            case ("GET", ["requests"]):
                return JSONResponse.make(status: 200, body: journal.json(limit: try lastParameter(exchange)))
            case ("DELETE", ["requests"]):
                journal.clear()
                return JSONResponse.make(status: 204, body: nil)
            case ("POST", ["seed"]):
                let applied = try await seed(exchange.body)
                return JSONResponse.make(status: 200, body: ["applied": JSON(applied)])
            case ("GET", ["seed", "schema"]):
                return JSONResponse.make(status: 200, body: try JSONParser.parse(FixtureFiles.data("seed.schema.json")))
            case ("GET", ["ca.pem"]):
                guard let caCertificate, let pem = try? Data(contentsOf: caCertificate) else { throw ARMError(status: 404, code: "NotFound", message: "This server serves plain HTTP (--no-tls): it has no CA certificate to trust.") }
                var fields = HTTPFields()
                fields[.contentType] = "application/x-pem-file"
                return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: pem)))
            case ("GET", ["openapi.json"]):
                return JSONResponse.make(status: 200, body: try JSONParser.parse(FixtureFiles.data("admin.openapi.json")))
            case ("GET", ["snapshots"]): return try snapshots.list()
            case ("POST", let p) where p.count == 2 && p[0] == "snapshots": return try await snapshots.save(p[1])
            case ("POST", let p) where p.count == 3 && p[0] == "snapshots" && p[2] == "restore": return try await snapshots.restore(p[1])
            case ("GET", ["provisioning"]): return provisioning.get()
            case ("PUT", ["provisioning"]): return try provisioning.put(exchange.body)
            case ("POST", ["clock", "advance"]): return try clock.advance(exchange.body)
            case ("GET", ["clock"]): return clock.get()
            case (_, ["faults"]): return try faults.respond(method: method, body: exchange.body)
            case (_, let p) where p.count == 3 && p[0] == "endpoints" && p[2] == "replies":
                return try endpoints.replies(method: method, name: p[1], body: exchange.body)
            case (_, let p) where p.count == 3 && p[0] == "endpoints" && ["limits", "latency"].contains(p[2]):
                return try endpoints.respond(method: method, name: p[1], setting: p[2], body: exchange.body)
            case (_, let p) where AdminRoutes.allowedMethods(p) != nil:
                throw ARMError.methodNotAllowed(method)
            default:
                throw ARMError.pathNotFound(exchange.path)
            }
        } catch let error as ARMError {
            let allow = error.status == 405 ? AdminRoutes.allowedMethods(parts).map { [("Allow", $0)] } ?? [] : []
            return JSONResponse.make(status: error.status, headers: allow, body: error.envelope)
        } catch {
            return JSONResponse.make(status: 500, body: ARMError.internalError("\(error)").envelope)
        }
    }

    /// `?last=N` of the journal: absent, or a whole number.
    private func lastParameter(_ exchange: Exchange) throws -> Int? {
        guard let text = exchange.queryValue("last") else { return nil }
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw ARMError.invalidParameter("'last' must be a non-negative integer.", target: "last")
        }
        return Int(text) ?? Int.max  // more than the journal holds: all of it
    }
}

extension Exchange {
    func queryValue(_ name: String) -> String? {
        query.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}
