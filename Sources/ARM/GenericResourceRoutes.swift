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
        let scope = ResourceQuery.Scope.subscription(subscriptionKey: subscription.lowercased(), resourceGroupKey: group?.lowercased())
        return try await pagedList(
            call, scope, excluding: [ResourceGroupType.type.lowercased(), DeploymentType.type.lowercased()],
            where: filter?.conditions ?? [],
            check: { session in
                if let group {
                    try ARMEngine.requireGroup(ResourceID(subscriptionID: subscription, resourceGroup: group), session, forWrite: false)
                }
            }, render: { Self.generic($0, expand: expand) })
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
