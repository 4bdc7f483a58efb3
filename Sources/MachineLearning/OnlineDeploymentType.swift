import ARM
import Catalog
import CeruleanJSON
import Foundation

/// `workspaces/onlineEndpoints/deployments`: a catalog model running on managed compute, with
/// an instance type, an instance count (`sku.capacity`) that holds VM quota, request settings
/// and probes. Every change of its instance count goes to its `ComputeTimeline`.
enum OnlineDeploymentType {
    static let type = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments"
    /// Azure's default when a deployment names no instance type.
    static let defaultInstanceType = "Standard_F4s_v2"
    /// `requestTimeout` may not exceed three minutes (Azure's documented maximum, 180000 ms).
    static let maxRequestTimeout = 180.0

    static func make(_ catalog: ModelCatalog, _ sizes: VMSizeCatalog) -> ResourceType {
        var t = ResourceType(type: type)
        t.nameRule = OnlineEndpointType.make().nameRule
        t.apiVersions = MachineLearningProvider.computeAPIVersions
        t.patchableKeys = ["tags", "sku"]
        t.acceptedKeys = ["sku", "kind", "identity"]
        t.validatesEveryPatch = true
        t.operationStatusSegment = "mfeOperationsStatus"
        t.operationResultSegment = "mfeOperationResults"
        t.typicalProvisioningSeconds = 480
        t.validate = { draft, context in try validate(&draft, context, catalog, sizes) }
        t.onProvisioning = { deployment, event, context in
            if case .failed(.create, _, _) = event { try record(deployment, instances: 0, context, sizes) }
        }
        t.onDeleted = { deployment, context in
            try record(deployment, instances: 0, context, sizes)
            try TrafficRules.forget(deployment, context)
        }
        t.actions["getlogs"] = ResourceAction { deployment, argument, context in
            ARMResponse(status: 200, body: ["content": .string(try DeploymentLogs.content(deployment, argument, context, catalog))])
        }
        return t
    }

    static func validate(_ draft: inout ResourceDraft, _ context: ResourceContext, _ catalog: ModelCatalog,
                         _ sizes: VMSizeCatalog) throws {
        guard let endpointID = draft.id.parent, let endpoint = try context.session.get(endpointID) else {
            throw ARMError.parentResourceNotFound(draft.id, parent: draft.id.parent ?? draft.id)
        }
        let region = endpoint.location ?? ""
        if let location = draft.location, location != region {
            throw ComputeErrors.badArgument("A deployment is in its endpoint's region '\(region)', not '\(location)'.", target: "location")
        }
        var props = draft.properties
        let old = draft.existing?.properties
        let computeType = try BodyReader.optionalString(props, "endpointComputeType", path: "properties.endpointComputeType")
            ?? old?["endpointComputeType"]?.stringValue
        guard let computeType else { throw MLErrors.missing("properties.endpointComputeType") }
        guard computeType.lowercased() == "managed" else {
            throw ComputeErrors.notEmulated("endpointComputeType '\(computeType)' is not emulated; use 'Managed'.",
                                            target: "properties.endpointComputeType")
        }
        for key in ["codeConfiguration", "environmentId"] where props[key] != nil && props[key] != .null {
            throw ComputeErrors.notEmulated("Custom environments and scoring code (properties.\(key)) need a container registry and Azure Storage, which are not emulated.",
                                            target: "properties.\(key)")
        }
        let (model, modelText) = try chooseModel(props, catalog)
        guard let offer = model.managedCompute else { throw ComputeErrors.badArgument("unreachable", target: nil) }
        let sizeName = try BodyReader.optionalString(props, "instanceType", path: "properties.instanceType")
            ?? old?["instanceType"]?.stringValue ?? defaultInstanceType
        if let previous = old?["instanceType"]?.stringValue, previous.lowercased() != sizeName.lowercased() {
            throw ComputeErrors.badArgument("The instanceType of a deployment cannot be changed ('\(previous)'); create a new deployment for '\(sizeName)'.",
                                            target: "properties.instanceType")
        }
        let size = try chooseSize(sizeName, region: region, model: model, offer: offer, sizes)
        let instances = try instanceCount(draft.body["sku"] ?? draft.existing?.body["sku"])
        let scale = try scaleSettings(props["scaleSettings"] ?? old?["scaleSettings"], instances: instances)
        let reserved = scale["scaleType"]?.stringValue == "TargetUtilization" ? Int(scale["maxInstances"]?.numberValue ?? 1) : instances
        try ComputeQuota(session: context.session, sizes: sizes).check(
            size: size, instances: reserved, subscription: draft.id.subscriptionID, region: region, excluding: draft.id)

        props["endpointComputeType"] = "Managed"
        props["model"] = .string(modelText)
        props["instanceType"] = .string(size.name)
        props["scaleSettings"] = .object(scale)
        props["requestSettings"] = try requestSettings(props["requestSettings"])
        props["livenessProbe"] = try probe(props["livenessProbe"], "livenessProbe", defaults: ProbeDefaults.liveness)
        props["readinessProbe"] = try probe(props["readinessProbe"], "readinessProbe", defaults: ProbeDefaults.readiness)
        if let startup = props["startupProbe"], !startup.isNull {
            props["startupProbe"] = try probe(startup, "startupProbe", defaults: ProbeDefaults.startup)
        }
        props["environmentVariables"] = .object(try OnlineEndpointType.stringMap(props["environmentVariables"], path: "properties.environmentVariables"))
        props["properties"] = .object(try OnlineEndpointType.stringMap(props["properties"], path: "properties.properties"))
        if let insights = props["appInsightsEnabled"], !insights.isNull, insights.boolValue == nil {
            throw BodyReader.wrongType("properties.appInsightsEnabled", expected: "boolean", found: insights)
        }
        props["appInsightsEnabled"] = .bool(props["appInsightsEnabled"]?.boolValue ?? false)
        let egress = try BodyReader.optionalString(props, "egressPublicNetworkAccess", path: "properties.egressPublicNetworkAccess") ?? "Enabled"
        guard let egressValue = ["Enabled", "Disabled"].first(where: { $0.lowercased() == egress.lowercased() }) else {
            throw ComputeErrors.badArgument("egressPublicNetworkAccess must be 'Enabled' or 'Disabled'.", target: "properties.egressPublicNetworkAccess")
        }
        props["egressPublicNetworkAccess"] = .string(egressValue)
        props["provisioningState"] = nil
        draft.properties = props
        draft.body["location"] = .string(region)
        var sku: JSONObject = ["name": "Default", "capacity": JSON(instances)]
        if let tier = draft.body["sku"]?["tier"], !tier.isNull { sku["tier"] = tier }
        draft.body["sku"] = .object(sku)
        try ComputeTimeline.record(draft.id, instances: instances, size: size.name, vCPUs: size.vCPUs, pricePerHour: size.pricePerHour,
                                   region: region, at: context.now, in: context.session.transaction)
    }

