import CeruleanJSON
import Foundation
import Store

/// The deployment actions: POST validate, cancel and exportTemplate, and the GETs of its
/// operations and operation statuses.
extension ARMEngine {
    func validateOnly(_ call: Call, id: ResourceID) async throws -> ARMResponse {
        let request = try DeploymentRequest.read(call.request.body, atSubscriptionScope: id.resourceGroup == nil)
        let validated = try await validateDeployment(request, id: id, baseURL: call.request.baseURL)
        try await checkTemplateAccess(validated, call)
        var body = deploymentBody(id, validated, started: clock.now())
        var properties = body["properties"]?.objectValue ?? [:]
        properties["provisioningState"] = "Succeeded"
        properties["validatedResources"] = .array(validated.plan.map { .object(["id": .string($0.id)]) })
        body["properties"] = .object(properties)
        return Self.ok(.object(body))
    }

    func cancelDeployment(_ call: Call, id: ResourceID) async throws -> ARMResponse {
        try await store.write { tx in
            let session = ResourceSession(transaction: tx, now: self.clock.now())
            guard let found = try session.get(id) else { throw Self.deploymentNotFound(id) }
            guard var resource = try self.provisioner.settle(found, observe: false, context: self.context(id, call, session)),
                let pending = resource.row.pendingOperation, var op = try OperationRecord.load(pending, from: tx)
            else {
                throw ARMError.conflict("DeploymentNotActive",
                                        "The deployment '\(id.name)' cannot be canceled: it is in terminal state '\(found.provisioningState ?? "Succeeded")'. Only a deployment that is 'Accepted' or 'Running' can be canceled.")
            }
            op.status = "Canceled"
            op.endTime = session.now
            op.errorCode = "DeploymentCanceled"
            op.errorMessage = "The deployment '\(id.name)' was canceled."
            try op.save(to: tx)
            resource.clearPendingOperation()
            resource.provisioningState = "Canceled"
            try session.save(&resource)
        }
        return ARMResponse(status: 204)
    }

    func exportTemplate(_ call: Call, id: ResourceID) async throws -> ARMResponse {
        let record = try await store.read { tx -> DeploymentRecord? in
            guard try tx.resource(key: id.key) != nil else { return nil }
            return try DeploymentRecord.load(id, from: tx)
        }
        guard let record else { throw Self.deploymentNotFound(id) }
        return Self.ok(.object(["template": record.template]))
    }

    func deploymentOperations(_ call: Call, id: ResourceID, operationID: String?) async throws -> ARMResponse {
        guard try await observe(id, call) != nil else { throw Self.deploymentNotFound(id) }
        let record = try await store.read { tx in try DeploymentRecord.load(id, from: tx) }
        let operations = record?.operations ?? []
        guard let operationID else { return Self.ok(try pager.page(operations, request: call.request)) }
        guard let op = operations.first(where: { $0["operationId"]?.stringValue == operationID }) else {
            throw ARMError(status: 404, code: "DeploymentOperationNotFound",
                           message: "The operation '\(operationID)' of deployment '\(id.name)' could not be found.")
        }
        return Self.ok(op)
    }

    func deploymentStatus(_ call: Call, id: ResourceID, operationID: String) async throws -> ARMResponse {
        let op = try await store.write { tx -> OperationRecord? in
            let session = ResourceSession(transaction: tx, now: self.clock.now())
            return try self.provisioner.poll(operationID, session: session) { self.context($0, call, session) }
        }
        guard let op, op.resourceID.lowercased() == id.key else {
            throw ARMError(status: 404, code: "OperationNotFound", message: "The operation '\(operationID)' could not be found.")
        }
        var headers: [(String, String)] = []
        if !op.isTerminal { headers.append(("Retry-After", String(settings.retryAfterSeconds))) }
        return Self.ok(op.statusDocument(), headers: headers)
    }
}
