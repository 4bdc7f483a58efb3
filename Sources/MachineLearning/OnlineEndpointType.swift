import ARM
import CeruleanJSON
import Foundation

/// `workspaces/onlineEndpoints`: a managed online endpoint, the stable scoring URI in front of
/// its deployments, with an auth mode (keys, AMLTokens or Entra tokens) and the traffic split.
enum OnlineEndpointType {
    static let type = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints"
    static let authModes = ["Key", "AMLToken", "AADToken"]

    static func make() -> ResourceType {
        var t = ResourceType(type: type)
        t.nameRule = .pattern("[a-zA-Z][a-zA-Z0-9-]{1,30}[a-zA-Z0-9]",
                              "Online endpoint names are 3 to 32 characters: a letter first, then letters, digits or '-', ending with a letter or digit.")
        t.apiVersions = MachineLearningProvider.computeAPIVersions
        t.patchableKeys = ["tags", "identity", "sku", "kind"]
        t.acceptedKeys = ["sku", "kind", "identity"]
        t.operationStatusSegment = "mfeOperationsStatus"
        t.operationResultSegment = "mfeOperationResults"
        t.typicalProvisioningSeconds = 90
        t.validate = { draft, context in try validate(&draft, context) }
        t.present = { body, presentation in
            guard var props = body["properties"]?.objectValue else { return }
            for key in ["scoringUri", "swaggerUri"] {
                if let path = props[key]?.stringValue, path.hasPrefix("/") { props[key] = .string(presentation.baseURL + path) }
            }
            body["properties"] = .object(props)
        }
        t.onDeleted = { endpoint, context in
            let tx = context.session.transaction
            try EndpointKeys.delete(endpointKey: endpoint.id.key, from: tx)
            try OnlineTokens.delete(endpointKey: endpoint.id.key, from: tx)
        }
        t.actions["listkeys"] = ResourceAction { endpoint, _, context in
            try requireMode("Key", endpoint, ComputeErrors.authModeHasNoKeys)
            return ARMResponse(status: 200, body: try ServerlessEndpointType.keys(of: endpoint, context).json)
        }
        t.actions["regeneratekeys"] = ResourceAction { endpoint, argument, context in
            try requireMode("Key", endpoint, ComputeErrors.authModeHasNoKeys)
            return try ServerlessEndpointType.regenerate(endpoint, argument, context)
        }
        t.actions["token"] = ResourceAction { endpoint, _, context in
            try requireMode("AMLToken", endpoint, ComputeErrors.authModeHasNoToken)
            let token = try OnlineTokens.issue(endpointKey: endpoint.id.key, now: context.now, in: context.session.transaction)
            let expiry = token.expires.timeIntervalSince1970.rounded(.down)
            return ARMResponse(status: 200, body: [
                "accessToken": .string(token.value), "tokenType": "Bearer", "expiryTimeUtc": JSON(Int(expiry)),
                "refreshAfterTimeUtc": JSON(Int(expiry - OnlineTokens.lifetime + OnlineTokens.refreshAfter)),
            ])
        }
        return t
    }

    /// The data-plane path of an endpoint below the server's base URL (`.../score` is its scoring URI).
    static func inferencePath(region: String, name: String) -> String { "/online/\(region)/\(name)" }

    static func authMode(of endpoint: StoredResource) -> String { endpoint.properties["authMode"]?.stringValue ?? "Key" }

    static func requireMode(_ mode: String, _ endpoint: StoredResource, _ error: (String, String) -> ARMError) throws {
        let current = authMode(of: endpoint)
        guard current == mode else { throw error(endpoint.id.name, current) }
    }

    static func validate(_ draft: inout ResourceDraft, _ context: ResourceContext) throws {
        let input = draft.properties
        guard let requested = try BodyReader.optionalString(input, "authMode", path: "properties.authMode") else {
            throw MLErrors.missing("properties.authMode")
        }
        guard let mode = authModes.first(where: { $0.lowercased() == requested.lowercased() }) else {
            throw ComputeErrors.badArgument("authMode must be one of \(authModes.joined(separator: ", ")), not '\(requested)'.",
                                            target: "properties.authMode")
        }
        if let compute = input["compute"], !compute.isNull {
            throw ComputeErrors.notEmulated("Kubernetes online endpoints (properties.compute) are not emulated.", target: "properties.compute")
        }
        let access = try BodyReader.optionalString(input, "publicNetworkAccess", path: "properties.publicNetworkAccess") ?? "Enabled"
        guard let publicAccess = ["Enabled", "Disabled"].first(where: { $0.lowercased() == access.lowercased() }) else {
            throw ComputeErrors.badArgument("publicNetworkAccess must be 'Enabled' or 'Disabled', not '\(access)'.",
                                            target: "properties.publicNetworkAccess")
        }
        let deployments = try context.session.children(of: draft.id, type: OnlineDeploymentType.type)
        let traffic = try TrafficRules.read(input["traffic"], path: "properties.traffic", deployments: deployments)
        let mirror = try TrafficRules.read(input["mirrorTraffic"], path: "properties.mirrorTraffic", deployments: deployments)
        try TrafficRules.check(traffic: traffic, mirror: mirror)
        var extra = try stringMap(input["properties"], path: "properties.properties")
        for (key, value) in draft.existing?.properties["properties"]?.objectValue ?? [:] where extra[key] == nil { extra[key] = value }
        extra["azureml.onlineendpointid"] = .string(draft.id.string.lowercased())
        let region = draft.location ?? "eastus"
        if draft.existing == nil {
            let namesakes = try context.session.all(type: type, named: draft.id.name).filter { $0.id != draft.id }
            if namesakes.contains(where: { $0.location == region }) { throw ComputeErrors.nameNotAvailable(draft.id.name, region: region) }
            try initialKeys(input["keys"]).save(endpointKey: draft.id.key, to: context.session.transaction)
        }
        let path = inferencePath(region: region, name: draft.id.name)
        draft.properties = [
            "description": input["description"] ?? draft.existing?.properties["description"] ?? .null,
            "authMode": .string(mode),
            "properties": .object(extra),
            "traffic": TrafficRules.json(traffic),
            "mirrorTraffic": TrafficRules.json(mirror),
            "publicNetworkAccess": .string(publicAccess),
            "scoringUri": .string(path + "/score"),
            "swaggerUri": .string(path + "/swagger.json"),
            "keys": .null,
        ]
        draft.body["identity"] = WorkspaceType.identity(draft.body["identity"], existing: draft.existing?.body["identity"],
                                                        tenant: context.tenantID)
    }

