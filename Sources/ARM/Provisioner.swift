import CeruleanJSON
import Foundation
import Store

/// Starts and settles provisioning transitions. Nothing runs in the background: a time-based
/// operation records when it is due (an indexed column), and the engine settles everything due
/// before it answers any request (`ARMEngine.settleDue`), finishing each at its due time; an
/// observation-based one finishes at its Nth look. Time is the engine's clock, so tests drive
/// it with a manual clock and never sleep.
struct Provisioner {
    let registry: ResourceTypeRegistry
    let policies: PolicyBook

    /// Begins an operation on `resource` and saves it (it may be unsaved, new or changed), or
    /// finishes it at once under the immediate policy. Returns the operation whenever a client may poll it: while it runs,
    /// when it failed, or always with `persist` (resource-group deletes are always asynchronous).
    /// `outcome` replaces the policy's outcome (keeping its timing) for this operation only.
    func begin(_ kind: OperationKind, on resource: inout StoredResource?, context: ResourceContext,
               persist: Bool = false, outcome: ProvisioningPolicy.Outcome? = nil) throws -> OperationRecord?
    {
        guard var current = resource, let type = registry.type(current.id.fullType) else { return nil }
        var policy = policies.policy(for: type.type)
        if let outcome { policy.outcome = outcome }
        let tx = context.session.transaction
        if let previous = current.row.pendingOperation, var old = try OperationRecord.load(previous, from: tx),
            !old.isTerminal
        {
            old.status = "Canceled"
            old.endTime = context.now
            old.errorCode = "OperationPreempted"
            old.errorMessage = "A newer operation on '\(current.id.string)' replaced this one."
            try old.save(to: tx)
        }
        var op = OperationRecord(
            id: RandomID.uuid(), subscriptionID: current.id.subscriptionID, namespace: type.namespace,
            location: current.location ?? locationOfAncestor(current, context) ?? "global",
            resourceID: current.id.string, kind: kind, status: "InProgress", startTime: context.now, endTime: nil,
            policy: policy.description, observations: 0, errorCode: nil, errorMessage: nil,
            statusSegment: type.operationStatusSegment, resultSegment: type.operationResultSegment,
            apiVersion: context.apiVersion)
        if type.operationsUnderResource { op.statusPath = "\(current.id.string)/operationStatuses/\(op.id)" }
        if policy.timing == .immediate {
            current.clearPendingOperation()
            resource = try finish(&op, resource: current, context: context, persist: false)
            guard persist || op.status != "Succeeded" else { return nil }
            try op.save(to: tx)
            return op
        }
        current.provisioningState = kind == .create ? "Creating" : kind == .update ? "Updating" : "Deleting"
        current.row.pendingOperation = op.id
        current.row.waitingOn = nil
        if case .afterSeconds(let seconds) = policy.timing {
            current.row.dueAt = context.now.addingTimeInterval(seconds)
        } else {
            current.row.dueAt = nil
        }
        try type.onProvisioning(&current, .started(kind), context)
        try context.session.save(&current)
        try op.save(to: tx)
        resource = current
        return op
    }

    /// Settles the resource's pending operation if its policy says it is done (or at once with
    /// `force`). `observe` counts this look as an observation. Returns the resource, or `nil` if it is gone.
    func settle(_ resource: StoredResource, observe: Bool, context: ResourceContext, force: Bool = false) throws -> StoredResource? {
        guard let pending = resource.row.pendingOperation,
            var op = try OperationRecord.load(pending, from: context.session.transaction), !op.isTerminal
        else { return resource }
        if observe { op.observations += 1 }
        guard force || isDue(op, resource.row, now: context.now) else {
            if observe { try op.save(to: context.session.transaction) }
            return resource
        }
        if !force, op.kind != .delete, let blocker = try unfinishedPrerequisite(of: resource, context) {
            // Due, but what it depends on is still working: it finishes once that has ended.
            if observe { try op.save(to: context.session.transaction) }
            var waiting = resource.row
            waiting.dueAt = nil
            waiting.waitingOn = blocker.key
            try context.session.transaction.save(waiting)
            return StoredResource(row: waiting, body: resource.body)
        }
        return try finish(&op, resource: resource, context: context)
    }

    /// The first resource the type says this one waits for that still has an operation running.
    private func unfinishedPrerequisite(of resource: StoredResource, _ context: ResourceContext) throws -> ResourceID? {
        guard let type = registry.type(resource.id.fullType) else { return nil }
        for id in try type.waitsFor(resource, context.about(resource.id)) where id != resource.id {
            guard let other = try context.session.get(id), let pending = other.row.pendingOperation else { continue }
            if let op = try OperationRecord.load(pending, from: context.session.transaction), !op.isTerminal { return id }
        }
        return nil
    }

