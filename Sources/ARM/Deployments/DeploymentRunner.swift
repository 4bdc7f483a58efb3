import CeruleanJSON
import Foundation
import Templates

/// Deploys a validated template: each resource, dependencies first, is a PUT through the engine
/// itself (same rules as a direct call), finished at once, then read back so later `reference()`
/// calls see it. A resource that fails fails the deployment; resources waiting for it are not
/// deployed; the others still are, as in ARM. Complete mode then deletes the group's other resources.
struct DeploymentRunner {
    let engine: ARMEngine
    let deployment: ValidatedDeployment
    let deploymentID: ResourceID
    /// The caller's headers (authorization), reused for every nested call.
    let headers: [String: String]
    let baseURL: String

    struct Outcome {
        var operations: [JSON] = []
        var outputResources: [String] = []
        var outputs: JSONObject?
        var error: ARMError?
    }

    func run() async -> Outcome {
        var outcome = Outcome()
        var failures: [ARMError] = []
        var failed: Set<String> = []
        var scope = deployment.planner.scope(resources: deployment.plan)
        for resource in deployment.plan {
            if resource.dependsOn.contains(where: { failed.contains($0.lowercased()) }) {
                failed.insert(resource.id.lowercased())
                continue
            }
            let started = engine.clock.now()
            let result = await deploy(resource, scope: &scope)
            outcome.operations.append(operation(id: resource.id, kind: "Create", result: result, started: started))
            switch result {
            case .success:
                outcome.outputResources.append(resource.id)
            case .failure(let error):
                failed.insert(resource.id.lowercased())
                failures.append(error)
            }
        }
        if failures.isEmpty, deployment.request.mode == .complete {
            for (id, result, started) in await removeOthers() {
                outcome.operations.append(operation(id: id, kind: "Delete", result: result, started: started))
                if case .failure(let error) = result { failures.append(error) }
            }
        }
        if failures.isEmpty {
            do {
                await prefetch(LiveStateNeeds.collect(in: .object(deployment.template.outputs), evaluator: Evaluator(scope: scope)), into: &scope)
                outcome.outputs = try TemplateOutputs.evaluate(deployment.template, scope: scope)
            } catch let e as TemplateError {
                failures.append(ARMError(status: 400, code: e.code, message: e.message))
            } catch {
                failures.append(ARMError(status: 400, code: "DeploymentOutputEvaluationFailed", message: "\(error)"))
            }
        }
        if !failures.isEmpty {
            outcome.error = ARMError(
                status: 400, code: "DeploymentFailed",
                message: "At least one resource deployment operation failed. Please list deployment operations for details. Please see https://aka.ms/arm-deployment-operations for usage details.",
                details: failures)
        }
        return outcome
    }

    enum Step {
        case success(status: Int)
        case failure(ARMError)
    }

    // MARK: One resource

    private func deploy(_ resource: PlannedResource, scope: inout TemplateScope) async -> Step {
        var evaluator = Evaluator(scope: scope)
        evaluator.scope.copyIndices = resource.copyIndices.map { ($0.loop, $0.index) }
        await prefetch(LiveStateNeeds.collect(in: .object(resource.definition), evaluator: evaluator), into: &evaluator.scope)
        let body: JSON
        do {
            body = try evaluator.evaluateValue(.object(resource.definition))
        } catch let e as TemplateError {
            return .failure(ARMError(status: 400, code: e.code, message: "Unable to process template language expressions for resource '\(resource.id)'. '\(e.message)'", target: resource.id))
        } catch {
            return .failure(ARMError(status: 400, code: "InvalidTemplate", message: "Unable to process template language expressions for resource '\(resource.id)'.", target: resource.id))
        }
        let put = await engine.handle(request("PUT", resource.id, apiVersion: resource.apiVersion, body: body))
        guard put.status < 300 else { return .failure(Self.providerError(put, resourceID: resource.id)) }
        guard let id = ResourceID(resource.id) else { return .success(status: put.status) }
        // ARM waits for the resource to reach a terminal state; Cerulean finishes it now.
        try? await engine.refresh(id, finishNow: true)
        let get = await engine.handle(request("GET", resource.id, apiVersion: resource.apiVersion))
        if let state = get.body?["properties"]?["provisioningState"]?.stringValue, state == "Failed" || state == "Canceled" {
            var inner: [ARMError] = []
            if let statusURL = put.header("Azure-AsyncOperation"), let poll = await pollStatus(statusURL),
                let error = poll["error"].flatMap(ARMError.init(detail:))
            {
                inner = [error]
            }
            return .failure(ARMError(status: 400, code: "ResourceDeploymentFailure",
                                     message: "The resource write operation failed to complete successfully, because it reached terminal provisioning state '\(state)'.",
                                     target: resource.id, details: inner))
        }
        if let live = get.body { scope.references[resource.id.lowercased()] = live }
        return .success(status: put.status)
    }

