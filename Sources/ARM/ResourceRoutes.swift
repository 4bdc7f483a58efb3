import CeruleanJSON
import Foundation
import Store

/// Provider resources: `.../providers/{ns}/{type}/{name}[/{type}/{name}...]` (PUT, GET, HEAD,
/// PATCH, DELETE), their collections (GET) and actions (POST `.../{action}`).
extension ARMEngine {
    func providerResourceCall(_ call: Call, subscription: String, group: String?, tail: [String]) async throws
        -> ARMResponse
    {
        let namespace = tail[0]
        let rest = Array(tail.dropFirst())
        guard !rest.isEmpty else { throw ARMError.pathNotFound(call.request.path) }
        let pairs = stride(from: 0, to: rest.count - rest.count % 2, by: 2).map {
            ResourceID.Segment(type: rest[$0], name: rest[$0 + 1])
        }
        if rest.count % 2 == 1 {
            let last = rest[rest.count - 1]
            switch call.method {
            case "GET":
                let fullType = ([namespace] + pairs.map(\.type) + [last]).joined(separator: "/")
                return try await list(call, subscription: subscription, group: group, namespace: namespace,
                                      parentSegments: pairs, fullType: fullType)
            case "POST":
                guard let group, !pairs.isEmpty else { throw ARMError.pathNotFound(call.request.path) }
                let id = ResourceID(subscriptionID: subscription, resourceGroup: group, namespace: namespace, segments: pairs)
                return try await action(call, id: id, name: last)
            default:
                throw ARMError.methodNotAllowed(call.method)
            }
        }
        guard let group else {
            throw await providerNotFound(([namespace] + pairs.map(\.type)).joined(separator: "/"), call, group: nil)
        }
        let id = ResourceID(subscriptionID: subscription, resourceGroup: group, namespace: namespace, segments: pairs)
        switch call.method {
        case "GET", "HEAD": return try await get(call, id: id)
        case "PUT": return try await put(call, id: id)
        case "PATCH": return try await patch(call, id: id)
        case "DELETE": return try await delete(call, id: id)
        default: throw ARMError.methodNotAllowed(call.method)
        }
    }

    func resourceType(_ fullType: String, _ call: Call, group: String?) async throws -> ResourceType {
        guard let type = registry.type(fullType) else { throw await providerNotFound(fullType, call, group: group) }
        return type
    }

    /// Resource group of `id` must exist and not be on its way out. Only a group with an
    /// operation running can be `Deleting`, so only then is its body read.
    static func requireGroup(_ id: ResourceID, _ session: ResourceSession, forWrite: Bool) throws {
        guard let groupID = id.resourceGroupID else { return }
        guard let pending = try session.transaction.pendingOperation(ofKey: groupID.key) else {
            throw ARMError.resourceGroupNotFound(groupID.name)
        }
        if forWrite, pending != nil, let group = try session.get(groupID), group.provisioningState == "Deleting" {
            throw ARMError.conflict(
                "ResourceGroupBeingDeleted",
                "The resource group '\(group.id.name)' is in deprovisioning state and cannot perform this operation.")
        }
    }

    // MARK: GET / HEAD

    func get(_ call: Call, id: ResourceID) async throws -> ARMResponse {
        _ = try await resourceType(id.fullType, call, group: id.resourceGroup)
        guard let resource = try await observe(id, call) else {
            if call.method == "HEAD" { return ARMResponse(status: 404) }
            throw ARMError.resourceNotFound(id)
        }
        if call.method == "HEAD" { return ARMResponse(status: 204) }
        return Self.ok(render(resource, baseURL: call.request.baseURL), headers: [("ETag", resource.row.etag)])
    }

