import ARM
import Catalog
import CeruleanJSON
import Foundation

/// `workspaces/serverlessEndpoints`: a model deployed as a pay-as-you-go API, with two keys.
enum ServerlessEndpointType {
    static let type = "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints"

    static func make(_ catalog: ModelCatalog) -> ResourceType {
        var t = ResourceType(type: type)
        t.nameRule = .pattern("[a-zA-Z][a-zA-Z0-9-]{0,51}",
                              "Serverless endpoint names start with a letter, then up to 51 letters, digits or '-'.")
        t.apiVersions = MachineLearningProvider.apiVersions
        t.patchableKeys = ["tags", "sku", "identity"]
        t.acceptedKeys = ["sku", "kind", "identity"]
        t.operationStatusSegment = "mfeOperationsStatus"
        t.operationResultSegment = "mfeOperationResults"
        t.typicalProvisioningSeconds = 60
        let lookup = CatalogLookup(catalog: catalog)
        t.validate = { draft, context in try validate(&draft, context, lookup) }
        t.onProvisioning = { endpoint, event, context in try transition(&endpoint, event, context) }
        // Created while its marketplace subscription is still provisioning, it stays Creating until that ends.
        t.waitsFor = { endpoint, _ in
            [endpoint.properties["marketplaceSubscriptionId"]?.stringValue.flatMap(ResourceID.init)].compactMap { $0 }
        }
        t.onDeleted = { endpoint, context in
            try EndpointKeys.delete(endpointKey: endpoint.id.key, from: context.session.transaction)
        }
        t.present = { body, presentation in
            guard var props = body["properties"]?.objectValue, var inference = props["inferenceEndpoint"]?.objectValue,
                let path = inference["uri"]?.stringValue, path.hasPrefix("/")
            else { return }
            inference["uri"] = .string(presentation.baseURL + path)
            props["inferenceEndpoint"] = .object(inference)
            body["properties"] = .object(props)
        }
        t.actions["listkeys"] = ResourceAction { endpoint, _, context in
            ARMResponse(status: 200, body: try keys(of: endpoint, context).json)
        }
        t.actions["regeneratekeys"] = ResourceAction { endpoint, argument, context in
            try regenerate(endpoint, argument, context)
        }
        return t
    }

    /// The data-plane path of an endpoint, below the server's base URL.
    static func inferencePath(region: String, name: String) -> String {
        "/serverless/\(region)/\(name)"
    }

    static func modelID(of endpoint: StoredResource) -> String? {
        endpoint.properties["modelSettings"]?["modelId"]?.stringValue
    }

    static func validate(_ draft: inout ResourceDraft, _ context: ResourceContext, _ lookup: CatalogLookup) throws {
        let input = draft.properties
        let settings = try BodyReader.optionalObject(input, "modelSettings", path: "properties.modelSettings")
        guard let modelText = try settings.flatMap({ try BodyReader.optionalString($0, "modelId", path: "properties.modelSettings.modelId") }),
            !modelText.isEmpty
        else { throw MLErrors.missing("properties.modelSettings.modelId") }
        let model = try lookup.model(for: modelText, target: "properties.modelSettings.modelId")
        if let existing = draft.existing, let old = modelID(of: existing), old.lowercased() != modelText.lowercased() {
            throw MLErrors.immutable("model", target: "properties.modelSettings.modelId")
        }
        let region = draft.location ?? ""
        guard model.regions.contains(region) else {
            throw MLErrors.regionNotOffered(model.id, region: region, regions: model.regions)
        }
        let authMode = try BodyReader.optionalString(input, "authMode", path: "properties.authMode") ?? "Key"
        guard authMode.lowercased() == "key" else {
            throw MLErrors.invalid("authMode '\(authMode)' is not supported for serverless endpoints; use 'Key'.", target: "properties.authMode")
        }
        let safety = try contentSafety(input)
        if let sku = draft.body["sku"] {
            guard sku["name"]?.stringValue?.lowercased() == "consumption" else {
                throw MLErrors.invalid("Serverless endpoints use the sku 'Consumption'.", target: "sku.name")
            }
        }
        draft.body["sku"] = draft.body["sku"] ?? ["name": "Consumption"]
        try checkUniqueness(draft, model: model, context)
        let subscriptionID = try marketplaceSubscription(for: model, draft: draft, context)
        if draft.existing == nil {
            try EndpointKeys.generate().save(endpointKey: draft.id.key, to: context.session.transaction)
        }
        let existingState = draft.existing?.properties["endpointState"]
        draft.properties = [
            "modelSettings": ["modelId": .string(modelText)],
            "authMode": "Key",
            "contentSafety": ["contentSafetyStatus": .string(safety)],
            "inferenceEndpoint": ["uri": .string(inferencePath(region: region, name: draft.id.name)), "headers": [:]],
            "endpointState": existingState ?? "Creating",
            "marketplaceSubscriptionId": subscriptionID.map(JSON.string) ?? .null,
        ]
    }

