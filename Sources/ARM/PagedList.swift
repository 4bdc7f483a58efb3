import CeruleanJSON
import Foundation
import Store

/// Resource lists: one page read from the store (an index range plus LIMIT, conditions in SQL),
/// only that page decoded and rendered. Due operations were settled before the request was
/// routed, and a list is not an observation, so a list never writes.
extension ARMEngine {
    /// `check` runs in the same read, before the page (the parent must exist, say); `followable`
    /// false answers one page without `nextLink` (`$top` on deployment lists caps the whole list).
    func pagedList(_ call: Call, _ scope: ResourceQuery.Scope, excluding: [String] = [],
                   where alternatives: [[ResourceQuery.Condition]] = [], followable: Bool = true,
                   check: @escaping @Sendable (ResourceSession) throws -> Void = { _ in },
                   render: (StoredResource) -> JSON) async throws -> ARMResponse
    {
        let query = ResourceQuery(scope: scope, excludedTypeKeys: excluding, alternatives: alternatives,
                                  after: try pager.position(call.request), limit: pager.size(call.request))
        let now = clock.now()
        let filter = call.readFilter
        let (page, kept) = try await store.read { tx in
            let session = ResourceSession(transaction: tx, now: now)
            try check(session)
            let page = try tx.page(query)
            // A caller with roles only inside the list's scope sees the items it may read (a page may come out short).
            let kept = try page.rows.map { try StoredResource(decoding: $0) }.filter { filter?.keeps($0.id.string, session) ?? true }
            return (page, kept)
        }
        let items = kept.map(render)
        return Self.ok(pager.answer(items, next: followable ? page.next : nil, request: call.request))
    }
}
