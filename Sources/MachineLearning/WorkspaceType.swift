import ARM
import CeruleanJSON
import Foundation

/// `Microsoft.MachineLearningServices/workspaces`: kinds Default, Hub, Project (projects name their hub).
enum WorkspaceType {
    static let type = "Microsoft.MachineLearningServices/workspaces"
    static let kinds = ["Default", "Hub", "Project", "FeatureStore"]
    /// Workspace settings that are booleans (azure-ai-ml's template sends several as strings).
    static let booleanSettings = ["hbiWorkspace", "allowPublicAccessWhenBehindVnet", "v1LegacyMode", "enableDataIsolation",
                                  "softDeleteEnabled", "allowRecoverSoftDeletedWorkspace", "allowRoleAssignmentOnRG",
                                  "provisionNetworkNow", "enableServiceSideCMKEncryption", "enableSoftwareBillOfMaterials",
                                  "storageHnsEnabled"]
    /// The resources a project uses through its hub.
    static let hubDependencies = ["storageAccount", "keyVault", "applicationInsights", "containerRegistry"]

    static func make() -> ResourceType {
        var t = ResourceType(type: type)
        t.nameRule = .pattern("[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}",
                              "Workspace names start with a letter or digit, then 2 to 32 letters, digits, '_' or '-'.")
        t.apiVersions = MachineLearningProvider.apiVersions
        t.listableBySubscription = true
        t.patchableKeys = ["tags", "sku", "identity", "properties"]
        t.acceptedKeys = ["sku", "kind", "identity"]
        t.operationStatusSegment = "mfeOperationsStatus"
        t.operationResultSegment = "mfeOperationResults"
        t.typicalProvisioningSeconds = 45
        t.validate = { draft, context in try validate(&draft, context) }
        // A project created while its hub is still provisioning finishes after the hub.
        t.waitsFor = { workspace, _ in
            [workspace.properties["hubResourceId"]?.stringValue.flatMap(ResourceID.init)].compactMap { $0 }
        }
        return t
    }

    static func validate(_ draft: inout ResourceDraft, _ context: ResourceContext) throws {
        let requested = try BodyReader.optionalString(draft.body, "kind") ?? draft.existing?.body["kind"]?.stringValue ?? "Default"
        guard let kind = kinds.first(where: { $0.lowercased() == requested.lowercased() }) else {
            throw MLErrors.invalid("Workspace kind '\(requested)' is not supported; use one of \(kinds.joined(separator: ", ")).", target: "kind")
        }
        if let old = draft.existing?.body["kind"]?.stringValue, old != kind {
            throw MLErrors.immutable("kind", target: "kind")
        }
        draft.body["kind"] = .string(kind)
        var props = draft.properties
        try BodyReader.coerceBooleans(&props, booleanSettings, path: "properties")
        let hub = try BodyReader.optionalString(props, "hubResourceId", path: "properties.hubResourceId")
        if kind == "Project" {
            guard let hub else { throw MLErrors.missing("properties.hubResourceId") }
            let hubResource = try requireHub(hub, context)
            for key in hubDependencies where props[key] == nil || props[key] == .null {
                props[key] = hubResource.properties[key]
            }
        } else if hub != nil {
            throw MLErrors.invalid("Only workspaces of kind Project name a hub (properties.hubResourceId).", target: "properties.hubResourceId")
        }
        let id = draft.id
        let location = draft.location ?? "eastus"
        let existing = draft.existing?.properties
        props["workspaceId"] = existing?["workspaceId"] ?? .string(RandomID.uuid())
        if props["friendlyName"] == nil || props["friendlyName"] == .null { props["friendlyName"] = .string(id.name) }
        if props["description"] == nil || props["description"] == .null { props["description"] = "" }
        props["discoveryUrl"] = .string("https://\(location).api.azureml.ms/discovery")
        props["mlFlowTrackingUri"] = .string("azureml://\(location).api.azureml.ms/mlflow/v1.0\(id.string)")
        props["tenantId"] = .string(context.tenantID)
        for (key, value) in [("hbiWorkspace", JSON.bool(false)), ("publicNetworkAccess", "Enabled"),
                             ("v1LegacyMode", .bool(false)), ("storageHnsEnabled", .bool(false))] where props[key] == nil {
            props[key] = value
        }
        props["privateLinkCount"] = 0
        draft.properties = props
        if draft.body["sku"] == nil { draft.body["sku"] = ["name": "Basic", "tier": "Basic"] }
        draft.body["identity"] = identity(draft.body["identity"], existing: draft.existing?.body["identity"], tenant: context.tenantID)
    }

    /// A system-assigned identity unless the caller chose otherwise; ids stay stable across updates.
    static func identity(_ requested: JSON?, existing: JSON?, tenant: String) -> JSON {
        var identity = requested?.objectValue ?? [:]
        // `{}` (azure-ai-ml's parameter file default) is the system-assigned default too.
        let type = identity["type"]?.stringValue ?? "SystemAssigned"
        identity["type"] = .string(type)
        if type.lowercased().contains("systemassigned") {
            identity["principalId"] = existing?["principalId"] ?? .string(RandomID.uuid())
            identity["tenantId"] = .string(tenant)
        }
        return .object(identity)
    }

    @discardableResult
    static func requireHub(_ text: String, _ context: ResourceContext) throws -> StoredResource {
        guard let hubID = ResourceID(text), hubID.fullType.lowercased() == type.lowercased() else {
            throw MLErrors.invalid("'\(text)' is not the ARM id of a workspace.", target: "properties.hubResourceId")
        }
        guard let hub = try context.session.get(hubID) else {
            throw ARMError(status: 400, code: "HubNotFound",
                           message: "The hub workspace '\(text)' of this project does not exist.", target: "properties.hubResourceId")
        }
        guard hub.body["kind"]?.stringValue == "Hub" else {
            throw MLErrors.invalid("The workspace '\(text)' is of kind '\(hub.body["kind"]?.stringValue ?? "Default")', not Hub.",
                                   target: "properties.hubResourceId")
        }
        // A project joins its hub: strict mode wants the join action on the hub (LinkedAuthorizationFailed).
        try context.requireLinkedAccess?(ARMAction(action: "Microsoft.MachineLearningServices/workspaces/hubs/join/action", scope: hub.id.string))
        return hub
    }
}
