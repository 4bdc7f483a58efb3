import ARM
import Billing
import CeruleanJSON
import Foundation
import Hummingbird
import Inference
import MachineLearning
import Store

/// `POST /_cerulean/reset[?subscription=ID]` and `GET /_cerulean/info`.
struct StateAdmin {
    let store: Store
    let engine: ARMEngine
    let inference: InferenceService
    let meter: UsageMeter
    let configuration: ServerConfiguration
    let version: String

    /// Deletes every resource, operation and key (or one subscription's resources); the default
    /// subscription and the CA stay. Rate-limit windows start afresh.
    func reset(subscription: String?) async throws -> Response {
        if let subscription {
            try await meter.flush()
            let removed = try await store.write { tx in
                try tx.deleteUsage(subscriptionKey: subscription.lowercased())
                return try tx.deleteResources(subscriptionKey: subscription.lowercased())
            }
            inference.resetRateLimits()
            return JSONResponse.make(status: 200, body: ["reset": .string(subscription), "resourcesDeleted": JSON(removed)])
        }
        let count = try await store.read { tx in try tx.resourceCount() }
        try store.eraseAll()
        meter.discardPending()
        try await engine.bootstrap()
        inference.resetRateLimits()
        return JSONResponse.make(status: 200, body: ["reset": "all", "resourcesDeleted": JSON(count)])
    }

    func info() async throws -> Response {
        let (resources, endpoints) = try await store.read { tx in
            (try tx.resourceCount(),
             try tx.resources(typeKey: MachineLearningProvider.serverlessEndpointType.lowercased()).count)
        }
        return JSONResponse.make(status: 200, body: [
            "version": .string(version),
            "dataDirectory": .string(configuration.dataDirectory.path),
            "storage": configuration.inMemory ? "memory" : .string(configuration.databasePath.path),
            "tls": .bool(configuration.tls),
            "auth": configuration.strictAuth ? "strict" : "lenient",
            "publicUrl": JSON(configuration.publicURL),
            "subscriptionId": .string(configuration.arm.defaultSubscriptionID),
            "tenantId": .string(configuration.arm.tenantID),
            "clock": engine.clock is ManualClock ? "manual" : "system",
            "counts": ["resources": JSON(resources), "serverlessEndpoints": JSON(endpoints)],
        ])
    }
}
