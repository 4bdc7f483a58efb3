import ARM
import Catalog
import CeruleanJSON
import Foundation

/// VM quota for managed compute: vCPUs per subscription, region and VM family (the catalog's
/// default until `updateQuotas` sets another). Every online deployment holds
/// `ceil(1.2 x instances) x vCPUs` of its family (instances x vCPUs for sizes that skip the 20 %
/// reservation; the maximum for target-utilization scaling) until it is deleted.
public struct ComputeQuota {
    let session: ResourceSession
    let sizes: VMSizeCatalog

    public init(session: ResourceSession, sizes: VMSizeCatalog) {
        self.session = session
        self.sizes = sizes
    }

    /// Each family's vCPUs in use and limit in a region (for the dashboard).
    public func families(subscription: String, region: String) throws -> [(family: VMFamily, used: Int, limit: Int)] {
        let used = try usage(subscription: subscription, region: region)
        return try sizes.families.map { family in
            (family, used[family.name.lowercased()]?[""] ?? 0, try limit(family, subscription: subscription, region: region))
        }
    }

    static let collection = "computeQuotaLimits"
    /// The most `updateQuotas` may set (Azure's own ceiling depends on the subscription).
    static let maximumLimit = 10_000
    static let usageType = "Microsoft.MachineLearningServices/vmFamily/usages"
    static let workspaceUsageType = "Microsoft.MachineLearningServices/workspaces/usages"
    static let quotaType = "Microsoft.MachineLearningServices/vmFamily/quotas"

    private static func key(_ subscription: String, _ region: String, _ family: String) -> String {
        "\(subscription)/\(region)/\(family)".lowercased()
    }

    func limit(_ family: VMFamily, subscription: String, region: String) throws -> Int {
        guard let data = try session.transaction.document(Self.collection, key: Self.key(subscription, region, family.name)),
            let value = try JSONParser.parse(data)["limit"]?.numberValue
        else { return family.defaultLimit }
        return Int(value)
    }

    func setLimit(_ limit: Int, _ family: VMFamily, subscription: String, region: String) throws {
        let body: JSON = ["limit": JSON(limit)]
        try session.transaction.saveDocument(Self.collection, key: Self.key(subscription, region, family.name), body: body.serialized())
    }

    /// The instances a deployment reserves quota for.
    static func reservedInstances(_ deployment: StoredResource) -> Int {
        let scale = deployment.properties["scaleSettings"]
        if scale?["scaleType"]?.stringValue?.lowercased() == "targetutilization", let max = scale?["maxInstances"]?.numberValue {
            return Int(max)
        }
        return Int(deployment.body["sku"]?["capacity"]?.numberValue ?? 1)
    }

    /// vCPUs one deployment holds (none once its create failed).
    func cores(of deployment: StoredResource) -> (family: String, cores: Int)? {
        guard deployment.provisioningState != "Failed",
            let name = deployment.properties["instanceType"]?.stringValue, let size = sizes.size(name)
        else { return nil }
        return (size.family, size.coresNeeded(instances: Self.reservedInstances(deployment)))
    }

    /// vCPUs of each family used in a region, per workspace (key `""` sums the subscription).
    func usage(subscription: String, region: String, excluding: ResourceID? = nil) throws -> [String: [String: Int]] {
        var result: [String: [String: Int]] = [:]
        for deployment in try session.all(type: OnlineDeploymentType.type)
        where deployment.id.subscriptionID.lowercased() == subscription.lowercased() && deployment.location == region
            && deployment.id != excluding
        {
            guard let (family, cores) = cores(of: deployment) else { continue }
            let workspace = deployment.id.parent?.parent?.string ?? ""
            result[family.lowercased(), default: [:]][workspace, default: 0] += cores
            result[family.lowercased(), default: [:]]["", default: 0] += cores
        }
        return result
    }

