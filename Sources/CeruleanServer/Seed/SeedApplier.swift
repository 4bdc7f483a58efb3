import ARM
import CeruleanJSON
import Foundation
import Inference

/// Applies a seed file through the same ARM engine and rules as any client (a seed cannot do
/// what the API refuses). Idempotent: applying it again changes nothing. Seeded resources are
/// finished at once, whatever the provisioning policy.
struct SeedApplier {
    let engine: ARMEngine
    let inference: InferenceService
    /// What the seed's ARM calls carry (a token Cerulean issued, so strict mode accepts it too).
    let authorization: String

    struct Summary: Sendable {
        var applied = 0
        var json: JSON { ["applied": JSON(applied)] }
    }

    func apply(_ seed: SeedFile) async throws -> Summary {
        var summary = Summary()
        let defaultSub = engine.settings.defaultSubscriptionID
        for s in seed.subscriptions {
            try await engine.addSubscription(s.id, displayName: s.displayName)
            summary.applied += 1
        }
        func group(_ sub: String?, _ rg: String) -> String { "/subscriptions/\(sub ?? defaultSub)/resourceGroups/\(rg)" }
        func ml(_ sub: String?, _ rg: String, _ ws: String) -> String {
            group(sub, rg) + "/providers/Microsoft.MachineLearningServices/workspaces/\(ws)"
        }
        for g in seed.groups {
            try await put(group(g.subscription, g.name), ["location": .string(g.location), "tags": .object(g.tags)])
            summary.applied += 1
        }
        for w in seed.workspaces.sorted(by: { ($0.kind == "Hub" ? 0 : 1) < ($1.kind == "Hub" ? 0 : 1) }) {
            var body: JSONObject = ["location": .string(w.location), "kind": .string(w.kind)]
            if let hub = w.hub { body["properties"] = ["hubResourceId": .string(ml(w.subscription, w.group, hub))] }
            try await put(ml(w.subscription, w.group, w.name), body)
            summary.applied += 1
        }
        for m in seed.marketplaceSubscriptions {
            try await put(ml(m.subscription, m.group, m.workspace) + "/marketplaceSubscriptions/\(m.name)",
                          ["properties": ["modelId": .string(m.modelID)]])
            summary.applied += 1
        }
        for e in seed.endpoints {
            let id = ml(e.subscription, e.group, e.workspace) + "/serverlessEndpoints/\(e.name)"
            var location = e.location ?? ""
            if e.location == nil { location = try await workspaceLocation(ml(e.subscription, e.group, e.workspace)) }
            var props: JSONObject = ["modelSettings": ["modelId": .string(e.modelID)]]
            if let safety = e.contentSafety { props["contentSafety"] = ["contentSafetyStatus": .string(safety)] }
            try await put(id, ["location": .string(location), "sku": ["name": "Consumption"], "properties": .object(props)])
            // regenerateKeys rotates when given the current key, so only differing keys are sent.
            let current = await engine.handle(request("POST", id + "/listKeys", nil)).body
            for (type, key) in [("Primary", e.primaryKey), ("Secondary", e.secondaryKey)] {
                guard let key, current?[type.lowercased() + "Key"]?.stringValue != key else { continue }
                try await call("POST", id + "/regenerateKeys", ["keyType": .string(type), "keyValue": .string(key)])
            }
            if let tpm = e.tokensPerMinute ?? e.requestsPerMinute.map({ _ in 200_000 }),
                let rpm = e.requestsPerMinute ?? e.tokensPerMinute.map({ _ in 1_000 })
            {
                inference.setLimits(RateLimiter.Limits(tokensPerMinute: tpm, requestsPerMinute: rpm), forEndpoint: e.name)
            }
            summary.applied += 1
        }
        return summary
    }

    private func workspaceLocation(_ path: String) async throws -> String {
        let answer = await engine.handle(request("GET", path, nil))
        guard answer.status == 200, let location = answer.body?["location"]?.stringValue else { throw failure(answer, path) }
        return location
    }

    /// PUTs a resource and finishes its provisioning at once.
    private func put(_ path: String, _ body: JSONObject) async throws {
        try await call("PUT", path, body)
        if let id = ResourceID(path) { try await engine.refresh(id, finishNow: true) }
    }

    private func call(_ method: String, _ path: String, _ body: JSONObject) async throws {
        let answer = await engine.handle(request(method, path, JSON.object(body).serialized()))
        guard (200..<300).contains(answer.status) else { throw failure(answer, path) }
    }

    private func request(_ method: String, _ path: String, _ body: Data?) -> ARMRequest {
        ARMRequest(method: method, path: path, query: [("api-version", "2024-04-01")],
                   headers: ["authorization": authorization], body: body, baseURL: "")
    }

    private func failure(_ answer: ARMResponse, _ path: String) -> ARMError {
        let code = answer.body?["error"]?["code"]?.stringValue ?? "SeedFailed"
        let message = answer.body?["error"]?["message"]?.stringValue ?? "status \(answer.status)"
        return ARMError(status: 400, code: "SeedFailed", message: "Applying the seed stopped at '\(path)': \(code): \(message)",
                        details: [ARMError(status: answer.status, code: code, message: message)])
    }
}