    static func contentSafety(_ props: JSONObject) throws -> String {
        guard let safety = try BodyReader.optionalObject(props, "contentSafety", path: "properties.contentSafety") else {
            return "Enabled"
        }
        let status = try BodyReader.optionalString(safety, "contentSafetyStatus", path: "properties.contentSafety.contentSafetyStatus")
        guard let status, let value = ["Enabled", "Disabled"].first(where: { $0.lowercased() == status.lowercased() }) else {
            throw MLErrors.invalid("contentSafetyStatus must be 'Enabled' or 'Disabled'.", target: "properties.contentSafety.contentSafetyStatus")
        }
        return value
    }

    /// Names are unique per region across the emulator; one deployment per model per workspace.
    static func checkUniqueness(_ draft: ResourceDraft, model: CatalogModel, _ context: ResourceContext) throws {
        let namesakes = try context.session.all(type: type, named: draft.id.name).filter { $0.id != draft.id }
        if namesakes.contains(where: { $0.location == draft.location }) {
            throw MLErrors.nameNotAvailable(draft.id.name, region: draft.location ?? "")
        }
        guard let workspace = draft.id.parent else { return }
        if let twin = try context.session.children(of: workspace, type: type).first(where: {
            $0.id != draft.id && modelID(of: $0)?.lowercased() == model.id.lowercased()
        }) {
            throw MLErrors.modelAlreadyDeployed(model.id, workspace: workspace.name, endpoint: twin.id.name)
        }
    }

    /// The ARM id of the workspace's subscription for a marketplace model (`nil` for Microsoft models).
    static func marketplaceSubscription(for model: CatalogModel, draft: ResourceDraft, _ context: ResourceContext) throws -> String? {
        guard model.requiresMarketplaceSubscription, let workspace = draft.id.parent else { return nil }
        let subscription = try context.session.children(of: workspace, type: MarketplaceSubscriptionType.type).first {
            $0.properties["modelId"]?.stringValue?.lowercased() == model.id.lowercased()
                && !["Failed", "Deleting", "Canceled"].contains($0.provisioningState ?? "")
        }
        guard let subscription else { throw MLErrors.subscriptionRequired(model.id, workspace: workspace.name) }
        return subscription.id.string
    }

    static func transition(_ endpoint: inout StoredResource, _ event: ProvisioningEvent, _ context: ResourceContext) throws {
        switch event {
        case .started(.create): endpoint.properties["endpointState"] = "Creating"
        case .started(.delete): endpoint.properties["endpointState"] = "Deleting"
        case .started(.update): break
        case .succeeded: endpoint.properties["endpointState"] = .string(try healthyState(endpoint, context))
        case .failed(.create, _, _): endpoint.properties["endpointState"] = "CreationFailed"
        case .failed(.delete, _, _): endpoint.properties["endpointState"] = "DeletionFailed"
        case .failed(.update, _, _): break
        }
    }

    /// Online, unless its marketplace subscription went away meanwhile.
    static func healthyState(_ endpoint: StoredResource, _ context: ResourceContext) throws -> String {
        guard let text = endpoint.properties["marketplaceSubscriptionId"]?.stringValue else { return "Online" }
        guard let id = ResourceID(text), let subscription = try context.session.get(id),
            subscription.provisioningState == "Succeeded"
        else { return "Suspended" }
        return "Online"
    }

    static func keys(of endpoint: StoredResource, _ context: ResourceContext) throws -> EndpointKeys {
        if let keys = try EndpointKeys.load(endpointKey: endpoint.id.key, from: context.session.transaction) { return keys }
        // An endpoint always has keys; recreate them if the store lost them.
        let keys = EndpointKeys.generate()
        try keys.save(endpointKey: endpoint.id.key, to: context.session.transaction)
        return keys
    }

    /// `keyType` Primary|Secondary; a `keyValue` equal to the current key still rotates (azure-ai-ml
    /// sends the current key), a different one becomes the key.
    static func regenerate(_ endpoint: StoredResource, _ argument: JSON?, _ context: ResourceContext) throws -> ARMResponse {
        guard let request = argument?.objectValue else { throw MLErrors.missing("keyType") }
        guard let keyType = try BodyReader.optionalString(request, "keyType") else { throw MLErrors.missing("keyType") }
        guard ["primary", "secondary"].contains(keyType.lowercased()) else {
            throw MLErrors.invalid("keyType must be 'Primary' or 'Secondary', not '\(keyType)'.", target: "keyType")
        }
        let wanted = try BodyReader.optionalString(request, "keyValue")
        var keys = try keys(of: endpoint, context)
        let current = keyType.lowercased() == "primary" ? keys.primary : keys.secondary
        var next = EndpointKeys.newKey()
        if let wanted, !wanted.isEmpty, wanted != current {
            guard wanted.count >= 16, wanted.count <= 128, !wanted.contains(where: \.isWhitespace) else {
                throw MLErrors.invalid("keyValue must be 16 to 128 characters without spaces.", target: "keyValue")
            }
            next = wanted
        }
        if keyType.lowercased() == "primary" { keys.primary = next } else { keys.secondary = next }
        try keys.save(endpointKey: endpoint.id.key, to: context.session.transaction)
        return ARMResponse(status: 200, body: keys.json)
    }
}