    /// Settles the operation's resource (counting an observation) and returns the updated operation.
    func poll(_ opID: String, session: ResourceSession, context: (ResourceID) -> ResourceContext) throws
        -> OperationRecord?
    {
        guard var op = try OperationRecord.load(opID, from: session.transaction) else { return nil }
        if op.isTerminal { return op }
        let id = ResourceID(op.resourceID)!
        let ctx = context(id)
        if let resource = try ctx.session.get(id), resource.row.pendingOperation == op.id {
            _ = try settle(resource, observe: true, context: ctx)
            return try OperationRecord.load(opID, from: ctx.session.transaction)
        }
        // The resource went away (or another operation took over) before this one finished.
        op.status = op.kind == .delete ? "Succeeded" : "Canceled"
        op.endTime = ctx.now
        if op.kind != .delete {
            op.errorCode = "OperationPreempted"
            op.errorMessage = "The resource '\(op.resourceID)' changed before this operation finished."
        }
        try op.save(to: ctx.session.transaction)
        return op
    }

    private func isDue(_ op: OperationRecord, _ row: ResourceRow, now: Date) -> Bool {
        if let dueAt = row.dueAt { return Self.reached(dueAt, at: now) }
        switch op.parsedPolicy.timing {
        case .immediate: return true
        case .afterSeconds(let seconds): return now.timeIntervalSince(op.startTime) >= seconds
        case .afterObservations(let n): return op.observations >= n
        }
    }

    /// Whether `now` has reached `time`. A due time read back from SQLite may be one unit in the
    /// last place later than the Date it was written from; a millisecond of slack absorbs that.
    static func reached(_ time: Date, at now: Date) -> Bool {
        time.timeIntervalSince(now) <= 0.001
    }

    /// Ends the operation with its policy's outcome. Returns the resource, or `nil` if deleted.
    private func finish(_ op: inout OperationRecord, resource: StoredResource, context: ResourceContext,
                        persist: Bool = true) throws -> StoredResource?
    {
        var outcome = op.parsedPolicy.outcome
        var details: [ARMError] = []
        if outcome == .succeed, op.kind != .delete,
            let decided = try registry.type(resource.id.fullType)?.decidedOutcome(resource, context.about(resource.id))
        {
            outcome = .fail(code: decided.code, message: decided.message)
            details = decided.details
        }
        op.endTime = context.now
        var result: StoredResource? = resource
        switch (op.kind, outcome) {
        case (.delete, .succeed):
            try deleteTree(resource, context: context)
            op.status = "Succeeded"
            result = nil
        case (_, .succeed):
            var r = resource
            r.provisioningState = "Succeeded"
            r.clearPendingOperation()
            let ctx = context.about(r.id)
            try registry.type(r.id.fullType)?.onProvisioning(&r, .succeeded(op.kind), ctx)
            try context.session.save(&r)
            try registry.type(r.id.fullType)?.onSaved(r, ctx)
            op.status = "Succeeded"
            result = r
        case (_, .fail(let code, let message)):
            var r = resource
            r.provisioningState = "Failed"
            r.clearPendingOperation()
            try registry.type(r.id.fullType)?.onProvisioning(&r, .failed(op.kind, code: code, message: message), context.about(r.id))
            try context.session.save(&r)
            op.status = "Failed"
            op.errorCode = code
            op.errorMessage = message
            if !details.isEmpty { op.errorDetails = JSON.array(details.map(\.detail)).compactString }
            result = r
        }
        if persist { try op.save(to: context.session.transaction) }
        try context.session.transaction.wakeResources(waitingOn: resource.row.key, at: context.now)
        return result
    }

    /// Removes a resource and everything below it, then lets each removed resource's type
    /// apply its effects on the resources that remain.
    func deleteTree(_ resource: StoredResource, context: ResourceContext) throws {
        let session = context.session
        let below = try session.transaction.descendants(ofKey: resource.row.key).map(session.decode)
        try session.delete(resource.id)
        for hook in registry.scopeRemovalHooks { try hook(resource.row.key, session) }
        for removed in below.reversed() + [resource] {
            try registry.type(removed.id.fullType)?.onDeleted(removed, context.about(removed.id))
            try session.transaction.wakeResources(waitingOn: removed.row.key, at: context.now)
        }
    }

    private func locationOfAncestor(_ resource: StoredResource, _ context: ResourceContext) -> String? {
        var parent = resource.id.parent
        while let p = parent {
            if let found = try? context.session.get(p), let loc = found.location { return loc }
            parent = p.parent
        }
        return nil
    }
}
