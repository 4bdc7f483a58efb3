import CeruleanJSON
import Foundation
import Store
import Templates

/// `.../providers/Microsoft.Resources/deployments[/{name}[/{action}...]]` at resource-group and
/// subscription scope: routing, PUT (201 Accepted + Azure-AsyncOperation under the deployment),
/// GET, HEAD, DELETE and LIST. The actions are in `DeploymentActions.swift`.
extension ARMEngine {
    static func isDeploymentPath(_ tail: [String]) -> Bool {
        tail.count >= 2 && tail[0].lowercased() == "microsoft.resources" && tail[1].lowercased() == "deployments"
    }

    /// `scope` is the subscription or resource group; `rest` is what follows `deployments`.
    func deploymentCall(_ call: Call, scope: ResourceID, rest: [String]) async throws -> ARMResponse {
        if let groupID = scope.resourceGroupID {
            let now = clock.now()
            let exists = try await store.read { tx in try ResourceSession(transaction: tx, now: now).get(groupID) != nil }
            guard exists else { throw ARMError.resourceGroupNotFound(groupID.name) }
        }
        guard let name = rest.first else {
            guard call.method == "GET" else { throw ARMError.methodNotAllowed(call.method) }
            return try await listDeployments(call, scope: scope)
        }
        let id = scope.appending(type: "deployments", name: name, namespace: "Microsoft.Resources")
        let action = rest.dropFirst().map { $0.lowercased() }
        switch (call.method, action) {
        case ("PUT", []): return try await putDeployment(call, id: id)
        case ("GET", []), ("HEAD", []): return try await getDeployment(call, id: id)
        case ("DELETE", []): return try await deleteDeployment(call, id: id)
        case ("POST", ["validate"]): return try await validateOnly(call, id: id)
        case ("POST", ["cancel"]): return try await cancelDeployment(call, id: id)
        case ("POST", ["exporttemplate"]): return try await exportTemplate(call, id: id)
        case ("GET", ["operations"]): return try await deploymentOperations(call, id: id, operationID: nil)
        case ("GET", let a) where a.count == 2 && a[0] == "operations":
            return try await deploymentOperations(call, id: id, operationID: rest[2])
        case ("GET", let a) where a.count == 2 && a[0] == "operationstatuses":
            return try await deploymentStatus(call, id: id, operationID: rest[2])
        case (_, []), (_, ["validate"]), (_, ["cancel"]), (_, ["exporttemplate"]), (_, ["operations"]):
            throw ARMError.methodNotAllowed(call.method)
        default:
            throw ARMError.pathNotFound(call.request.path)
        }
    }

    static func deploymentNotFound(_ id: ResourceID) -> ARMError {
        ARMError(status: 404, code: "DeploymentNotFound", message: "Deployment '\(id.name)' could not be found.")
    }

    // MARK: PUT

    private func putDeployment(_ call: Call, id: ResourceID) async throws -> ARMResponse {
        let type = DeploymentType.definition
        guard type.nameRule.isValid(id.name) else {
            throw ARMError.invalidResourceName(id.name, type: type.type, rule: type.nameRule.explanation)
        }
        let request = try DeploymentRequest.read(call.request.body, atSubscriptionScope: id.resourceGroup == nil)
        try await refuseIfActive(id, verb: "edit or replace")
        let validated = try await validateDeployment(request, id: id, baseURL: call.request.baseURL)
        try await checkTemplateAccess(validated, call)
        let started = clock.now()
        let outcome = await DeploymentRunner(engine: self, deployment: validated, deploymentID: id,
                                             headers: nestedHeaders(call), baseURL: call.request.baseURL).run()
        return try await store.write { tx in
            let session = ResourceSession(transaction: tx, now: self.clock.now())
            let existing = try session.get(id)
            let body = self.deploymentBody(id, validated, started: started)
            var finalProperties: JSONObject = ["outputResources": .array(outcome.outputResources.map { .object(["id": .string($0)]) })]
            if let outputs = outcome.outputs, !validated.template.outputs.isEmpty { finalProperties["outputs"] = .object(outputs) }
            try DeploymentRecord(template: request.template, operations: outcome.operations, finalProperties: finalProperties,
                                 error: outcome.error).save(id, to: tx)
            var saved: StoredResource?
            if var current = existing {
                current.body = body
                current.clearPendingOperation()
                try session.save(&current)
                saved = current
            } else {
                saved = try session.insert(id: id, body: body)
            }
            let ctx = self.context(id, call, session)
            let op = try self.provisioner.begin(existing == nil ? .create : .update, on: &saved, context: ctx)
            guard let result = saved else { throw ARMError.internalError("The deployment vanished while being written.") }
            var headers: [(String, String)] = []
            if let op { headers += self.operationHeaders(op, baseURL: call.request.baseURL, includeLocation: false) }
            return ARMResponse(status: existing == nil ? 201 : 200, headers: headers, body: self.render(result, baseURL: call.request.baseURL))
        }
    }

