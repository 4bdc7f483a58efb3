import ARM
import Catalog
import CeruleanJSON
import Foundation

/// Managed compute's provider routes that are not resources: usages, VM sizes and quotas of a
/// region, `updateQuotas`, a deployment's SKUs, and the workspace asset routes a local model or
/// code upload starts with (refused: they need Azure Storage).
enum ComputeOperations {
    static let ns = MachineLearningProvider.namespace

    static func all(_ sizes: VMSizeCatalog) -> [ProviderOperation] {
        [
            ProviderOperation("GET", namespace: ns, "locations/{location}/usages") { call in
                .list(try ComputeQuota(session: call.session, sizes: sizes).usages(subscription: call.subscriptionID, region: region(call)))
            },
            ProviderOperation("GET", namespace: ns, "locations/{location}/vmSizes") { call in
                .body(["value": .array(sizes.sizes.filter { $0.offered(in: region(call)) }.map(vmSize))])
            },
            ProviderOperation("GET", namespace: ns, "locations/{location}/quotas") { call in
                .list(try ComputeQuota(session: call.session, sizes: sizes).quotas(subscription: call.subscriptionID, region: region(call)))
            },
            ProviderOperation("POST", namespace: ns, "locations/{location}/updateQuotas", writes: true) { call in
                let body = try call.bodyObject()
                let rows = try ComputeQuota(session: call.session, sizes: sizes).update(body, subscription: call.subscriptionID,
                                                                                       region: region(call))
                return .body(["value": .array(rows)])
            },
            ProviderOperation("GET", namespace: ns, scope: .resourceGroup,
                              "workspaces/{workspace}/onlineEndpoints/{endpoint}/deployments/{deployment}/skus") { call in
                .list(try skus(call, sizes))
            },
            ProviderOperation("GET", namespace: ns, scope: .resourceGroup, "workspaces/{workspace}/models/{model}/versions") { call in
                throw storage(call, "Registering a model from local files (Model(path=...))")
            },
            ProviderOperation("GET", namespace: ns, scope: .resourceGroup, "workspaces/{workspace}/codes/{code}/versions") { call in
                throw storage(call, "Uploading scoring code (CodeConfiguration)")
            },
        ]
    }

    static func region(_ call: ProviderOperationCall) -> String {
        call.parameter("location").lowercased().replacingOccurrences(of: " ", with: "")
    }

    static func storage(_ call: ProviderOperationCall, _ what: String) -> ARMError {
        ComputeErrors.notEmulated("\(what) needs Azure Storage (blob upload), which is not emulated.", target: call.parameter("workspace"))
    }

    /// A `VirtualMachineSize` as `vmSizes` lists it.
    static func vmSize(_ size: VMSize) -> JSON {
        ["name": .string(size.name), "family": .string(size.family), "vCPUs": JSON(size.vCPUs), "gpus": JSON(size.gpus),
         "osVhdSizeMB": 1_047_552, "maxResourceVolumeMB": JSON(size.vCPUs * 7_168), "memoryGB": .number(size.memoryGB),
         "lowPriorityCapable": .bool(size.gpus == 0), "premiumIO": true,
         "estimatedVMPrices": ["billingCurrency": "USD", "unitOfMeasure": "OneHour",
                               "values": [["retailPrice": .number(size.pricePerHour), "osType": "Linux", "vmTier": "Standard"]]],
         "supportedComputeTypes": .array((size.managedInference ? ["AmlCompute", "ComputeInstance", "MIR"] : ["AmlCompute", "ComputeInstance"]).map(JSON.string))]
    }

    /// `deployments/{d}/skus`: the instance counts the deployment could scale to within its family's quota.
    static func skus(_ call: ProviderOperationCall, _ sizes: VMSizeCatalog) throws -> [JSON] {
        let id = ResourceID(subscriptionID: call.subscriptionID, resourceGroup: call.resourceGroup, namespace: ns, segments: [
            .init(type: "workspaces", name: call.parameter("workspace")), .init(type: "onlineEndpoints", name: call.parameter("endpoint")),
            .init(type: "deployments", name: call.parameter("deployment")),
        ])
        guard let deployment = try call.session.get(id) else { throw ARMError.resourceNotFound(id) }
        let size = deployment.properties["instanceType"]?.stringValue.flatMap(sizes.size)
        var maximum = 1
        if let size, let family = sizes.family(size.family) {
            let quota = ComputeQuota(session: call.session, sizes: sizes)
            let region = deployment.location ?? ""
            let free = try quota.limit(family, subscription: call.subscriptionID, region: region)
                - (try quota.usage(subscription: call.subscriptionID, region: region, excluding: id)[family.name.lowercased()]?[""] ?? 0)
            while size.coresNeeded(instances: maximum + 1) <= free && maximum < 1_000 { maximum += 1 }
        }
        let current = Int(deployment.body["sku"]?["capacity"]?.numberValue ?? 1)
        return [["resourceType": .string(OnlineDeploymentType.type), "sku": ["name": "Default", "tier": "Standard"],
                 "capacity": ["minimum": 1, "maximum": JSON(max(maximum, current)), "default": 1, "scaleType": "Manual"]]]
    }
}