    /// The registry model a deployment names, with its version, from the catalog's managed-compute models.
    static func chooseModel(_ props: JSONObject, _ catalog: ModelCatalog) throws -> (CatalogModel, String) {
        guard let text = try BodyReader.optionalString(props, "model", path: "properties.model"), !text.isEmpty else {
            throw MLErrors.missing("properties.model")
        }
        let lower = text.lowercased()
        if lower.hasPrefix("azureml:") && !lower.hasPrefix("azureml://registries/") || lower.hasPrefix("/subscriptions/")
            || lower.contains("/workspaces/") && lower.contains("/models/")
        {
            throw ComputeErrors.notEmulated("The model '\(text)' is a workspace model asset: registering and uploading models (Model(path=...)) needs Azure Storage, which is not emulated.",
                                            target: "properties.model")
        }
        guard let id = ModelID(text) else {
            throw ComputeErrors.badArgument("'\(text)' is not a registry model id. Model ids look like 'azureml://registries/{registry}/models/{name}/versions/{version}'.",
                                            target: "properties.model")
        }
        guard let version = id.version else {
            throw ComputeErrors.badArgument("The model id '\(text)' names no version; deployments name one ('.../versions/{version}').",
                                            target: "properties.model")
        }
        guard let model = catalog.model(id.unversioned), let offer = model.managedCompute else {
            throw ComputeErrors.badArgument("The model '\(id.unversioned)' was not found in registry '\(id.registry)' or cannot be deployed to managed compute.",
                                            target: "properties.model")
        }
        guard offer.offers(version: version) else {
            throw ComputeErrors.badArgument("Version '\(version)' of the model '\(model.name)' was not found in registry '\(id.registry)'. Versions: \(offer.versions.joined(separator: ", ")).",
                                            target: "properties.model")
        }
        return (model, text)
    }

