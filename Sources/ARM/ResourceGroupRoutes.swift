import CeruleanJSON
import Foundation
import Store

/// `/subscriptions/{s}/resourcegroups[/{rg}]`: PUT (201/200, not an LRO), GET, HEAD (204/404),
/// PATCH, LIST with tag `$filter`, and DELETE as a long-running operation that removes
/// everything inside.
extension ARMEngine {
    func listResourceGroups(_ call: Call, _ subscription: String) async throws -> ARMResponse {
        guard call.method == "GET" else { throw ARMError.methodNotAllowed(call.method) }
        let filter = try ResourceFilter.tagsOnly(call.request.queryValue("$filter"))
        let scope = ResourceQuery.Scope.children(parentKey: ResourceID(subscriptionID: subscription).key,
                                                 typeKey: ResourceGroupType.type.lowercased())
        return try await pagedList(call, scope, where: filter?.conditions ?? [], render: { .object($0.body) })
    }

    func resourceGroupCall(_ call: Call, _ id: ResourceID) async throws -> ARMResponse {
        switch call.method {
        case "GET", "HEAD":
            guard let group = try await observe(id, call) else {
                if call.method == "HEAD" { return ARMResponse(status: 404) }
                throw ARMError.resourceGroupNotFound(id.name)
            }
            return call.method == "HEAD" ? ARMResponse(status: 204) : Self.ok(.object(group.body))
        case "PUT": return try await putResourceGroup(call, id)
        case "PATCH": return try await patchResourceGroup(call, id)
        case "DELETE": return try await deleteResourceGroup(call, id)
        default: throw ARMError.methodNotAllowed(call.method)
        }
    }

    private func putResourceGroup(_ call: Call, _ id: ResourceID) async throws -> ARMResponse {
        let type = ResourceGroupType.definition
        guard type.nameRule.isValid(id.name) else {
            throw ARMError.invalidResourceName(id.name, type: type.type, rule: type.nameRule.explanation)
        }
        let incoming = try BodyReader.object(call.request.body)
        var members = try envelopeMembers(incoming, type: type)
        if let managedBy = members["managedBy"], managedBy.stringValue == nil {
            throw BodyReader.wrongType("managedBy", expected: "string", found: managedBy)
        }
        members["properties"] = ["provisioningState": "Succeeded"]
        let requested = members
        return try await store.write { tx in
            let session = ResourceSession(transaction: tx, now: self.clock.now())
            let existing = try session.get(id)
            if let existing {
                if existing.provisioningState == "Deleting" {
                    throw ARMError.conflict(
                        "ResourceGroupBeingDeleted",
                        "The resource group '\(existing.id.name)' is in deprovisioning state and cannot perform this operation.")
                }
                if let old = existing.location, old != requested["location"]?.stringValue {
                    throw ARMError.conflict(
                        "InvalidResourceGroupLocation",
                        "Invalid resource group location '\(requested["location"]?.stringValue ?? "")'. The Resource group already exists in location '\(old)'.")
                }
            }
            let systemData = ResourceDocument.systemData(caller: call.caller, now: session.now,
                                                         previous: existing?.body["systemData"])
            let body = ResourceDocument.build(id: existing?.id ?? id, type: type.type, members: requested, systemData: systemData)
            if var current = existing {
                current.body = body
                try session.save(&current)
                return Self.ok(.object(body))
            }
            _ = try session.insert(id: id, body: body)
            return Self.ok(.object(body), status: 201)
        }
    }

    private func patchResourceGroup(_ call: Call, _ id: ResourceID) async throws -> ARMResponse {
        let patch = try BodyReader.object(call.request.body)
        var changes = patch
        changes["properties"] = nil  // the group's own properties are read-only
        if let managedBy = changes["managedBy"], !managedBy.isNull, managedBy.stringValue == nil {
            throw BodyReader.wrongType("managedBy", expected: "string", found: managedBy)
        }
        let allowed = changes
        return try await store.write { tx in
            let session = ResourceSession(transaction: tx, now: self.clock.now())
            guard var group = try session.get(id) else { throw ARMError.resourceGroupNotFound(id.name) }
            var body = try ARMEngine.applyPatch(allowed, to: group, type: ResourceGroupType.definition)
            body["systemData"] = ResourceDocument.systemData(caller: call.caller, now: session.now,
                                                             previous: group.body["systemData"])
            group.body = body
            try session.save(&group)
            return Self.ok(.object(body))
        }
    }

    /// Always answers 202 with `Location` (azure-mgmt-resource accepts only 200 and 202 here);
    /// under the immediate policy the group is already gone and the operation already done.
    private func deleteResourceGroup(_ call: Call, _ id: ResourceID) async throws -> ARMResponse {
        try await store.write { tx in
            let session = ResourceSession(transaction: tx, now: self.clock.now())
            guard let group = try session.get(id) else { throw ARMError.resourceGroupNotFound(id.name) }
            if group.provisioningState == "Deleting", let pending = group.row.pendingOperation,
                let op = try OperationRecord.load(pending, from: tx), !op.isTerminal
            {
                return ARMResponse(status: 202, headers: self.operationHeaders(op, baseURL: call.request.baseURL, includeLocation: true))
            }
            var target: StoredResource? = group
            guard let op = try self.provisioner.begin(.delete, on: &target, context: self.context(group.id, call, session),
                                                      persist: true)
            else { throw ARMError.internalError("The deletion of '\(id.name)' did not start.") }
            return ARMResponse(status: 202, headers: self.operationHeaders(op, baseURL: call.request.baseURL, includeLocation: true))
        }
    }
}
