import CeruleanJSON
import Foundation
import Store

/// `GET /subscriptions/{s}/resources` and `.../resourceGroups/{rg}/resources` (what
/// `az resource list` calls): every resource but the groups themselves, child resources named
/// `parent/child`, in ARM's generic shape without `properties`, with `$filter`, `$expand`
/// (createdTime, changedTime, provisioningState), `$top` and paging.
extension ARMEngine {
    func listResources(_ call: Call, subscription: String, group: String?) async throws -> ARMResponse {
        guard call.method == "GET" else { throw ARMError.methodNotAllowed(call.method) }
        let filter = try ResourceFilter(call.request.queryValue("$filter"))
        let expand = Set((call.request.queryValue("$expand") ?? "").lowercased().split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) })
        let now = clock.now()
        var rows = try await store.read { tx -> [ResourceRow] in
            let session = ResourceSession(transaction: tx, now: now)
            if let group {
                try ARMEngine.requireGroup(ResourceID(subscriptionID: subscription, resourceGroup: group), session, forWrite: false)
            }
            return try tx.resources(subscriptionKey: subscription.lowercased(), resourceGroupKey: group?.lowercased())
                .filter { $0.typeKey != ResourceGroupType.type.lowercased() && $0.typeKey != DeploymentType.type.lowercased() }
        }
        if rows.contains(where: { $0.pendingOperation != nil }) { rows = try await settleAll(rows, call) }
        let items = try rows.map { try StoredResource(decoding: $0) }
            .filter { filter?.matches($0) ?? true }
            .map { Self.generic($0, expand: expand) }
        return Self.ok(try pager.page(items, request: call.request))
    }

    /// ARM's `GenericResourceExpanded`: the envelope without `properties`.
    static func generic(_ resource: StoredResource, expand: Set<String>) -> JSON {
        var out: JSONObject = [:]
        for key in ["id", "name", "type", "kind", "location", "managedBy", "sku", "identity", "plan", "tags"] {
            if let value = resource.body[key] { out[key] = value }
        }
        out["name"] = .string(resource.id.segments.map(\.name).joined(separator: "/"))
        if expand.contains("createdtime") { out["createdTime"] = .string(ARMTime.string(resource.row.createdAt)) }
        if expand.contains("changedtime") { out["changedTime"] = .string(ARMTime.string(resource.row.updatedAt)) }
        if expand.contains("provisioningstate") { out["provisioningState"] = JSON(resource.provisioningState ?? "Succeeded") }
        return .object(out)
    }
}