    private func nestedHeaders(_ call: Call) -> [String: String] {
        var headers: [String: String] = [:]
        if let auth = call.request.header("authorization") { headers["authorization"] = auth }
        return headers
    }

    /// A deployment whose operation has not ended cannot be replaced or deleted.
    private func refuseIfActive(_ id: ResourceID, verb: String) async throws {
        let now = clock.now()
        let active = try await store.write { tx -> Date? in
            let session = ResourceSession(transaction: tx, now: now)
            guard let existing = try session.get(id), existing.row.pendingOperation != nil,
                let settled = try self.provisioner.settle(existing, observe: false, context: self.internalContext(id, session)),
                settled.row.pendingOperation != nil
            else { return nil }
            return settled.row.createdAt
        }
        if let since = active {
            throw ARMError.conflict(
                "DeploymentActive",
                "Unable to \(verb) deployment '\(id.name)': previous deployment from '\(ARMTime.string(since))' is still active (expiration time is '\(ARMTime.string(since.addingTimeInterval(7 * 86400)))'). Please see https://aka.ms/arm-deploy-resources for usage details.")
        }
    }

    func internalContext(_ id: ResourceID, _ session: ResourceSession) -> ResourceContext {
        ResourceContext(id: id, caller: .anonymous, session: session, apiVersion: "internal", baseURL: "",
                        registry: registry, tenantID: settings.tenantID)
    }

    /// The deployment as the PUT answers it (`Accepted`); the rest comes when it ends.
    func deploymentBody(_ id: ResourceID, _ validated: ValidatedDeployment, started: Date) -> JSONObject {
        var properties: JSONObject = [
            "templateHash": .string(validated.templateHash),
            "parameters": validated.parametersForDisplay,
            "mode": .string(validated.request.mode.rawValue),
            "provisioningState": "Accepted",
            "timestamp": .string(ARMTime.string(started)),
            "duration": "PT0S",
            "correlationId": .string(RandomID.uuid()),
            "providers": validated.providers(defaultLocation: validated.planner.environment.location),
            "dependencies": validated.dependencies,
        ]
        for (key, value) in validated.request.echoed { properties[key] = value }
        var body: JSONObject = ["id": .string(id.string), "name": .string(id.name), "type": .string(DeploymentType.type)]
        if let location = validated.request.location { body["location"] = .string(ResourceDocument.normalizeLocation(location)) }
        body["tags"] = .object(validated.request.tags)
        body["properties"] = .object(properties)
        return body
    }

    // MARK: GET, DELETE, LIST

    private func getDeployment(_ call: Call, id: ResourceID) async throws -> ARMResponse {
        guard let resource = try await observe(id, call) else {
            if call.method == "HEAD" { return ARMResponse(status: 404) }
            throw Self.deploymentNotFound(id)
        }
        if call.method == "HEAD" { return ARMResponse(status: 204) }
        return Self.ok(render(resource, baseURL: call.request.baseURL))
    }

    private func deleteDeployment(_ call: Call, id: ResourceID) async throws -> ARMResponse {
        try await refuseIfActive(id, verb: "delete")
        try await store.write { tx in
            let session = ResourceSession(transaction: tx, now: self.clock.now())
            guard let existing = try session.get(id) else { return }
            try self.provisioner.deleteTree(existing, context: self.context(id, call, session))
        }
        return ARMResponse(status: 204)
    }

    private func listDeployments(_ call: Call, scope: ResourceID) async throws -> ARMResponse {
        let filter = call.request.queryValue("$filter")
        let wantedState = try filter.map { text -> String in
            let pattern = #"^\s*provisioningState\s+eq\s+'([A-Za-z]+)'\s*$"#
            guard let match = text.range(of: pattern, options: .regularExpression) else {
                throw ARMError.invalidParameter("The $filter '\(text)' is not supported; use provisioningState eq '{state}'.", target: "$filter")
            }
            return String(text[match]).split(separator: "'")[1].lowercased()
        }
        let conditions: [[ResourceQuery.Condition]] =
            wantedState.map { [[.bodyText(path: "$.properties.provisioningState", equals: $0)]] } ?? []
        // `$top` caps the whole list here (ARM answers at most that many, without a nextLink).
        let capped = call.request.queryValue("$top").flatMap(Int.init).map { $0 >= 0 } ?? false
        return try await pagedList(call, .children(parentKey: scope.key, typeKey: DeploymentType.type.lowercased()),
                                   where: conditions, followable: !capped,
                                   render: { render($0, baseURL: call.request.baseURL) })
    }
}