    /// Reads a resource, settling its pending operation (this read counts as an observation).
    /// Checks the resource group first so a missing group gets its own error.
    func observe(_ id: ResourceID, _ call: Call) async throws -> StoredResource? {
        let now = clock.now()
        let found = try await store.read { tx in
            let session = ResourceSession(transaction: tx, now: now)
            try ARMEngine.requireGroup(id, session, forWrite: false)
            return try session.get(id)
        }
        guard let found, found.row.pendingOperation != nil else { return found }
        return try await store.write { tx in
            let session = ResourceSession(transaction: tx, now: self.clock.now())
            guard let current = try session.get(id) else { return nil }
            return try self.provisioner.settle(current, observe: true, context: self.context(id, call, session))
        }
    }

    // MARK: Lists

    func list(_ call: Call, subscription: String, group: String?, namespace: String,
              parentSegments: [ResourceID.Segment], fullType: String) async throws -> ARMResponse
    {
        let type = try await resourceType(fullType, call, group: group)
        let parent: ResourceID
        if let group {
            parent = parentSegments.isEmpty
                ? ResourceID(subscriptionID: subscription, resourceGroup: group)
                : ResourceID(subscriptionID: subscription, resourceGroup: group, namespace: namespace, segments: parentSegments)
        } else {
            guard parentSegments.isEmpty, type.listableBySubscription else {
                throw await providerNotFound(fullType, call, group: nil)
            }
            parent = ResourceID(subscriptionID: subscription)
        }
        let scope: ResourceQuery.Scope = parent.isSubscription
            ? .type(subscriptionKey: subscription.lowercased(), typeKey: type.key, resourceGroupKey: nil)
            : .children(parentKey: parent.key, typeKey: type.key)
        let conditions = type.listConditions?(call.request) ?? []
        return try await pagedList(call, scope, where: conditions.isEmpty ? [] : [conditions], check: { session in
            try ARMEngine.requireGroup(parent, session, forWrite: false)
            if !parent.segments.isEmpty, try session.get(parent) == nil {
                throw ARMError.parentResourceNotFound(parent.appending(type: fullType, name: "*"), parent: parent)
            }
        }, render: { render($0, baseURL: call.request.baseURL) })
    }

    // MARK: PUT

    func put(_ call: Call, id: ResourceID) async throws -> ARMResponse {
        let type = try await resourceType(id.fullType, call, group: id.resourceGroup)
        try type.nameRule.check(id.name, type: type.type)
        let incoming = try BodyReader.object(call.request.body)
        let members = try envelopeMembers(incoming, type: type)
        return try await store.write { tx in
            let session = ResourceSession(transaction: tx, now: self.clock.now())
            try ARMEngine.requireGroup(id, session, forWrite: true)
            try ARMEngine.requireRegistered(tx, id.subscriptionID, type.namespace)
            if id.segments.count > 1, let parentID = id.parent {
                guard let parent = try session.transaction.resource(key: parentID.key) else {
                    throw ARMError.parentResourceNotFound(id, parent: parentID)
                }
                if parent.pendingOperation != nil, try session.decode(parent).provisioningState == "Deleting" {
                    throw ARMError.conflict("Conflict", "The parent resource '\(parent.id)' is being deleted.")
                }
            }
            let existing = try session.get(id)
            try ARMEngine.checkPreconditions(call.request, existing: existing, id: id)
            if existing?.provisioningState == "Deleting" {
                throw ARMError.conflict("Conflict", "The resource '\(id.string)' is being deleted; try again when the deletion has finished.")
            }
            if let existing, let old = existing.location, let new = members["location"]?.stringValue, old != new {
                throw ARMError(
                    status: 400, code: "InvalidResourceLocation",
                    message: "The resource '\(existing.id.name)' already exists in location '\(old)' in resource group '\(id.resourceGroup ?? "")'. A resource with the same name cannot be created in location '\(new)'. Please select a new resource name.")
            }
            let ctx = self.context(existing?.id ?? id, call, session)
            var draft = ResourceDraft(id: existing?.id ?? id, body: members, existing: existing)
            try type.validate(&draft, ctx)
            let systemData = ResourceDocument.systemData(caller: call.caller, now: session.now,
                                                         previous: existing?.body["systemData"])
            let body = ResourceDocument.build(id: draft.id, type: type.type, members: draft.body, systemData: systemData)
            // Not written yet: starting its operation writes it, once (a synchronous type's save does).
            var saved: StoredResource? = existing.map { current in
                var replaced = current
                replaced.body = body
                return replaced
            } ?? session.created(id: draft.id, body: body)
            var op: OperationRecord?
            if type.synchronous, var resource = saved {
                try session.save(&resource)
                try type.onSaved(resource, ctx)
                saved = resource
            } else {
                op = try self.provisioner.begin(existing == nil ? .create : .update, on: &saved, context: ctx,
                                                outcome: call.request.provisioningOutcome)
            }
            guard let result = saved else { throw ARMError.internalError("The resource vanished while being written.") }
            var headers = [("ETag", result.row.etag)]
            if let op { headers += self.operationHeaders(op, baseURL: call.request.baseURL, includeLocation: false) }
            return ARMResponse(status: existing == nil && !type.synchronous ? 201 : 200, headers: headers,
                               body: self.render(result, baseURL: call.request.baseURL))
        }
    }

