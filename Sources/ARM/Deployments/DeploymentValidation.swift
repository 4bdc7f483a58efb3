import CeruleanJSON
import Foundation
import Templates

/// A deployment that passed ARM's validation: parameters bound, resources planned in order.
struct ValidatedDeployment: Sendable {
    let request: DeploymentRequest
    let template: Template
    let parameters: JSONObject
    let planner: DeploymentPlanner
    let plan: [PlannedResource]

    /// `properties.parameters` of the answer: declared type and value (secure values left out).
    var parametersForDisplay: JSON {
        var out = JSONObject()
        for (name, decl) in template.parameters {
            let type = ParameterBinder.displayType(decl)
            var entry: JSONObject = ["type": .string(type)]
            if !type.hasPrefix("Secure") { entry["value"] = parameters[name] ?? .null }
            out[name] = .object(entry)
        }
        return .object(out)
    }

    /// A stable hash of the template text, shown as `templateHash`.
    var templateHash: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in JSON.object(template.json).serialized() { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash % 10_000_000_000_000_000_000)
    }

    /// `providers`: namespaces and types the deployment writes, with their locations.
    func providers(defaultLocation: String?) -> JSON {
        var order: [String] = []
        var types: [String: [(String, Set<String>)]] = [:]
        for r in plan {
            let parts = r.type.split(separator: "/").map(String.init)
            let ns = parts[0], relative = parts.dropFirst().joined(separator: "/")
            if types[ns] == nil { order.append(ns); types[ns] = [] }
            let location = (r.definition["location"]?.stringValue).flatMap { TemplateString.expressionText($0) == nil ? $0 : nil } ?? defaultLocation
            if let i = types[ns]!.firstIndex(where: { $0.0 == relative }) {
                if let location { types[ns]![i].1.insert(location) }
            } else {
                types[ns]!.append((relative, location.map { [$0] } ?? []))
            }
        }
        return .array(order.map { ns in
            .object(["namespace": .string(ns), "resourceTypes": .array(types[ns]!.map { t in
                .object(["resourceType": .string(t.0), "locations": .array(t.1.sorted().map(JSON.string))])
            })])
        })
    }

    /// `dependencies`: each resource that waits for others.
    var dependencies: JSON {
        let byID = Dictionary(plan.map { ($0.id.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        func ref(_ r: PlannedResource) -> JSONObject {
            ["id": .string(r.id), "resourceType": .string(r.type), "resourceName": .string(r.name)]
        }
        return .array(plan.filter { !$0.dependsOn.isEmpty }.map { r in
            var entry = ref(r)
            entry["dependsOn"] = .array(r.dependsOn.compactMap { byID[$0.lowercased()] }.map { .object(ref($0)) })
            return .object(entry)
        })
    }
}

extension ARMEngine {
    /// ARM's checks before anything is created; a failure is `400 InvalidTemplate` and nothing changes.
    func validateDeployment(_ request: DeploymentRequest, id: ResourceID, baseURL: String) async throws -> ValidatedDeployment {
        let environment = try await deploymentEnvironment(id, location: request.location, baseURL: baseURL)
        do {
            var template = try Template(request.template)
            template.positions = request.positions
            let parameters = try ParameterBinder(template: template, environment: environment).bind(request.parameters)
            let planner = DeploymentPlanner(template: template, parameters: parameters, environment: environment)
            let plan = try planner.plan()
            return ValidatedDeployment(request: request, template: template, parameters: parameters, planner: planner, plan: plan)
        } catch let e as TemplateError {
            var error = ARMError(status: 400, code: e.code, message: "Deployment template validation failed: '\(e.message)'.")
            if let path = e.path {
                var info: JSONObject = [:]
                if let p = request.positions[path] {
                    info["lineNumber"] = JSON(p.line)
                    info["linePosition"] = JSON(p.column)
                }
                info["path"] = .string(path)
                error.additionalInfo = [.object(["type": "TemplateViolation", "info": .object(info)])]
            }
            throw error
        }
    }

    func deploymentEnvironment(_ id: ResourceID, location: String?, baseURL: String) async throws -> DeploymentEnvironment {
        let now = clock.now()
        let (subscription, group) = try await store.read { tx -> (JSONObject?, StoredResource?) in
            let session = ResourceSession(transaction: tx, now: now)
            return (try SubscriptionDirectory(transaction: tx).subscription(id.subscriptionID),
                    try id.resourceGroupID.flatMap { try session.get($0) })
        }
        if let groupID = id.resourceGroupID, group == nil { throw ARMError.resourceGroupNotFound(groupID.name) }
        var groupObject: JSONObject?
        if let group {
            groupObject = ["id": .string(group.id.string), "name": .string(group.id.name), "type": "Microsoft.Resources/resourceGroups",
                           "location": JSON(group.location), "tags": group.body["tags"] ?? .object([:]),
                           "properties": .object(["provisioningState": JSON(group.provisioningState ?? "Succeeded")])]
        }
        return DeploymentEnvironment(
            subscriptionID: id.subscriptionID,
            subscriptionName: subscription?["displayName"]?.stringValue ?? id.subscriptionID,
            tenantID: subscription?["tenantId"]?.stringValue ?? settings.tenantID,
            resourceGroup: groupObject, deploymentName: id.name,
            location: location.map(ResourceDocument.normalizeLocation) ?? group?.location, resourceManagerURL: baseURL + "/")
    }
}