    static func chooseSize(_ name: String, region: String, model: CatalogModel, offer: ManagedCompute,
                           _ sizes: VMSizeCatalog) throws -> VMSize {
        guard let size = sizes.size(name), size.managedInference else {
            throw ComputeErrors.badArgument("The instance type '\(name)' is not supported for managed online deployments. See https://learn.microsoft.com/azure/machine-learning/reference-managed-online-endpoints-vm-sku-list for the supported sizes.",
                                            target: "properties.instanceType")
        }
        guard size.offered(in: region) else {
            throw ComputeErrors.badArgument("The instance type '\(size.name)' is not available in region '\(region)'.", target: "properties.instanceType")
        }
        guard offer.allows(size) else {
            let allowed = offer.allowedSizes(in: sizes)
            throw ComputeErrors.badArgument("The model '\(model.name)' cannot be deployed on '\(size.name)' (\(size.vCPUs) vCPUs, \(formatted(size.memoryGB)) GB, \(size.gpus) GPUs). Allowed instance types: \(allowed.joined(separator: ", ")).",
                                            target: "properties.instanceType")
        }
        return size
    }

    static func formatted(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// `sku.capacity`: the instance count, a whole number from 1.
    static func instanceCount(_ sku: JSON?) throws -> Int {
        guard let sku, !sku.isNull else { return 1 }
        guard let object = sku.objectValue else { throw BodyReader.wrongType("sku", expected: "object", found: sku) }
        guard let value = object["capacity"], !value.isNull else { return 1 }
        guard let number = value.numberValue, number == number.rounded(), abs(number) < 1e6 else {
            throw BodyReader.wrongType("sku.capacity", expected: "integer", found: value)
        }
        guard number >= 1 else {
            throw ComputeErrors.badArgument("The instance count (sku.capacity) must be at least 1, not \(Int(number)).", target: "sku.capacity")
        }
        return Int(number)
    }

    /// `Default` when absent; `TargetUtilization` with its bounds checked and defaults filled.
    static func scaleSettings(_ value: JSON?, instances: Int) throws -> JSONObject {
        guard let value, !value.isNull else { return ["scaleType": "Default"] }
        guard let object = value.objectValue else { throw BodyReader.wrongType("properties.scaleSettings", expected: "object", found: value) }
        let kind = try BodyReader.optionalString(object, "scaleType", path: "properties.scaleSettings.scaleType") ?? "Default"
        switch kind.lowercased() {
        case "default": return ["scaleType": "Default"]
        case "targetutilization":
            func int(_ key: String, _ fallback: Int) throws -> Int {
                guard let v = object[key], !v.isNull else { return fallback }
                guard let n = v.numberValue, n == n.rounded(), n >= 0, n < 1e6 else {
                    throw BodyReader.wrongType("properties.scaleSettings.\(key)", expected: "integer", found: v)
                }
                return Int(n)
            }
            let minimum = try int("minInstances", 1), maximum = try int("maxInstances", 1)
            guard minimum >= 1, maximum >= minimum else {
                throw ComputeErrors.badArgument("scaleSettings needs 1 <= minInstances <= maxInstances (given \(minimum) and \(maximum)).",
                                                target: "properties.scaleSettings")
            }
            let target = try int("targetUtilizationPercentage", 70)
            guard (1...100).contains(target) else {
                throw ComputeErrors.badArgument("targetUtilizationPercentage must be 1 to 100.", target: "properties.scaleSettings.targetUtilizationPercentage")
            }
            let interval = try BodyReader.optionalString(object, "pollingInterval", path: "properties.scaleSettings.pollingInterval") ?? "PT1S"
            guard ISODuration.seconds(interval) != nil else {
                throw ComputeErrors.badArgument("pollingInterval must be an ISO 8601 duration, not '\(interval)'.", target: "properties.scaleSettings.pollingInterval")
            }
            return ["scaleType": "TargetUtilization", "minInstances": JSON(minimum), "maxInstances": JSON(maximum),
                    "targetUtilizationPercentage": JSON(target), "pollingInterval": .string(interval)]
        default:
            throw ComputeErrors.badArgument("scaleType must be 'Default' or 'TargetUtilization', not '\(kind)'.", target: "properties.scaleSettings.scaleType")
        }
    }

    /// `requestSettings` with Azure's defaults: 1 request per instance at a time, a 5-second timeout.
    static func requestSettings(_ value: JSON?) throws -> JSON {
        let object: JSONObject
        switch value {
        case nil, .null?: object = [:]
        case let v?:
            guard let o = v.objectValue else { throw BodyReader.wrongType("properties.requestSettings", expected: "object", found: v) }
            object = o
        }
        var concurrency = 1
        if let v = object["maxConcurrentRequestsPerInstance"], !v.isNull {
            guard let n = v.numberValue, n == n.rounded(), n >= 1, n <= 1000 else {
                throw ComputeErrors.badArgument("maxConcurrentRequestsPerInstance must be a whole number from 1 to 1000.",
                                                target: "properties.requestSettings.maxConcurrentRequestsPerInstance")
            }
            concurrency = Int(n)
        }
        let timeout = try duration(object, "requestTimeout", path: "properties.requestSettings", default: "PT5S")
        guard let seconds = ISODuration.seconds(timeout), seconds > 0, seconds <= maxRequestTimeout else {
            throw ComputeErrors.badArgument("requestTimeout must be more than 0 and at most 3 minutes (PT3M), not '\(timeout)'.",
                                            target: "properties.requestSettings.requestTimeout")
        }
        let queue = try duration(object, "maxQueueWait", path: "properties.requestSettings", default: "PT0.5S")
        return ["requestTimeout": .string(timeout), "maxConcurrentRequestsPerInstance": JSON(concurrency), "maxQueueWait": .string(queue)]
    }

    static func duration(_ object: JSONObject, _ key: String, path: String, default fallback: String) throws -> String {
        let text = try BodyReader.optionalString(object, key, path: "\(path).\(key)") ?? fallback
        guard ISODuration.seconds(text) != nil else {
            throw ComputeErrors.badArgument("\(path).\(key) must be an ISO 8601 duration such as 'PT5S', not '\(text)'.", target: "\(path).\(key)")
        }
        return text
    }

    enum ProbeDefaults {
        static let liveness: JSONObject = ["failureThreshold": 30, "successThreshold": 1, "timeout": "PT2S", "period": "PT10S", "initialDelay": "PT10S"]
        static let readiness: JSONObject = ["failureThreshold": 30, "successThreshold": 1, "timeout": "PT2S", "period": "PT10S", "initialDelay": "PT10S"]
        static let startup: JSONObject = ["failureThreshold": 30, "successThreshold": 1, "timeout": "PT2S", "period": "PT10S", "initialDelay": "PT10S"]
    }

    /// A probe with its defaults filled and its durations and thresholds checked.
    static func probe(_ value: JSON?, _ name: String, defaults: JSONObject) throws -> JSON {
        var result = defaults
        guard let value, !value.isNull else { return .object(result) }
        guard let object = value.objectValue else { throw BodyReader.wrongType("properties.\(name)", expected: "object", found: value) }
        for key in ["failureThreshold", "successThreshold"] {
            guard let v = object[key], !v.isNull else { continue }
            guard let n = v.numberValue, n == n.rounded(), n >= 1, n < 1e6 else {
                throw ComputeErrors.badArgument("properties.\(name).\(key) must be a whole number from 1.", target: "properties.\(name).\(key)")
            }
            result[key] = JSON(Int(n))
        }
        for key in ["timeout", "period", "initialDelay"] where object[key] != nil && object[key] != .null {
            result[key] = .string(try duration(object, key, path: "properties.\(name)", default: ""))
        }
        return .object(result)
    }

    /// Adds the deployment's new instance count (0 when it ends) to its timeline.
    static func record(_ deployment: StoredResource, instances: Int, _ context: ResourceContext, _ sizes: VMSizeCatalog) throws {
        let name = deployment.properties["instanceType"]?.stringValue ?? defaultInstanceType
        let size = sizes.size(name)
        try ComputeTimeline.record(deployment.id, instances: instances, size: name, vCPUs: size?.vCPUs ?? 0,
                                   pricePerHour: size?.pricePerHour ?? 0, region: deployment.location ?? "",
                                   at: context.now, in: context.session.transaction)
    }
}

extension TrafficRules {
    /// A deleted deployment leaves its endpoint's traffic and mirror traffic.
    static func forget(_ deployment: StoredResource, _ context: ResourceContext) throws {
        guard let endpointID = deployment.id.parent, var endpoint = try context.session.get(endpointID) else { return }
        var props = endpoint.properties
        var changed = false
        for key in ["traffic", "mirrorTraffic"] {
            guard var weights = props[key]?.objectValue else { continue }
            for name in weights.keys where name.lowercased() == deployment.id.name.lowercased() {
                weights[name] = nil
                changed = true
            }
            props[key] = .object(weights)
        }
        guard changed else { return }
        endpoint.properties = props
        try context.session.save(&endpoint)
    }
}