    /// The members of a PUT body the engine keeps: read-only members dropped, the envelope
    /// checked (location, tags), unknown top-level members ignored as ARM does.
    func envelopeMembers(_ incoming: JSONObject, type: ResourceType) throws -> JSONObject {
        var members = JSONObject()
        if type.shape == .tracked {
            guard let location = try BodyReader.optionalString(incoming, "location"), !location.isEmpty else {
                throw ARMError.locationRequired()
            }
            members["location"] = .string(ResourceDocument.normalizeLocation(location))
            members["tags"] = .object(try BodyReader.tags(incoming) ?? JSONObject())
        }
        for key in type.acceptedKeys.sorted() {
            if let value = incoming[key], !value.isNull { members[key] = value }
        }
        if let props = incoming["properties"], !props.isNull {
            guard props.objectValue != nil else { throw BodyReader.wrongType("properties", expected: "object", found: props) }
            members["properties"] = props
        } else {
            members["properties"] = .object([:])
        }
        return members
    }

    /// `If-Match` / `If-None-Match` on writes.
    static func checkPreconditions(_ request: ARMRequest, existing: StoredResource?, id: ResourceID) throws {
        if let ifMatch = request.header("if-match") {
            guard let existing, ifMatch == "*" || ifMatch == existing.row.etag else { throw ARMError.preconditionFailed(id) }
        }
        if let ifNoneMatch = request.header("if-none-match"), ifNoneMatch == "*", existing != nil {
            throw ARMError.preconditionFailed(id)
        }
    }

    // MARK: PATCH

    func patch(_ call: Call, id: ResourceID) async throws -> ARMResponse {
        let type = try await resourceType(id.fullType, call, group: id.resourceGroup)
        guard !type.patchableKeys.isEmpty else { throw ARMError.methodNotAllowed("PATCH") }
        let patch = try BodyReader.object(call.request.body)
        return try await store.write { tx in
            let session = ResourceSession(transaction: tx, now: self.clock.now())
            try ARMEngine.requireGroup(id, session, forWrite: true)
            guard var resource = try session.get(id) else { throw ARMError.resourceNotFound(id) }
            try ARMEngine.checkPreconditions(call.request, existing: resource, id: id)
            let ctx = self.context(resource.id, call, session)
            var draft = ResourceDraft(id: resource.id, body: try ARMEngine.applyPatch(patch, to: resource, type: type),
                                      existing: resource)
            if patch["properties"] != nil || type.validatesEveryPatch { try type.validate(&draft, ctx) }
            draft.body["systemData"] = ResourceDocument.systemData(caller: call.caller, now: session.now,
                                                                   previous: resource.body["systemData"])
            resource.body = draft.body
            try session.save(&resource)
            try type.onSaved(resource, ctx)
            return Self.ok(self.render(resource, baseURL: call.request.baseURL), headers: [("ETag", resource.row.etag)])
        }
    }