    /// Reads what `reference()` and `list*()` will need.
    private func prefetch(_ needs: [LiveStateNeed], into scope: inout TemplateScope) async {
        for need in needs {
            switch need.kind {
            case .reference:
                guard scope.references[need.id.lowercased()] == nil else { continue }
                let apiVersion = apiVersion(for: need.id)
                let answer = await engine.handle(request("GET", need.id, apiVersion: apiVersion))
                if answer.status == 200, let body = answer.body { scope.references[need.id.lowercased()] = body }
            case .list(let action, let apiVersion):
                let answer = await engine.handle(request("POST", need.id + "/" + action, apiVersion: apiVersion ?? self.apiVersion(for: need.id)))
                if answer.status == 200, let body = answer.body { scope.listResults["\(action.lowercased()) \(need.id.lowercased())"] = body }
            }
        }
    }

    private func apiVersion(for id: String) -> String {
        deployment.plan.first(where: { $0.id.lowercased() == id.lowercased() })?.apiVersion
            ?? ResourceID(id).flatMap { engine.registry.type($0.fullType)?.apiVersions.first } ?? "2024-04-01"
    }

    private func pollStatus(_ url: String) async -> JSON? {
        guard let components = URLComponents(string: url) else { return nil }
        let query = (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }
        let answer = await engine.handle(ARMRequest(method: "GET", path: components.percentEncodedPath, query: query,
                                                    headers: headers, baseURL: baseURL))
        return answer.body
    }

    // MARK: Complete mode

    /// Deletes the group's top-level resources the template does not mention (nor the parents of those it does).
    private func removeOthers() async -> [(String, Step, Date)] {
        guard let groupID = deploymentID.resourceGroupID else { return [] }
        let keep = Set(deployment.plan.map { $0.id.lowercased() })
        let now = engine.clock.now()
        let rows = (try? await engine.store.read { tx in
            try tx.resources(subscriptionKey: groupID.subscriptionID.lowercased(), resourceGroupKey: groupID.name.lowercased())
        }) ?? []
        let doomed = rows.compactMap { row -> ResourceID? in
            guard let id = ResourceID(row.id), id.segments.count == 1, id.fullType.lowercased() != DeploymentType.type.lowercased() else { return nil }
            let key = id.key
            return keep.contains(key) || keep.contains(where: { $0.hasPrefix(key + "/") }) ? nil : id
        }
        var results: [(String, Step, Date)] = []
        for id in doomed {
            let answer = await engine.handle(request("DELETE", id.string, apiVersion: apiVersion(for: id.string)))
            if answer.status < 300 {
                try? await engine.refresh(id, finishNow: true)
                results.append((id.string, .success(status: answer.status), now))
            } else {
                results.append((id.string, .failure(Self.providerError(answer, resourceID: id.string)), now))
            }
        }
        return results
    }

    // MARK: Helpers

    private func request(_ method: String, _ path: String, apiVersion: String, body: JSON? = nil) -> ARMRequest {
        ARMRequest(method: method, path: path, query: [("api-version", apiVersion)], headers: headers,
                   body: body.map { $0.serialized() }, baseURL: baseURL)
    }

    /// The provider's refusal, as a detail of `DeploymentFailed` naming the resource.
    static func providerError(_ answer: ARMResponse, resourceID: String) -> ARMError {
        let inner = answer.body?["error"].flatMap(ARMError.init(detail:))
        return ARMError(status: 400, code: inner?.code ?? "ResourceDeploymentFailure",
                        message: inner?.message ?? "The resource provider answered \(answer.status).",
                        target: resourceID, details: inner?.details ?? [])
    }

    /// One entry of `.../operations`; the target's type and name come from its id.
    private func operation(id: String, kind: String, result: Step, started: Date) -> JSON {
        let parsed = ResourceID(id)
        let type = parsed?.fullType ?? ""
        let name = parsed?.segments.map(\.name).joined(separator: "/") ?? ""
        let operationID = String(UInt64.random(in: 1_000_000_000_000_000...9_999_999_999_999_999))
        let now = engine.clock.now()
        var properties: JSONObject = [
            "provisioningOperation": .string(kind),
            "timestamp": .string(ARMTime.string(now)),
            "duration": .string(ARMTime.duration(now.timeIntervalSince(started))),
            "trackingId": .string(RandomID.uuid()),
            "serviceRequestId": .string(RandomID.uuid()),
        ]
        switch result {
        case .success(let status):
            properties["provisioningState"] = "Succeeded"
            properties["statusCode"] = .string(status == 201 ? "Created" : status == 204 ? "NoContent" : status == 202 ? "Accepted" : "OK")
        case .failure(let error):
            properties["provisioningState"] = "Failed"
            properties["statusCode"] = "BadRequest"
            properties["statusMessage"] = .object(["status": "Failed", "error": error.detail])
        }
        properties["targetResource"] = .object(["id": .string(id), "resourceType": .string(type), "resourceName": .string(name)])
        return .object([
            "id": .string("\(deploymentID.string)/operations/\(operationID)"),
            "operationId": .string(operationID),
            "properties": .object(properties),
        ])
    }
}
