import CeruleanJSON
import Foundation
import Store

/// `GET /subscriptions/{s}/providers/{ns}/locations/{loc}/{statusSegment|resultSegment}/{id}`.
/// A status poll always answers 200 with the status document; a result poll answers 202
/// while running, then what the finished operation produced. Each poll is an observation.
extension ARMEngine {
    func isOperationSegment(namespace: String, segment: String) -> Bool {
        let ns = namespace.lowercased()
        return registry.all.contains {
            $0.namespace.lowercased() == ns
                && ($0.operationStatusSegment.lowercased() == segment || $0.operationResultSegment.lowercased() == segment)
        }
    }

    func operationCall(_ call: Call, subscription: String, namespace: String, segment: String, id: String) async throws
        -> ARMResponse
    {
        guard call.method == "GET" else { throw ARMError.methodNotAllowed(call.method) }
        let op = try await store.write { tx -> OperationRecord? in
            let session = ResourceSession(transaction: tx, now: self.clock.now())
            return try self.provisioner.poll(id, session: session) { self.context($0, call, session) }
        }
        guard let op, op.subscriptionID.lowercased() == subscription.lowercased(),
            op.namespace.lowercased() == namespace.lowercased()
        else {
            throw ARMError(status: 404, code: "OperationNotFound", message: "The operation '\(id)' could not be found.")
        }
        if segment == op.statusSegment.lowercased() {
            var headers: [(String, String)] = []
            if !op.isTerminal { headers.append(("Retry-After", String(settings.retryAfterSeconds))) }
            return Self.ok(op.statusDocument(), headers: headers)
        }
        return try await operationResult(op, call)
    }

    private func operationResult(_ op: OperationRecord, _ call: Call) async throws -> ARMResponse {
        switch op.status {
        case "InProgress":
            return ARMResponse(status: 202, headers: [
                ("Location", op.resultURL(baseURL: call.request.baseURL)),
                ("Retry-After", String(settings.retryAfterSeconds)),
            ])
        case "Succeeded":
            if op.kind == .delete { return ARMResponse(status: 204) }
            let now = clock.now()
            let resource = try await store.read { tx in
                try ResourceSession(transaction: tx, now: now).get(ResourceID(op.resourceID)!)
            }
            guard let resource else { return ARMResponse(status: 204) }
            return Self.ok(render(resource, baseURL: call.request.baseURL))
        default:
            throw ARMError(status: 400, code: op.errorCode ?? "OperationFailed",
                           message: op.errorMessage ?? "The operation '\(op.id)' did not succeed.")
        }
    }
}