    /// Refuses, as Azure does, a deployment whose family has too few vCPUs left.
    func check(size: VMSize, instances: Int, subscription: String, region: String, excluding: ResourceID) throws {
        guard let family = sizes.family(size.family) else { return }
        let used = try usage(subscription: subscription, region: region, excluding: excluding)[family.name.lowercased()]?[""] ?? 0
        let limit = try limit(family, subscription: subscription, region: region)
        let needed = size.coresNeeded(instances: instances)
        guard used + needed > limit else { return }
        throw ComputeErrors.outOfQuota(size: size.name, subscription: subscription, used: used, limit: limit, needed: needed)
    }

    /// `locations/{l}/usages`: one row per family for the subscription, and one per workspace using it.
    func usages(subscription: String, region: String) throws -> [JSON] {
        let used = try usage(subscription: subscription, region: region)
        var rows: [JSON] = []
        for family in sizes.families {
            let limit = try limit(family, subscription: subscription, region: region)
            let byWorkspace = used[family.name.lowercased()] ?? [:]
            rows.append(row(id: "/subscriptions/\(subscription)/providers/\(MachineLearningProvider.namespace)/locations/\(region)/usages/\(family.quotaName)",
                            type: Self.usageType, family: family, current: byWorkspace[""] ?? 0, limit: limit, region: region))
            for (workspace, cores) in byWorkspace.sorted(by: { $0.key < $1.key }) where !workspace.isEmpty {
                rows.append(row(id: "\(workspace)/usages/\(family.quotaName)", type: Self.workspaceUsageType, family: family,
                                current: cores, limit: limit, region: region))
            }
        }
        return rows
    }

    private func row(id: String, type: String, family: VMFamily, current: Int, limit: Int, region: String) -> JSON {
        ["id": .string(id), "amlWorkspaceLocation": .string(region), "type": .string(type), "unit": "Count",
         "currentValue": JSON(current), "limit": JSON(limit),
         "name": ["value": .string(family.displayName), "localizedValue": .string(family.displayName)]]
    }

    /// `locations/{l}/quotas`: each family's limit.
    func quotas(subscription: String, region: String) throws -> [JSON] {
        try sizes.families.map { family in
            ["id": .string("/subscriptions/\(subscription)/providers/\(MachineLearningProvider.namespace)/locations/\(region)/quotas/\(family.quotaName)"),
             "amlWorkspaceLocation": .string(region), "type": .string(Self.quotaType), "unit": "Count",
             "limit": JSON(try limit(family, subscription: subscription, region: region)),
             "name": ["value": .string(family.quotaName), "localizedValue": .string(family.displayName)]]
        }
    }

    /// `updateQuotas`: `{"value": [{"id" | "name", "limit", ...}]}`; each row answered with its `status`.
    func update(_ body: JSONObject, subscription: String, region: String) throws -> [JSON] {
        guard let items = body["value"]?.arrayValue else { throw MLErrors.missing("value") }
        let used = try usage(subscription: subscription, region: region)
        return try items.map { item in
            guard let object = item.objectValue else { throw BodyReader.wrongType("value[]", expected: "object", found: item) }
            let id = try BodyReader.optionalString(object, "id", path: "value[].id") ?? ""
            let given = try BodyReader.optionalString(object, "name", path: "value[].name")
            let name = id.split(separator: "/").last.map(String.init) ?? given ?? ""
            var answer = object
            answer["location"] = .string(region)
            guard let limitValue = object["limit"], let number = limitValue.numberValue, number == number.rounded() else {
                throw BodyReader.wrongType("value[].limit", expected: "integer", found: object["limit"] ?? .null)
            }
            let limit = Int(number)
            guard let family = sizes.family(quotaName: name) ?? sizes.family(name) else {
                answer["status"] = "InvalidVMFamilyName"
                return .object(answer)
            }
            let current = used[family.name.lowercased()]?[""] ?? 0
            if limit < 0 || limit > Self.maximumLimit {
                answer["status"] = limit < 0 ? "Failure" : "InvalidQuotaExceedsSubscriptionLimit"
            } else if limit < current {
                answer["status"] = "InvalidQuotaBelowClusterMinimum"
            } else {
                try setLimit(limit, family, subscription: subscription, region: region)
                answer["status"] = "Success"
            }
            return .object(answer)
        }
    }
}
