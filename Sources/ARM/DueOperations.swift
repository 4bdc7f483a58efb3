import Foundation
import Store

/// Time passing: every time-based operation whose delay has elapsed is finished before a request
/// is answered, in due order and at its due time, found through the index of due operations.
/// Effects between resources (an endpoint waiting for its subscription, a group's deletion taking
/// its contents) apply as each one finishes, so every reader sees the state time has reached.
extension ARMEngine {
    /// At most this many operations are finished per call; the rest wait for the next request.
    static let settleBudget = 5_000

    /// Finishes what is due. Costs nothing (no query) while the store's hint says nothing is.
    public func settleDue() async throws {
        let now = clock.now()
        guard let hint = store.earliestDueHint, Provisioner.reached(hint, at: now) else { return }
        try await store.write { tx in
            var settled = 0
            while settled < Self.settleBudget {
                let due = try tx.dueResources(atOrBefore: now.addingTimeInterval(0.001), limit: 100)
                if due.isEmpty { break }
                for row in due {
                    settled += 1
                    // An earlier one in this pass (a cascade) may have changed or removed it.
                    guard let current = try tx.resource(key: row.key), let dueAt = current.dueAt,
                        Provisioner.reached(dueAt, at: now) else { continue }
                    do {
                        try tx.inSavepoint { try self.settle(current, at: dueAt, tx) }
                    } catch {
                        // Not retried on every request: it settles, and reports why not, when next observed.
                        var parked = current
                        parked.dueAt = nil
                        try tx.save(parked)
                    }
                }
            }
            try tx.refreshDueHint()
        }
    }

    private func settle(_ row: ResourceRow, at time: Date, _ tx: StoreTransaction) throws {
        let session = ResourceSession(transaction: tx, now: time)
        let resource = try session.decode(row)
        let context = ResourceContext(id: resource.id, caller: .anonymous, session: session, apiVersion: "internal",
                                      baseURL: "", registry: registry, tenantID: settings.tenantID)
        _ = try provisioner.settle(resource, observe: false, context: context)
    }
}