    /// `properties.keys` of a create sets the first keys (never stored in the body).
    static func initialKeys(_ value: JSON?) throws -> EndpointKeys {
        var keys = EndpointKeys.generate()
        guard let object = value?.objectValue else { return keys }
        for (member, assign) in [("primaryKey", { (k: inout EndpointKeys, v: String) in k.primary = v }),
                                 ("secondaryKey", { (k: inout EndpointKeys, v: String) in k.secondary = v })] {
            guard let given = try BodyReader.optionalString(object, member, path: "properties.keys.\(member)") else { continue }
            guard given.count >= 16, given.count <= 128, !given.contains(where: \.isWhitespace) else {
                throw ComputeErrors.badArgument("properties.keys.\(member) must be 16 to 128 characters without spaces.",
                                                target: "properties.keys.\(member)")
            }
            assign(&keys, given)
        }
        return keys
    }

    static func stringMap(_ value: JSON?, path: String) throws -> JSONObject {
        guard let value, !value.isNull else { return [:] }
        guard let object = value.objectValue else { throw BodyReader.wrongType(path, expected: "object", found: value) }
        for (key, item) in object where item.stringValue == nil {
            throw BodyReader.wrongType("\(path).\(key)", expected: "string", found: item)
        }
        return object
    }
}

/// An endpoint's `traffic` and `mirrorTraffic`: whole percentages per existing deployment.
/// Live traffic sums to 100 (or is all zero); mirrored traffic goes to one deployment that takes
/// no live traffic, at most 50 %.
enum TrafficRules {
    /// Weights keyed by the deployment's own name (clients lower-case them; names match case-insensitively).
    static func read(_ value: JSON?, path: String, deployments: [StoredResource]) throws -> [(String, Int)] {
        guard let value, !value.isNull else { return [] }
        guard let object = value.objectValue else { throw BodyReader.wrongType(path, expected: "object", found: value) }
        var result: [(String, Int)] = []
        for (name, weight) in object {
            guard let number = weight.numberValue, number == number.rounded(), (0...100).contains(number) else {
                throw ComputeErrors.badArgument("\(path).\(name) must be a whole percentage from 0 to 100.", target: "\(path).\(name)")
            }
            guard let deployment = deployments.first(where: { $0.id.name.lowercased() == name.lowercased() }) else {
                throw ComputeErrors.badArgument("\(path) names the deployment '\(name)', which does not exist under this endpoint. Create the deployment before you route traffic to it.",
                                                target: "\(path).\(name)")
            }
            if deployment.provisioningState == "Deleting" {
                throw ComputeErrors.badArgument("\(path) names the deployment '\(name)', which is being deleted.", target: "\(path).\(name)")
            }
            result.append((deployment.id.name, Int(number)))
        }
        return result
    }

    static func check(traffic: [(String, Int)], mirror: [(String, Int)]) throws {
        let total = traffic.reduce(0) { $0 + $1.1 }
        guard total == 0 || total == 100 else {
            throw ComputeErrors.badArgument("Traffic values need to sum to 100; the traffic given sums to \(total).", target: "properties.traffic")
        }
        let mirrored = mirror.filter { $0.1 > 0 }
        guard mirrored.count <= 1 else {
            throw ComputeErrors.badArgument("Traffic can be mirrored to one deployment only.", target: "properties.mirrorTraffic")
        }
        guard let (name, share) = mirrored.first else { return }
        guard share <= 50 else {
            throw ComputeErrors.badArgument("Mirror traffic values need to sum to utmost 50; '\(name)' is given \(share).", target: "properties.mirrorTraffic")
        }
        if traffic.contains(where: { $0.0.lowercased() == name.lowercased() && $0.1 > 0 }) {
            throw ComputeErrors.badArgument("The deployment '\(name)' takes live traffic, so traffic cannot be mirrored to it.",
                                            target: "properties.mirrorTraffic")
        }
    }

    static func json(_ weights: [(String, Int)]) -> JSON {
        .object(JSONObject(weights.map { ($0.0, JSON($0.1)) }))
    }
}