    /// Merges a PATCH body: `tags`, `sku`, `identity` replace; `properties` merge one level deep.
    static func applyPatch(_ patch: JSONObject, to resource: StoredResource, type: ResourceType) throws -> JSONObject {
        var body = resource.body
        for (key, value) in patch {
            switch key {
            case "id", "name", "type", "systemData":
                continue
            case "location":
                guard let loc = value.stringValue, ResourceDocument.normalizeLocation(loc) == resource.location else {
                    throw ARMError.invalidParameter("The location of an existing resource cannot be changed.", target: "location")
                }
                continue
            default:
                break
            }
            guard type.patchableKeys.contains(key) else {
                throw ARMError.invalidParameter(
                    "The property '\(key)' cannot be changed with PATCH on '\(type.type)'. Updatable properties: \(type.patchableKeys.sorted().joined(separator: ", ")).",
                    target: key)
            }
            switch key {
            case "tags":
                body["tags"] = .object(try BodyReader.tags(patch) ?? JSONObject())
            case "properties":
                guard let changes = value.objectValue else { throw BodyReader.wrongType("properties", expected: "object", found: value) }
                var props = resource.properties
                for (k, v) in changes { props[k] = v }
                body["properties"] = .object(props)
            default:
                // Not `value.isNull ? nil : value`: JSON is nil-literal expressible, so that `nil` is `.null`.
                if value.isNull { body[key] = nil } else { body[key] = value }
            }
        }
        return body
    }

    // MARK: DELETE

    func delete(_ call: Call, id: ResourceID) async throws -> ARMResponse {
        let type = try await resourceType(id.fullType, call, group: id.resourceGroup)
        return try await store.write { tx in
            let session = ResourceSession(transaction: tx, now: self.clock.now())
            try ARMEngine.requireGroup(id, session, forWrite: false)
            guard let existing = try session.get(id) else { return ARMResponse(status: 204) }
            try ARMEngine.checkPreconditions(call.request, existing: existing, id: id)
            if type.synchronous {
                try self.provisioner.deleteTree(existing, context: self.context(existing.id, call, session))
                return ARMResponse(status: 200)
            }
            if existing.provisioningState == "Deleting", let pending = existing.row.pendingOperation,
                let op = try OperationRecord.load(pending, from: tx), !op.isTerminal
            {
                return ARMResponse(status: 202, headers: self.operationHeaders(op, baseURL: call.request.baseURL, includeLocation: true))
            }
            var target: StoredResource? = existing
            let op = try self.provisioner.begin(.delete, on: &target, context: self.context(existing.id, call, session))
            guard let op else { return ARMResponse(status: 204) }
            return ARMResponse(status: 202, headers: self.operationHeaders(op, baseURL: call.request.baseURL, includeLocation: true))
        }
    }

    // MARK: POST actions

    func action(_ call: Call, id: ResourceID, name: String) async throws -> ARMResponse {
        let type = try await resourceType(id.fullType, call, group: id.resourceGroup)
        guard let action = type.actions[name.lowercased()] else {
            if registry.type(id.fullType + "/" + name) != nil { throw ARMError.methodNotAllowed("POST") }
            throw await providerNotFound("\(type.type)/\(name)", call, group: id.resourceGroup)
        }
        let argument: JSON? = try {
            guard let body = call.request.body, !body.isEmpty else { return nil }
            do { return try JSONParser.parse(body) } catch let e as JSONParseError {
                throw ARMError.invalidRequestContent(e.description)
            }
        }()
        return try await store.write { tx in
            let session = ResourceSession(transaction: tx, now: self.clock.now())
            try ARMEngine.requireGroup(id, session, forWrite: false)
            // An action is not an observation, but a due time-based transition settles first.
            guard let found = try session.get(id),
                var resource = try self.provisioner.settle(found, observe: false, context: self.context(id, call, session))
            else { throw ARMError.resourceNotFound(id) }
            let before = resource.body
            let response = try action.run(&resource, argument, self.context(resource.id, call, session))
            if resource.body != before { try session.save(&resource) }
            return response
        }
    }
}
